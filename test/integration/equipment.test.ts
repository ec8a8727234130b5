/**
 * Equipment issued to children (issue 14 item 7), through the pages as a clinician uses them, on both databases:
 * issuing an item from the catalogue (reached from the child's place on the waiting list), its review, repair and
 * return with their history; the team's dashboard and recall list (an overdue review, an item outgrown by age, and
 * not a returned item); bad input on every form (400 with the error summary, nothing saved); a stale form (409, the
 * item as it is now, nothing saved); who may read and who may issue (403); other services' ids (404); and the audit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findEpisode, findEpisodeOfReferral } from '../../src/data/care/episodes.repository.js';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aWaitingChild, staffContext } from '../support/booking-world.js';
import { inOneTeam, onCaseloadOf } from '../support/record-world.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn, signedIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

// Thursday 3 December 2026, 10:00 in London.
const NOW = new Date('2026-12-03T10:00:00Z');

const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}[day]`]: day ?? '', [`${name}[month]`]: month ?? '', [`${name}[year]`]: year ?? '' };
};

const main = (page: Page) => text(page.document.querySelector('main'));

describeEachDialect('equipment issued to children', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  let client: TestClient;
  let episodeId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: movableClock(NOW).clock, twoServices: true });
    clinician = await aStaffMember().called('Cerys Clinician').withRoles('clinician').create(t.deps);
    episodeId = (await aWaitingChild(t.deps)).episodeId;
    // Equipment is part of the child's clinical record: the clinician caring for the child may open it.
    await onCaseloadOf(t.deps, episodeId, clinician.id);
    client = new TestClient(t.app);
    await signIn(client, clinician);
  });

  afterAll(async () => {
    await t.close();
  });

  const issues = () => t.deps.database.db.selectFrom('equipment_issues').selectAll().orderBy('created_at').execute();
  const events = () => t.deps.database.db.selectFrom('equipment_events').selectAll().execute();

  async function issue(fields: Record<string, string>, to = episodeId, as = client): Promise<Page> {
    await as.get(paths.equipment.issue.build({ episodeId: to }));
    return as.post(paths.equipment.issue.build({ episodeId: to }), {
      itemCode: 'writing-slope',
      sizeLabel: '',
      terms: 'keep',
      fittedBy: clinician.id,
      ...date('issuedOn', '2026-12-01'),
      ...date('reviewOn', ''),
      notes: '',
      ...fields,
    });
  }

  const issueIdOf = (page: Page) => page.location?.split('/').pop()?.split('?')[0] ?? '';

  async function record(kind: 'review' | 'repair' | 'return', issueId: string, fields: Record<string, string>) {
    const form = await client.get(paths.equipment[kind].build({ issueId }));
    expect(form.status).toBe(200);
    const version = form.document.querySelector<HTMLInputElement>('input[name="version"]')?.value ?? '';
    return client.post(paths.equipment[kind].build({ issueId }), { version, ...fields });
  }

  it('issues an item from the catalogue, reached from the child’s place on the waiting list', async () => {
    const entry = await client.get(paths.waitingList.entry.build({ episodeId }));
    const link = entry.screen.getByRole('link', { name: 'Equipment issued to this child' });
    expect(link.getAttribute('href')).toBe(paths.equipment.child.build({ episodeId }));
    const before = await lastAuditId(t.deps);

    const empty = await client.get(paths.equipment.child.build({ episodeId }));
    expect(empty.status).toBe(200);
    expect(main(empty)).toContain('No equipment has been issued to this child.');
    const viewed = await auditRows(t.deps, { action: 'equipment.viewed', afterId: before });
    // The audit event names the child whose record was read.
    const childId = (await findEpisode(t.deps.database.db, LLR, episodeId))!.childId;
    expect(viewed.map((r) => [r.subject_type, r.subject_id])).toEqual([['child', childId]]);

    const form = await client.get(paths.equipment.issue.build({ episodeId }));
    expect(form.status).toBe(200);
    expect(form.screen.getByLabelText('Fitted by')).toHaveProperty('value', clinician.id);
    expect(main(form)).toContain('Leave empty to review it');
    expect(form.screen.getAllByRole('radio', { name: /Supportive bath seat/u })).toHaveLength(2);

    const issued = await issue({ sizeLabel: 'A3' });
    expect(issued.status, errorSummary(issued).join('; ')).toBe(303);
    const issueId = issueIdOf(issued);
    expect(issued.location).toBe(`${paths.equipment.item.build({ issueId })}?done=issued`);
    const page = await client.follow(issued);
    expect(main(page)).toContain('Equipment issued');
    expect(main(page)).toContain('Writing slope (A3)');
    // The review takes the item's interval (12 months) when left empty.
    expect(main(page)).toContain('Next review 1 December 2027');
    expect(main(page)).toContain('Fitted by Cerys Clinician');
    expect(tableRows(page, 'History')).toEqual([
      { Date: '1 December 2026', 'What happened': 'Issued: Given to keep', By: 'Cerys Clinician' },
    ]);

    const [row] = await issues();
    expect(row).toMatchObject({
      service_id: LLR,
      episode_id: episodeId,
      item_code: 'writing-slope',
      item_name: 'Writing slope',
      size_label: 'A3',
      loan_or_keep: 'keep',
      issued_on: '2026-12-01',
      fitted_by_user_id: clinician.id,
      review_on: '2027-12-01',
      status: 'in-use',
      version: 1,
    });
    const audit = await auditRows(t.deps, { action: 'equipment.issued' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      subject_type: 'equipment-issue',
      subject_id: issueId,
      actor_user_id: clinician.id,
    });

    const child = await client.get(paths.equipment.child.build({ episodeId }));
    expect(tableRows(child, /Equipment issued/u)).toEqual([
      {
        Item: 'Writing slope (A3)',
        'Lent or kept': 'Given to keep',
        Issued: '1 December 2026',
        Status: 'In use',
        'Next review': '1 December 2027',
      },
    ]);
  });

  it('records a review, a repair and a return, each audited, with the item’s history', async () => {
    const issued = await issue({ itemCode: 'toilet-step-frame', terms: 'loan', ...date('reviewOn', '2027-03-01') });
    expect(issued.status).toBe(303);
    const issueId = issueIdOf(issued);

    const reviewed = await record('review', issueId, {
      ...date('on', '2026-12-02'),
      outcome: 'adjusted',
      ...date('nextReviewOn', '2027-02-01'),
    });
    expect(reviewed.status, errorSummary(reviewed).join('; ')).toBe(303);
    expect(reviewed.location).toBe(`${paths.equipment.item.build({ issueId })}?done=review`);
    const repaired = await record('repair', issueId, { ...date('on', '2026-12-02'), note: 'New rubber feet' });
    expect(repaired.status).toBe(303);
    const returned = await record('return', issueId, date('on', '2026-12-03'));
    expect(returned.status).toBe(303);

    const page = await client.follow(returned);
    expect(main(page)).toContain('Return recorded');
    expect(main(page)).toContain('Status Returned');
    expect(main(page)).toContain('Repairs 1');
    expect(page.screen.queryByRole('link', { name: 'Record a review' })).toBeNull();
    expect(tableRows(page, 'History').map((r) => r['What happened'])).toEqual([
      'Issued: Lent, to be returned',
      'Reviewed: Adjusted to fit; next review set for 1 February 2027',
      'Repaired: New rubber feet',
      'Returned',
    ]);
    const row = (await issues()).find((r) => r.id === issueId);
    expect(row).toMatchObject({ status: 'returned', review_on: null, version: 4 });
    for (const action of ['equipment.reviewed', 'equipment.repaired', 'equipment.returned'] as const) {
      const audit = await auditRows(t.deps, { action });
      expect(
        audit.map((r) => r.subject_id),
        action,
      ).toEqual([issueId]);
    }

    // Nothing more is recorded against an item once it is back.
    const after = await record('repair', issueId, { ...date('on', '2026-12-03'), note: 'Too late' });
    expect(after.status).toBe(400);
    expect(errorSummary(after)).toEqual(['This item has already been returned']);
    expect((await events()).filter((e) => e.issue_id === issueId)).toHaveLength(3);
  });

  it('refuses bad input on every form with the error summary (400), and saves nothing', async () => {
    const issuesBefore = (await issues()).length;
    const cases: [Record<string, string>, string[]][] = [
      [
        { itemCode: '', terms: '', fittedBy: '', ...date('issuedOn', '') },
        [
          'Select the item from the catalogue',
          'Select whether it is lent or given to keep',
          'Enter the date issued',
          'Select who fitted it from the list',
        ],
      ],
      [{ ...date('issuedOn', '2026-02-31') }, ['Date issued must be a real date']],
      [{ ...date('issuedOn', '2026-12-04') }, ['Date issued must be today or in the past']],
      [{ itemCode: 'jet-pack' }, ['Select the item from the catalogue']],
      [{ fittedBy: 'someone-else' }, ['Select who fitted it from the list']],
      [{ ...date('reviewOn', '2026-11-30') }, ['Review date must be after the date issued']],
      [{ ...date('reviewOn', '2027-13-01') }, ['Review date must be a real date']],
    ];
    for (const [fields, expected] of cases) {
      const page = await issue(fields);
      expect(page.status, JSON.stringify(fields)).toBe(400);
      expect(errorSummary(page), JSON.stringify(fields)).toEqual(expected);
    }
    expect(await issues()).toHaveLength(issuesBefore);

    const issueId = issueIdOf(await issue({}));
    const eventsBefore = (await events()).length;
    const eventCases: ['review' | 'repair' | 'return', Record<string, string>, string][] = [
      ['review', { ...date('on', ''), outcome: 'suitable' }, 'Enter the date'],
      ['review', { ...date('on', '2026-12-02') }, 'Select the outcome of the review'],
      ['review', { ...date('on', '2026-12-02'), outcome: 'great' }, 'Select the outcome of the review'],
      [
        'review',
        { ...date('on', '2026-12-02'), outcome: 'suitable', ...date('nextReviewOn', '2026-12-01') },
        'Next review date must be after the review',
      ],
      ['review', { ...date('on', '2026-11-30'), outcome: 'suitable' }, 'Date must be on or after the date issued'],
      ['repair', { ...date('on', '2026-12-02'), note: ' ' }, 'Enter what was repaired'],
      ['repair', { ...date('on', '2026-12-02'), note: 'x'.repeat(501) }, '500 characters or fewer'],
      ['return', date('on', '2026-12-32'), 'Date returned must be a real date'],
      ['return', date('on', '2027-01-01'), 'Date returned must be today or in the past'],
    ];
    for (const [kind, fields, message] of eventCases) {
      const page = await record(kind, issueId, fields);
      expect(page.status, `${kind} ${JSON.stringify(fields)}`).toBe(400);
      expect(errorSummary(page).join(' '), kind).toContain(message);
    }
    expect(await events()).toHaveLength(eventsBefore);
    expect((await issues()).find((r) => r.id === issueId)?.version).toBe(1);

    // A form without its version was not sent as drawn.
    const noVersion = await client.post(paths.equipment.return.build({ issueId }), date('on', '2026-12-02'));
    expect(noVersion.status).toBe(400);
    // A field the form does not have is refused outright.
    const extra = await issue({ status: 'returned' });
    expect(extra.status).toBe(400);
  });

  it('refuses a form drawn before someone else recorded against the item (409), saving nothing', async () => {
    const issueId = issueIdOf(await issue({}));
    const stale = await client.get(paths.equipment.repair.build({ issueId }));
    const staleVersion = stale.document.querySelector<HTMLInputElement>('input[name="version"]')?.value ?? '';
    const colleague = await aStaffMember().called('Tomas Therapist').withRoles('clinician').create(t.deps);
    await inOneTeam(t.deps, [clinician.id, colleague.id]);
    const other = await signedIn(t.app, colleague);
    await other.get(paths.equipment.review.build({ issueId }));
    const first = await other.post(paths.equipment.review.build({ issueId }), {
      version: staleVersion,
      ...date('on', '2026-12-02'),
      outcome: 'suitable',
    });
    expect(first.status).toBe(303);

    await client.get(paths.equipment.repair.build({ issueId }));
    const second = await client.post(paths.equipment.repair.build({ issueId }), {
      version: staleVersion,
      ...date('on', '2026-12-02'),
      note: 'Hinge tightened',
    });
    expect(second.status).toBe(409);
    expect(errorSummary(second).join(' ')).toContain('Someone else recorded something against this item');
    // The form is drawn again at the item's version now, with the other's review in its history.
    expect(second.document.querySelector<HTMLInputElement>('input[name="version"]')?.value).toBe('2');
    expect(tableRows(second, 'History').map((r) => r['What happened'])).toContain('Reviewed: Still suitable');
    expect((await events()).filter((e) => e.issue_id === issueId).map((e) => e.kind)).toEqual(['review']);
  });

  it('lets one of two changes made at once succeed and refuses the other as stale, losing neither silently', async () => {
    const issueId = issueIdOf(await issue({}));
    const ctx = { ...staffContext(clinician), serviceId: LLR };
    const results = await Promise.all([
      t.deps.equipment.record(ctx, issueId, 1, { kind: 'review', on: '2026-12-02', outcome: 'suitable' }),
      t.deps.equipment.record(ctx, issueId, 1, { kind: 'repair', on: '2026-12-02', note: 'Strap' }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.flatMap((r) => (r.ok ? [] : [r.problem.code]))).toEqual(['stale-version']);
    expect((await events()).filter((e) => e.issue_id === issueId)).toHaveLength(1);
    expect((await issues()).find((r) => r.id === issueId)?.version).toBe(2);
  });

  it('shows the team’s counts and recall list: an overdue review and an outgrown item, not a returned one', async () => {
    // A review due in October, now overdue.
    const overdue = issueIdOf(
      await issue({ itemCode: 'pencil-grip', ...date('issuedOn', '2025-10-01'), ...date('reviewOn', '2026-10-01') }),
    );
    // Spring scissors are for 3 to 11 years: a child born in March 2013 passed 11 in March 2025.
    const older = await aReferral({ dateOfBirth: '2013-03-15', childGivenName: 'Olwen' }).accepted().create(t.deps);
    const olderEpisode = (await findEpisodeOfReferral(t.deps.database.db, LLR, older.id))!.id;
    await onCaseloadOf(t.deps, olderEpisode, clinician.id);
    const outgrown = issueIdOf(await issue({ itemCode: 'self-opening-scissors' }, olderEpisode));
    // Overdue too, but returned: not on the list.
    const back = issueIdOf(await issue({ itemCode: 'adapted-cutlery', ...date('issuedOn', '2025-06-01') }));
    expect((await record('return', back, date('on', '2026-12-01'))).status).toBe(303);
    // A loan no longer needed: awaiting its return.
    const loan = issueIdOf(await issue({ itemCode: 'bath-seat-medium', terms: 'loan' }));
    const done = await record('review', loan, { ...date('on', '2026-12-02'), outcome: 'no-longer-needed' });
    expect(done.status).toBe(303);

    const before = await lastAuditId(t.deps);
    const page = await client.get(paths.equipment.dashboard.build());
    expect(page.status).toBe(200);
    const body = main(page);
    expect(body).toContain('Review overdue 1');
    expect(body).toContain('Likely outgrown 1');
    expect(body).toContain('Awaiting return 1');
    const rows = tableRows(page, 'Recall list, most overdue first');
    expect(rows.map((r) => r.Item).sort()).toEqual([
      'Pencil grips (pack of three shapes) (child)',
      'Self-opening (spring) scissors',
    ]);
    const overdueRow = rows.find((r) => r.Item?.startsWith('Pencil'))!;
    expect(overdueRow.Why).toBe('Review overdue since 1 October 2026 (63 days)');
    const outgrownRow = rows.find((r) => r.Item?.startsWith('Self-opening'))!;
    expect(outgrownRow.Why).toBe("Likely outgrown: past the item's age range since 15 March 2025");
    expect(outgrownRow.Child).toContain('Olwen');
    // Most overdue first: outgrown for 628 days before a review 63 days late.
    expect(rows[0]!.Item).toBe('Self-opening (spring) scissors');
    expect(body).not.toContain('Adapted cutlery');
    const links = page.screen.getAllByRole('link', { name: /Olwen/u });
    expect(links[0]!.getAttribute('href')).toBe(paths.equipment.child.build({ episodeId: olderEpisode }));
    expect((await auditRows(t.deps, { action: 'equipment.viewed', afterId: before })).length).toBe(1);

    expect((await client.get(`${paths.equipment.dashboard.build()}?page=9`)).status).toBe(200);
    for (const query of ['?page=two', '?sort=child', '?page=1&page=2']) {
      expect((await client.get(`${paths.equipment.dashboard.build()}${query}`)).status, query).toBe(400);
    }
    const itemLink = (name: string) => page.screen.getByRole('link', { name }).getAttribute('href');
    expect(itemLink('Self-opening (spring) scissors')).toBe(paths.equipment.item.build({ issueId: outgrown }));
    expect(itemLink('Pencil grips (pack of three shapes) (child)')).toBe(
      paths.equipment.item.build({ issueId: overdue }),
    );
  });

  it('lets an admin officer see the team’s dashboard, not a child’s clinical record (404), and not issue (403)', async () => {
    const officer = await signedIn(t.app, await aStaffMember().withRoles('admin-officer').create(t.deps));
    const issueId = (await issues())[0]!.id;
    expect((await officer.get(paths.equipment.dashboard.build())).status).toBe(200);
    // A child's equipment is clinical: demographics-only access finds no such page, naming no one.
    const child = await officer.get(paths.equipment.child.build({ episodeId }));
    expect(child.status).toBe(404);
    const kid = await t.deps.database.db
      .selectFrom('episodes as e')
      .innerJoin('children as c', 'c.id', 'e.child_id')
      .select('c.family_name')
      .where('e.id', '=', episodeId)
      .executeTakeFirstOrThrow();
    expect(child.body).not.toContain(kid.family_name);
    expect((await officer.get(paths.equipment.item.build({ issueId }))).status).toBe(404);
    expect((await officer.get(paths.equipment.issue.build({ episodeId }))).status).toBe(403);
    const before = (await issues()).length;
    expect((await officer.post(paths.equipment.issue.build({ episodeId }), { itemCode: 'writing-slope' })).status).toBe(
      403,
    );
    expect((await officer.post(paths.equipment.review.build({ issueId }), { version: '1' })).status).toBe(403);
    expect(await issues()).toHaveLength(before);

    for (const role of ['admin', 'safeguarding-lead', 'auditor'] as const) {
      const other = await signedIn(t.app, await aStaffMember().withRoles(role).create(t.deps));
      expect((await other.get(paths.equipment.dashboard.build())).status, role).toBe(403);
    }
  });

  it('treats another service’s children and items, and ids that are not ids, as not found', async () => {
    const issueId = (await issues())[0]!.id;
    expect((await client.get(paths.equipment.child.build({ episodeId: 'not-an-id' }))).status).toBe(404);
    expect((await client.get(paths.equipment.item.build({ issueId: "'; drop table x; --" }))).status).toBe(404);
    expect((await client.get(paths.equipment.item.build({ issueId: crypto.randomUUID() }))).status).toBe(404);

    // A clinician of another service finds none of this service's children or items.
    const theirs = await signedIn(t.app, await aStaffMember().inService(SECOND_SERVICE, 'clinician').create(t.deps));
    expect((await theirs.get(paths.equipment.child.build({ episodeId }))).status).toBe(404);
    expect((await theirs.get(paths.equipment.issue.build({ episodeId }))).status).toBe(404);
    expect((await theirs.get(paths.equipment.item.build({ issueId }))).status).toBe(404);
    const dashboard = await theirs.get(paths.equipment.dashboard.build());
    expect(main(dashboard)).toContain('Nothing is due for recall.');
    expect((await theirs.post(paths.equipment.review.build({ issueId }), { version: '1' })).status).toBe(404);
    expect((await client.get(`${paths.equipment.item.build({ issueId })}?done=hacked`)).status).toBe(400);
  });

  it('refuses a post without the form’s token', async () => {
    const before = (await issues()).length;
    await client.get(paths.equipment.issue.build({ episodeId }));
    const refused = await client.post(
      paths.equipment.issue.build({ episodeId }),
      { itemCode: 'writing-slope', terms: 'keep', fittedBy: clinician.id, ...date('issuedOn', '2026-12-01') },
      { csrf: null },
    );
    expect(refused.status).toBe(403);
    expect(await issues()).toHaveLength(before);
  });
});
