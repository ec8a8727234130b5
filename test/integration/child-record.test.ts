/**
 * The child's record (issue 14 items 1 and 9), through the pages, on both databases: the record page for the
 * clinician caring for the child (who the child is, family, episodes, the timeline) and its audit event naming the
 * child; an admin officer's demographics-only view; alerts (a safeguarding concern needs who to contact, a sealed
 * address is hidden from those without the need to know, ending one needs a reason); no relationship → 404 naming no
 * one, with break-glass offered to clinicians; break-glass without and with a reason, its banner, its expiry and the
 * Caldicott guardian's review; the safeguarding lead's read-only view of a flagged child; read-only after discharge
 * for 90 days, then nothing; roles without `record:read` → 403.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findEpisode, updateEpisodeAtVersion } from '../../src/data/care/episodes.repository.js';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import type { Page, TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { staffContext } from '../support/booking-world.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signedIn } from '../support/journeys.js';
import { aChildOnCaseload } from '../support/record-world.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

// Thursday 3 December 2026, 10:00 in London.
const NOW = new Date('2026-12-03T10:00:00Z');
const main = (page: Page) => text(page.document.querySelector('main'));

describeEachDialect('a child’s record and who may see it', (dialect) => {
  let t: TestApp;
  const time = movableClock(NOW);
  let carer: CreatedStaff;
  let carerClient: TestClient;
  let child: { episodeId: string; childId: string; referralId: string };
  let familyName: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
    carer = await aStaffMember().called('Cerys Clinician').withRoles('clinician').create(t.deps);
    child = await aChildOnCaseload(t.deps, carer.id);
    carerClient = await signedIn(t.app, carer);
    const row = await t.deps.database.db
      .selectFrom('children')
      .select('family_name')
      .where('id', '=', child.childId)
      .executeTakeFirstOrThrow();
    familyName = row.family_name;
  });

  afterAll(async () => {
    await t.close();
  });

  const record = (childId = child.childId) => paths.record.child.build({ childId });

  it('shows the caring clinician the whole record, and audits the read with the child as its subject', async () => {
    const before = await lastAuditId(t.deps);
    const page = await carerClient.get(record());
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('h1'))).toContain(familyName);
    const body = main(page);
    expect(body).toContain('People with parental responsibility');
    expect(body).toContain('Episodes of care');
    expect(body).toContain('Cerys Clinician');
    expect(body).toContain('Timeline');
    const viewed = await auditRows(t.deps, { action: 'record.viewed', afterId: before });
    expect(viewed.map((r) => [r.subject_type, r.subject_id, r.actor_user_id])).toEqual([
      ['child', child.childId, carer.id],
    ]);
    // The episode's own address leads to the same record.
    const viaEpisode = await carerClient.get(paths.record.ofEpisode.build({ episodeId: child.episodeId }));
    expect(viaEpisode.status).toBe(303);
    expect(viaEpisode.location).toBe(record());
  });

  it('answers 404 naming no one to a clinician with no relationship, offering break-glass; 403 without record:read', async () => {
    const stranger = await signedIn(t.app, await aStaffMember().withRoles('clinician').create(t.deps));
    const before = await lastAuditId(t.deps);
    const page = await stranger.get(record());
    expect(page.status).toBe(404);
    expect(page.body).not.toContain(familyName);
    expect(page.screen.getByRole('link', { name: 'Open this record in an emergency' }).getAttribute('href')).toBe(
      paths.record.breakGlass.build({ childId: child.childId }),
    );
    expect(await auditRows(t.deps, { action: 'record.viewed', afterId: before })).toEqual([]);
    expect((await auditRows(t.deps, { action: 'access.denied', afterId: before })).length).toBe(1);
    // A child that does not exist answers the same way for a page of the record.
    expect((await stranger.get(record(crypto.randomUUID()))).status).toBe(404);
    expect((await stranger.get(record("'; drop table children; --"))).status).toBe(404);

    for (const role of ['admin', 'service-manager', 'auditor', 'caldicott-guardian'] as const) {
      const other = await signedIn(t.app, await aStaffMember().withRoles(role).create(t.deps));
      const refused = await other.get(record());
      expect(refused.status, role).toBe(403);
      expect(refused.body, role).not.toContain(familyName);
    }
  });

  it('shows an admin officer the demographics and appointments, not the timeline, and no change links', async () => {
    const officer = await signedIn(t.app, await aStaffMember().withRoles('admin-officer').create(t.deps));
    const page = await officer.get(record());
    expect(page.status).toBe(200);
    const body = main(page);
    expect(body).toContain('Episodes of care');
    expect(body).not.toContain('Timeline');
    expect(body).toContain('Clinical notes, assessments, goals, outcomes and equipment are for the clinicians');
    expect(page.screen.queryByRole('link', { name: /Add an alert/u })).toBeNull();
    expect((await officer.get(paths.record.alerts.build({ childId: child.childId }))).status).toBe(403);
  });

  it('adds alerts: a safeguarding concern needs who to contact; a sealed address is hidden without the need to know', async () => {
    const form = paths.record.alerts.build({ childId: child.childId });
    await carerClient.get(form);
    const missing = await carerClient.post(form, {
      kind: 'safeguarding',
      detail: 'Father must not collect',
      contact: '',
    });
    expect(missing.status).toBe(400);
    expect(errorSummary(missing)).toEqual(['Enter who to contact about the safeguarding concern']);
    const none = await carerClient.post(form, {});
    expect(none.status).toBe(400);
    expect(errorSummary(none)).toEqual(['Select the kind of alert', 'Enter the details of the alert']);
    expect(await t.deps.database.db.selectFrom('child_alerts').selectAll().execute()).toEqual([]);

    expect(
      (
        await carerClient.post(form, {
          kind: 'safeguarding',
          detail: 'Father must not collect the child',
          contact: 'Social worker Dana Reid, 0116 496 0000',
        })
      ).status,
    ).toBe(303);
    expect((await carerClient.post(form, { kind: 'sealed-address', detail: 'Family in a refuge' })).status).toBe(303);

    const page = await carerClient.get(record());
    const alerts = page.document.querySelectorAll('[data-testid="alert"]');
    expect([...alerts].map((a) => text(a.querySelector('h2')))).toEqual([
      'Alert: Safeguarding concern',
      'Alert: Address sealed',
    ]);
    expect(text(alerts[0] ?? null)).toContain('Who to contact: Social worker Dana Reid, 0116 496 0000');
    expect(main(page)).toContain('(sealed: do not disclose)');
    const added = await auditRows(t.deps, { action: 'record.alert-added' });
    expect(added.map((r) => r.subject_id)).toEqual([child.childId, child.childId]);

    // The admin officer sees the alerts, but not the sealed address.
    const officer = await signedIn(t.app, await aStaffMember().withRoles('admin-officer').create(t.deps));
    const theirs = main(await officer.get(record()));
    expect(theirs).toContain('Address sealed');
    expect(theirs).toContain('Sealed: not shown');
    const address = await t.deps.database.db
      .selectFrom('children')
      .select('postcode')
      .where('id', '=', child.childId)
      .executeTakeFirstOrThrow();
    expect(theirs).not.toContain(address.postcode);
    // Nor does the referral's summary, which admin officers read when someone telephones.
    const summary = await officer.get(paths.staff.referralSummary.build({ referralId: child.referralId }));
    expect(summary.status).toBe(200);
    expect(main(summary)).not.toContain(address.postcode);

    // Ending an alert needs a reason; then it no longer shows.
    const sealed = (await t.deps.database.db.selectFrom('child_alerts').selectAll().execute()).find(
      (a) => a.kind === 'sealed-address',
    )!;
    const end = paths.record.alert.build({ childId: child.childId, alertId: sealed.id });
    await carerClient.get(end);
    const noReason = await carerClient.post(end, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(errorSummary(noReason)).toEqual(['Enter why this alert no longer applies']);
    expect((await carerClient.post(end, { reason: 'Family rehoused' })).status).toBe(303);
    expect(main(await officer.get(record()))).toContain(address.postcode);
    expect(main(await officer.get(paths.staff.referralSummary.build({ referralId: child.referralId })))).toContain(
      address.postcode,
    );
    expect((await carerClient.post(end, { reason: 'Again' })).status).toBe(404);
  });

  it('opens a record by break-glass only with a reason, shows it on the banner, ends it on time, and lists it for review', async () => {
    const stranger = await aStaffMember().called('Ben Locum').withRoles('clinician').create(t.deps);
    let client = await signedIn(t.app, stranger);
    const glass = paths.record.breakGlass.build({ childId: child.childId });
    const form = await client.get(glass);
    expect(form.status).toBe(200);
    expect(form.body).not.toContain(familyName);

    const short = await client.post(glass, { reason: 'urgent' });
    expect(short.status).toBe(400);
    expect(errorSummary(short)).toEqual(['Reason must be 10 characters or more']);
    expect((await auditRows(t.deps, { action: 'record.break-glass-refused' })).length).toBe(1);
    expect((await client.get(record())).status).toBe(404);

    const opened = await client.post(glass, { reason: 'Child in clinic now; their clinician is off sick' });
    expect(opened.status).toBe(303);
    const page = await client.get(record());
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('[data-testid="break-glass-banner"]'))).toContain(
      'Your access ends at 11:00 (60 minutes left)',
    );
    const reads = await auditRows(t.deps, { action: 'record.viewed', actorUserId: stranger.id });
    expect(JSON.parse(reads.at(-1)?.detail ?? '{}')).toMatchObject({ access: 'break-glass', breakGlass: true });
    // Someone who may already see it cannot break glass (nothing to open).
    expect((await carerClient.post(glass, { reason: 'I care for this child already' })).status).toBe(404);

    // At its end the access is over.
    time.advance(60 * 60_000);
    client = await signedIn(t.app, stranger);
    expect((await client.get(record())).status).toBe(404);

    // The Caldicott guardian reviews it.
    const guardian = await signedIn(t.app, await aStaffMember().withRoles('caldicott-guardian').create(t.deps));
    const list = await guardian.get(paths.record.breakGlassReviews.build());
    expect(list.status).toBe(200);
    expect(main(list)).toContain('Child in clinic now; their clinician is off sick');
    expect(main(list)).toContain('Ben Locum');
    const access = await t.deps.database.db.selectFrom('break_glass_accesses').selectAll().executeTakeFirstOrThrow();
    const reviewPath = paths.record.breakGlassReview.build({ accessId: access.id });
    await guardian.get(reviewPath);
    const incomplete = await guardian.post(reviewPath, { note: '' });
    expect(incomplete.status).toBe(400);
    expect(errorSummary(incomplete)).toEqual([
      'Select whether the access was appropriate',
      'Enter what you found when you reviewed it',
    ]);
    const reviewed = await guardian.post(reviewPath, { outcome: 'appropriate', note: 'Confirmed with the team lead' });
    expect(reviewed.status).toBe(303);
    const row = await t.deps.database.db.selectFrom('break_glass_accesses').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ review_outcome: 'appropriate', review_note: 'Confirmed with the team lead' });
    expect((await guardian.post(reviewPath, { outcome: 'appropriate', note: 'Twice' })).status).toBe(409);
    expect((await auditRows(t.deps, { action: 'record.break-glass-reviewed' })).length).toBe(1);
    // Clinicians do not review.
    carerClient = await signedIn(t.app, carer);
    expect((await carerClient.get(paths.record.breakGlassReviews.build())).status).toBe(403);
  });

  it('lets the safeguarding lead read a flagged child’s record, read-only; not another child’s', async () => {
    const lead = await signedIn(t.app, await aStaffMember().withRoles('safeguarding-lead').create(t.deps));
    const page = await lead.get(record());
    expect(page.status).toBe(200);
    expect(main(page)).toContain('You are reading this record as the safeguarding lead');
    expect(page.screen.queryByRole('link', { name: /Add an alert/u })).toBeNull();
    const unflagged = await aChildOnCaseload(t.deps, carer.id);
    expect((await lead.get(record(unflagged.childId))).status).toBe(404);
  });

  it('pages the timeline, newest first: signed notes and the viewer’s own drafts, not another person’s draft', async () => {
    const kid = await aChildOnCaseload(t.deps, carer.id);
    const colleague = await aStaffMember().withRoles('clinician').create(t.deps);
    const as = (who: CreatedStaff) => ({ ...staffContext(who), serviceId: LLR });
    for (let i = 0; i < 26; i++) {
      time.advance(60_000);
      const started = await t.deps.notes.startForChild(as(carer), kid.childId, {
        contactType: 'therapy',
        contactOn: '2026-12-01',
        text: `Session ${String(i + 1)}: practised buttons`,
      });
      if (!started.ok) throw new Error(started.problem.message);
      const signed = await t.deps.notes.sign(as(carer), started.noteId, 1);
      if (!signed.ok) throw new Error(signed.problem.message);
    }
    time.advance(60_000);
    const mine = await t.deps.notes.startForChild(as(carer), kid.childId, {
      contactType: null,
      contactOn: null,
      text: 'x',
    });
    const theirs = await t.deps.notes.startForChild(as(colleague), kid.childId, {
      contactType: null,
      contactOn: null,
      text: 'y',
    });
    expect(mine.ok && theirs.ok).toBe(true);
    carerClient = await signedIn(t.app, carer);
    const first = await carerClient.get(record(kid.childId));
    const rows = tableRows(first, /Everything recorded/u);
    expect(rows).toHaveLength(25);
    expect(rows[0]).toMatchObject({ What: 'Contact note', State: 'Draft (yours)' });
    expect(rows[1]).toMatchObject({
      What: 'Contact note',
      Detail: 'Therapy session',
      State: 'Signed',
      By: 'Cerys Clinician',
    });
    // 26 signed notes, the viewer's own draft (not the colleague's), and the referral's letters.
    const letters = await t.deps.database.db
      .selectFrom('referral_letters')
      .select('id')
      .where('referral_id', '=', kid.referralId)
      .execute();
    const total = 27 + letters.length;
    expect(main(first)).toContain(`${String(total)} in all, page 1 of 2`);
    const second = await carerClient.get(`${record(kid.childId)}?page=2`);
    expect(tableRows(second, /Everything recorded/u)).toHaveLength(total - 25);
    expect(main(second)).not.toContain('Note (type not chosen yet)');
    expect((await carerClient.get(`${record(kid.childId)}?page=99`)).status).toBe(200);
    expect((await carerClient.get(`${record(kid.childId)}?page=-1`)).status).toBe(200);
  });

  it('gives a programme of advice to the family as a PDF, recorded on the record; refuses one for the wrong reader', async () => {
    const kid = await aChildOnCaseload(t.deps, carer.id);
    carerClient = await signedIn(t.app, carer);
    const page = paths.record.advice.build({ childId: kid.childId });
    const empty = await carerClient.get(page);
    expect(empty.status).toBe(200);
    expect(main(empty)).toContain('No advice has been given yet.');
    const wrong = await carerClient.post(page, { programme: 'handwriting-home', to: 'school' });
    expect(wrong.status).toBe(400);
    expect(errorSummary(wrong)).toEqual(['This advice is written for home: give it to the family']);
    expect(await t.deps.database.db.selectFrom('advice_given').selectAll().execute()).toEqual([]);
    // A minute after the referral's letters, so that the timeline's order is not a tie.
    time.advance(60_000);
    expect((await carerClient.post(page, { programme: 'handwriting-home', to: 'family' })).status).toBe(303);
    const [given] = await t.deps.database.db.selectFrom('advice_given').selectAll().execute();
    expect(given).toMatchObject({ child_id: kid.childId, programme_code: 'handwriting-home', given_to: 'family' });
    const listed = await carerClient.get(page);
    expect(tableRows(listed, /Advice given/u)).toEqual([
      {
        Advice: 'Getting ready to write: handwriting at home (PDF)',
        'Given to': 'The family',
        On: '3 December 2026',
        By: 'Cerys Clinician',
      },
    ]);
    const pdf = await carerClient.get(paths.record.advicePdf.build({ adviceId: given!.id }));
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.body.startsWith('%PDF')).toBe(true);
    const audited = await auditRows(t.deps, { action: 'advice.given' });
    expect(audited.at(-1)).toMatchObject({ subject_type: 'child', subject_id: kid.childId, actor_user_id: carer.id });
    const timeline = await carerClient.get(record(kid.childId));
    expect(tableRows(timeline, /Everything recorded/u)[0]).toMatchObject({
      What: 'Advice given',
      Detail: 'Getting ready to write: handwriting at home',
      State: 'To the family',
    });
    // Someone without clinical access to the child finds none of it.
    const officer = await signedIn(t.app, await aStaffMember().withRoles('admin-officer').create(t.deps));
    expect((await officer.get(page)).status).toBe(404);
    expect((await officer.get(paths.record.advicePdf.build({ adviceId: given!.id }))).status).toBe(404);
  });

  it('after discharge: read-only for 90 days, then 404', async () => {
    const other = await aChildOnCaseload(t.deps, carer.id);
    const episode = (await findEpisode(t.deps.database.db, LLR, other.episodeId))!;
    const closedAt = time.clock().toISOString();
    await updateEpisodeAtVersion(
      t.deps.database.db,
      LLR,
      other.episodeId,
      episode.version,
      { status: 'closed', closedAt, closedReason: 'goals-met' },
      closedAt,
    );
    carerClient = await signedIn(t.app, carer);
    const page = await carerClient.get(record(other.childId));
    expect(page.status).toBe(200);
    expect(main(page)).toContain('This child was discharged: you can read the record, but not change it.');
    expect(main(page)).toContain('Keeping this record');
    expect((await carerClient.get(paths.record.alerts.build({ childId: other.childId }))).status).toBe(404);
    time.advance(91 * 24 * 60 * 60_000);
    carerClient = await signedIn(t.app, carer);
    expect((await carerClient.get(record(other.childId))).status).toBe(404);
  });
});
