/**
 * Consent and discharge (issue 14 items 2 and 8), through the pages as a clinician uses them, on both databases:
 * recording consent (a parent's, a competent young person's with the judgement) and withdrawing it; discharge with its
 * check page (who gets a letter and who does not, and why), the letters by consent (school consent in force, none,
 * withdrawn), the re-referral date and the retention review date (25th birthday, or 26th if 17 at discharge); the
 * episode closed, the letters written (PDF, e-mail through the outbox or the print list); bad input (400, nothing
 * saved); a stale confirmation (409, nothing saved); who may not (404 without a relationship, 403 for an
 * administrator); and the audit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findEpisode, findEpisodeOfReferral } from '../../src/data/care/episodes.repository.js';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { onCaseloadOf } from '../support/record-world.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

// Thursday 3 December 2026, 10:00 in London.
const NOW = new Date('2026-12-03T10:00:00Z');

const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}[day]`]: day ?? '', [`${name}[month]`]: month ?? '', [`${name}[year]`]: year ?? '' };
};

const main = (page: Page) => text(page.document.querySelector('main'));

describeEachDialect('consent and discharge', (dialect) => {
  let t: TestApp;
  const time = movableClock(NOW);
  let clinician: CreatedStaff;
  let client: TestClient;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: time.clock });
    clinician = await aStaffMember().called('Cerys Clinician').withRoles('clinician').create(t.deps);
    client = new TestClient(t.app);
    await signIn(client, clinician);
  });

  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;

  /** An accepted child on the clinician's caseload, born 15 June 2010, with the family's e-mail address if given. */
  async function aChild(familyEmail = 'grace@example.org') {
    const referral = await aReferral({ familyEmail }).accepted().create(t.deps);
    const episode = await findEpisodeOfReferral(db(), LLR, referral.id);
    if (episode === undefined) throw new Error('No episode');
    await onCaseloadOf(t.deps, episode.id, clinician.id);
    await db().updateTable('children').set({ date_of_birth: '2010-06-15' }).where('id', '=', episode.childId).execute();
    return { episodeId: episode.id, childId: episode.childId };
  }

  async function recordConsent(childId: string, fields: Record<string, string>) {
    await client.get(paths.consentDischarge.recordConsent.build({ childId }));
    return client.post(paths.consentDischarge.recordConsent.build({ childId }), {
      kind: 'sharing',
      agency: 'school',
      givenBy: 'parental-responsibility',
      personName: 'Grace Ndiaye',
      relationship: 'Mother',
      ...date('givenOn', '2026-11-02'),
      ...fields,
    });
  }

  const dischargeFields = (on: string, fields: Record<string, string> = {}) => ({
    reason: 'goals-met',
    summary: 'Met both goals: dressing and handwriting.',
    ...date('dischargedOn', on),
    ...fields,
  });

  /** The check page for a discharge on `on`. */
  async function check(childId: string, on: string, fields: Record<string, string> = {}) {
    await client.get(paths.consentDischarge.discharge.build({ childId }));
    return client.post(paths.consentDischarge.discharge.build({ childId }), dischargeFields(on, fields));
  }

  async function confirm(childId: string, checkPage: Page, on: string) {
    const version = checkPage.document.querySelector<HTMLInputElement>('input[name="version"]')?.value ?? '';
    return client.post(paths.consentDischarge.confirmDischarge.build({ childId }), {
      version,
      ...dischargeFields(on),
    });
  }

  const lettersOf = (childId: string) =>
    db().selectFrom('discharge_letters').selectAll().where('child_id', '=', childId).orderBy('recipient').execute();

  it('records a parent’s consent to share with the school, and a competent young person’s with the judgement', async () => {
    const { childId } = await aChild();
    const before = await lastAuditId(t.deps);
    const empty = await client.get(paths.consentDischarge.consents.build({ childId }));
    expect(empty.status).toBe(200);
    expect(main(empty)).toContain('No consent has been recorded for this child.');
    const viewed = await auditRows(t.deps, { action: 'consent.viewed', afterId: before });
    expect(viewed.map((r) => [r.subject_type, r.subject_id])).toEqual([['child', childId]]);

    const saved = await recordConsent(childId, {});
    expect(saved.status, errorSummary(saved).join('; ')).toBe(303);
    const young = await recordConsent(childId, {
      kind: 'assessment-and-treatment',
      agency: '',
      givenBy: 'competent-young-person',
      personName: '',
      relationship: '',
      judgedBy: 'Cerys Clinician',
      ...date('judgedOn', '2026-11-01'),
      judgementNote: 'Understood what the therapy involves and its alternatives',
      ...date('givenOn', '2026-11-03'),
    });
    expect(young.status, errorSummary(young).join('; ')).toBe(303);
    const list = await client.follow(young);
    expect(main(list)).toContain('Consent recorded');
    const rows = tableRows(list, /Consents/u);
    expect(rows.map((r) => [r.For, r.Status])).toEqual([
      ['Assessment and treatment', 'In force'],
      ['Sharing information with: The child’s school or setting', 'In force'],
    ]);
    expect(rows[0]?.['Given by']).toContain('judged competent by Cerys Clinician on 1 November 2026');
    const stored = await db().selectFrom('consents').selectAll().where('child_id', '=', childId).execute();
    expect(stored).toHaveLength(2);
    expect(stored.find((c) => c.kind === 'assessment-and-treatment')).toMatchObject({
      given_by: 'competent-young-person',
      judged_by: 'Cerys Clinician',
      judged_on: '2026-11-01',
      given_on: '2026-11-03',
      recorded_by: clinician.id,
    });
    const recorded = await auditRows(t.deps, { action: 'consent.recorded', afterId: before });
    expect(recorded.map((r) => r.subject_id)).toEqual([childId, childId]);
  });

  it('refuses a consent form with problems (400, every problem, nothing saved)', async () => {
    const { childId } = await aChild();
    const bad = await recordConsent(childId, {
      agency: '',
      givenBy: 'competent-young-person',
      personName: '',
      ...date('givenOn', '2027-01-01'),
    });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad)).toEqual(
      expect.arrayContaining([
        'Select who the information may be shared with',
        'Enter the name of the person who judged the young person competent',
        'Enter how you judged the young person competent to give consent',
      ]),
    );
    const stored = await db().selectFrom('consents').select('id').where('child_id', '=', childId).execute();
    expect(stored).toEqual([]);
    const odd = await client.post(paths.consentDischarge.recordConsent.build({ childId }), { kind: 'sharing', x: '1' });
    expect(odd.status).toBe(400);
  });

  it('discharges with a school consent in force: letters to the family (e-mail), the GP and the school (print)', async () => {
    const { childId, episodeId } = await aChild();
    expect((await recordConsent(childId, {})).status).toBe(303);
    const before = await lastAuditId(t.deps);

    const checked = await check(childId, '2026-12-03');
    expect(checked.status, errorSummary(checked).join('; ')).toBe(200);
    const page = main(checked);
    expect(page).toContain('A parent may re-refer directly until');
    expect(page).toContain('3 June 2027');
    expect(page).toContain('15 June 2035 (the 25th birthday)');
    expect(tableRows(checked, 'Who gets the discharge letter').map((r) => [r.To, r.How])).toEqual([
      ['Family', 'By e-mail to grace@example.org'],
      ['GP', 'Printed and posted (the print list)'],
      ['School', 'Printed and posted (the print list)'],
    ]);
    // Nothing is done until it is confirmed.
    expect(await lettersOf(childId)).toEqual([]);
    expect((await findEpisode(db(), LLR, episodeId))?.status).toBe('open');

    const done = await confirm(childId, checked, '2026-12-03');
    expect(done.status, errorSummary(done).join('; ')).toBe(303);
    const [discharge] = await db().selectFrom('discharges').selectAll().where('child_id', '=', childId).execute();
    expect(discharge).toMatchObject({
      episode_id: episodeId,
      reason_code: 'goals-met',
      discharged_on: '2026-12-03',
      re_referral_until: '2027-06-03',
      retention_review_on: '2035-06-15',
      retention_birthday: 25,
      recorded_by: clinician.id,
    });
    expect(done.location).toBe(`${paths.consentDischarge.one.build({ dischargeId: discharge?.id ?? '' })}?done=1`);
    const episode = await findEpisode(db(), LLR, episodeId);
    expect(episode).toMatchObject({ status: 'closed', closedReason: 'goals-met' });
    expect(episode?.closedAt).not.toBeNull();

    const letters = await lettersOf(childId);
    expect(letters.map((l) => [l.recipient, l.channel, l.outbox_message_id !== null])).toEqual([
      ['family', 'email', true],
      ['gp', 'print', false],
      ['school', 'print', false],
    ]);
    const family = letters.find((l) => l.recipient === 'family');
    expect(family?.html).toContain('Met both goals: dressing and handwriting.');
    const message = await db()
      .selectFrom('outbox_messages')
      .selectAll()
      .where('id', '=', family?.outbox_message_id ?? '')
      .executeTakeFirstOrThrow();
    expect(message).toMatchObject({ recipient: 'grace@example.org', subject_type: 'discharge' });

    const shown = await client.follow(done);
    expect(shown.status).toBe(200);
    expect(main(shown)).toContain('15 June 2035 (the 25th birthday)');
    expect(main(shown)).toContain('3 June 2027');
    expect(tableRows(shown, 'Letters').map((r) => r.To)).toEqual(['Family', 'GP', 'School']);
    const pdfHref = shown.document.querySelector('main table a')?.getAttribute('href') ?? '';
    const pdf = await client.get(pdfHref);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    const recorded = await auditRows(t.deps, { action: 'discharge.recorded', afterId: before });
    expect(recorded.map((r) => [r.subject_type, r.subject_id, r.outcome])).toEqual([['child', childId, 'success']]);
    expect(await auditRows(t.deps, { action: 'discharge.viewed', afterId: before })).not.toEqual([]);

    // The episode is closed: the clinician may still read the record for a while, but no longer change it.
    expect((await client.get(paths.consentDischarge.discharge.build({ childId }))).status).toBe(404);
    expect((await client.get(paths.consentDischarge.consents.build({ childId }))).status).toBe(200);
  });

  it('writes no letter to the school without a consent in force, and posts the family’s without an e-mail address', async () => {
    const { childId } = await aChild('');
    const checked = await check(childId, '2026-12-03');
    expect(checked.status, errorSummary(checked).join('; ')).toBe(200);
    expect(tableRows(checked, 'Who does not get a letter')).toEqual([
      { To: 'School', Why: 'No consent to share with the school is in force on 3 December 2026' },
    ]);
    expect((await confirm(childId, checked, '2026-12-03')).status).toBe(303);
    expect((await lettersOf(childId)).map((l) => [l.recipient, l.channel])).toEqual([
      ['family', 'print'],
      ['gp', 'print'],
    ]);
  });

  it('stops the school’s letter once its consent is withdrawn', async () => {
    const { childId } = await aChild();
    expect((await recordConsent(childId, {})).status).toBe(303);
    const list = await client.get(paths.consentDischarge.consents.build({ childId }));
    const withdrawHref = list.document.querySelector('main table a')?.getAttribute('href') ?? '';
    const form = await client.get(withdrawHref);
    expect(form.status).toBe(200);
    const version = form.document.querySelector<HTMLInputElement>('input[name="version"]')?.value ?? '';
    const bad = await client.post(withdrawHref, { version, ...date('withdrawnOn', '2026-10-01'), reason: '' });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad)).toEqual([
      'Date consent was withdrawn must be on or after the date it was given',
      'Enter why consent was withdrawn',
    ]);
    const before = await lastAuditId(t.deps);
    const withdrawn = await client.post(withdrawHref, {
      version,
      ...date('withdrawnOn', '2026-11-20'),
      reason: 'The family no longer wish the school to be told',
    });
    expect(withdrawn.status, errorSummary(withdrawn).join('; ')).toBe(303);
    expect(
      (await auditRows(t.deps, { action: 'consent.withdrawn', afterId: before })).map((r) => r.subject_id),
    ).toEqual([childId]);
    // The same form again, at the old version: the consent as it is now, nothing changed.
    const stale = await client.post(withdrawHref, { version, ...date('withdrawnOn', '2026-11-21'), reason: 'Again' });
    expect(stale.status).toBe(409);
    expect(main(stale)).toContain('20 November 2026: The family no longer wish the school to be told');

    const checked = await check(childId, '2026-12-03');
    expect(tableRows(checked, 'Who does not get a letter')).toEqual([
      { To: 'School', Why: 'Consent to share with the school has been withdrawn' },
    ]);
    expect((await confirm(childId, checked, '2026-12-03')).status).toBe(303);
    expect((await lettersOf(childId)).map((l) => l.recipient)).toEqual(['family', 'gp']);
  });

  it('refuses a discharge form with problems (400) and a stale confirmation (409), saving nothing', async () => {
    const { childId, episodeId } = await aChild();
    const bad = await check(childId, '2027-01-05', { reason: 'bored', summary: '' });
    expect(bad.status).toBe(400);
    expect(errorSummary(bad)).toEqual([
      'Select the reason for discharge',
      'Enter a summary for the discharge letters',
      'Date of discharge must be today or in the past',
    ]);
    const checked = await check(childId, '2026-12-03');
    expect(checked.status).toBe(200);
    // Someone else changes the episode after the check page was drawn.
    const episode = await findEpisode(db(), LLR, episodeId);
    await db()
      .updateTable('episodes')
      .set({ version: (episode?.version ?? 0) + 1 })
      .where('id', '=', episodeId)
      .execute();
    const stale = await confirm(childId, checked, '2026-12-03');
    expect(stale.status).toBe(409);
    expect(errorSummary(stale)[0]).toContain('Someone else changed this child’s episode of care');
    expect(await db().selectFrom('discharges').select('id').where('child_id', '=', childId).execute()).toEqual([]);
    expect(await lettersOf(childId)).toEqual([]);
    expect((await findEpisode(db(), LLR, episodeId))?.status).toBe('open');
  });

  it('keeps the record of a young person discharged at 17 until the 26th birthday', async () => {
    const { childId } = await aChild();
    time.set(new Date('2027-07-01T10:00:00Z'));
    try {
      // Seven months on: a new session.
      await signIn(client, clinician);
      const checked = await check(childId, '2027-06-20');
      expect(checked.status, errorSummary(checked).join('; ')).toBe(200);
      expect(main(checked)).toContain('15 June 2036 (the 26th birthday)');
      expect(main(checked)).toContain('20 December 2027');
      expect((await confirm(childId, checked, '2027-06-20')).status).toBe(303);
      const [row] = await db().selectFrom('discharges').selectAll().where('child_id', '=', childId).execute();
      expect(row).toMatchObject({ retention_review_on: '2036-06-15', retention_birthday: 26 });
    } finally {
      time.set(NOW);
      await signIn(client, clinician);
    }
  });

  it('reads a parent’s re-referral window from the record, not from the date the parent remembers', async () => {
    const referral = await aReferral({ childGivenName: 'Ivy', childFamilyName: 'Rowe' }).accepted().create(t.deps);
    const episode = await findEpisodeOfReferral(db(), LLR, referral.id);
    if (episode === undefined) throw new Error('No episode');
    await onCaseloadOf(t.deps, episode.id, clinician.id);
    const checked = await check(episode.childId, '2026-12-03');
    expect((await confirm(episode.childId, checked, '2026-12-03')).status).toBe(303);
    // Seven months on, the window (to 3 June 2027) has ended; the parent remembers a later discharge.
    time.set(new Date('2027-07-01T10:00:00Z'));
    try {
      const parent = { referrerType: 'parent-carer' as const, dischargedOn: '2027-03-01' };
      await expect(
        aReferral({ ...parent, childGivenName: 'Ivy', childFamilyName: 'Rowe' }).create(t.deps),
      ).rejects.toThrow('ineligible');
      // A child the service has not discharged is taken at the parent's word.
      const other = await aReferral({ ...parent, childGivenName: 'Ivy', childFamilyName: 'Stone' }).create(t.deps);
      expect(other.reference).not.toBe('');
    } finally {
      time.set(NOW);
    }
  });

  it('answers 404 to a clinician with no relationship, and 403 to an administrator', async () => {
    const { childId } = await aChild();
    expect((await recordConsent(childId, {})).status).toBe(303);
    const consentId =
      (await db().selectFrom('consents').select('id').where('child_id', '=', childId).executeTakeFirst())?.id ?? '';
    const stranger = await aStaffMember().withRoles('clinician').create(t.deps);
    const other = new TestClient(t.app);
    await signIn(other, stranger);
    for (const url of [
      paths.consentDischarge.consents.build({ childId }),
      paths.consentDischarge.recordConsent.build({ childId }),
      paths.consentDischarge.withdrawConsent.build({ consentId }),
      paths.consentDischarge.discharge.build({ childId }),
    ]) {
      expect((await other.get(url)).status, url).toBe(404);
    }
    const admin = await aStaffMember().withRoles('admin').create(t.deps);
    const adminClient = new TestClient(t.app);
    await signIn(adminClient, admin);
    expect((await adminClient.get(paths.consentDischarge.consents.build({ childId }))).status).toBe(403);
    expect((await adminClient.get(paths.consentDischarge.discharge.build({ childId }))).status).toBe(403);
  });

  it('lists the discharge letters to post for admin officers, who mark them printed', async () => {
    const officer = await aStaffMember().withRoles('admin-officer').create(t.deps);
    const office = new TestClient(t.app);
    await signIn(office, officer);
    const list = await office.get(paths.consentDischarge.printList.build());
    expect(list.status).toBe(200);
    const waiting = await db()
      .selectFrom('discharge_letters')
      .select('id')
      .where('channel', '=', 'print')
      .where('printed_at', 'is', null)
      .execute();
    expect(waiting.length).toBeGreaterThan(0);
    expect(tableRows(list, 'Oldest first')).toHaveLength(waiting.length);
    const id = waiting[0]?.id ?? '';
    const pdf = await office.get(paths.consentDischarge.printPdf.build({ letterId: id }));
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const marked = await office.post(paths.consentDischarge.printed.build({ letterId: id }), {});
    expect(marked.status).toBe(303);
    const row = await db().selectFrom('discharge_letters').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.printed_by).toBe(officer.id);
    expect((await auditRows(t.deps, { action: 'discharge.letter-printed' })).map((r) => r.subject_id)).toContain(id);
    // A clinician may not see the print list.
    expect((await client.get(paths.consentDischarge.printList.build())).status).toBe(403);
  });
});
