/**
 * The waiting list (issue 13 item 1) on both databases: children accepted through triage on days chosen to sit on
 * each band's boundaries (0, 6, 7, 13, 14, 27, 28, 83, 84, 125, 126, 363 and 364 days), one whose triage clock was
 * paused for more information, the counts by band and by pathway and priority, the "next" order and the longest-wait
 * order, the filters and their refusals (400), access (403), another service's child (404), one child's place, and
 * the CSV export (safe to open in a spreadsheet).
 *
 * Hazard "child lost from the waiting list": see waiting-list-completeness.test.ts (every accepted referral exactly
 * once, and the care migration's backfill).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { acceptedOn, onDay, pausedThenAccepted } from '../support/care-factories.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { csvRecords } from '../support/csv.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

/** Monday 15 November 2027: 364 days back is Tuesday 16 November 2026, after the factory's consent date. */
const TODAY = '2027-11-15';
const LIST = paths.waitingList.list.build();
const EXPORT = paths.waitingList.export.build();

interface Fixture {
  key: string;
  receivedOn: string;
  priority: 'urgent' | 'soon' | 'routine';
  pathway?: string;
  setting?: 'clinic' | 'home' | 'school';
  band: string;
  over: boolean;
}

/** Days waited is TODAY minus receivedOn; the routine target is 18 weeks (126 days), soon 12 (84), urgent 4 (28). */
const FIXTURES: Fixture[] = [
  { key: 'd0', receivedOn: '2027-11-15', priority: 'routine', band: '0 to 1 week', over: false },
  { key: 'd6', receivedOn: '2027-11-09', priority: 'soon', pathway: 'sensory-needs', band: '0 to 1 week', over: false },
  { key: 'd7', receivedOn: '2027-11-08', priority: 'routine', band: '1 to 2 weeks', over: false },
  { key: 'd13', receivedOn: '2027-11-02', priority: 'urgent', band: '1 to 2 weeks', over: false },
  { key: 'd14', receivedOn: '2027-11-01', priority: 'routine', band: '2 to 4 weeks', over: false },
  { key: 'd27', receivedOn: '2027-10-19', priority: 'soon', band: '2 to 4 weeks', over: false },
  { key: 'd28', receivedOn: '2027-10-18', priority: 'urgent', band: '4 to 12 weeks', over: false },
  {
    key: 'd29',
    receivedOn: '2027-10-17',
    priority: 'urgent',
    pathway: 'sensory-needs',
    band: '4 to 12 weeks',
    over: true,
  },
  { key: 'd83', receivedOn: '2027-08-24', priority: 'routine', band: '4 to 12 weeks', over: false },
  { key: 'd84', receivedOn: '2027-08-23', priority: 'soon', band: '12 to 18 weeks', over: false },
  {
    key: 'd125',
    receivedOn: '2027-07-13',
    priority: 'routine',
    pathway: 'sensory-needs',
    band: '12 to 18 weeks',
    over: false,
  },
  { key: 'd126', receivedOn: '2027-07-12', priority: 'routine', band: '18 to 52 weeks', over: false },
  { key: 'd127', receivedOn: '2027-07-11', priority: 'routine', band: '18 to 52 weeks', over: true },
  { key: 'd363', receivedOn: '2026-11-17', priority: 'routine', setting: 'home', band: '18 to 52 weeks', over: true },
  { key: 'd364', receivedOn: '2026-11-16', priority: 'routine', band: 'Over 52 weeks', over: true },
];

describeEachDialect('the waiting list', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  let client: TestClient;
  const refs = new Map<string, string>();
  const keyOf = new Map<string, string>();
  const episodes = new Map<string, string>();

  const references = (page: Page) =>
    page.document.querySelector('table.app-waiting-table') === null
      ? []
      : tableRows(page, /^Children on the list/u).map((r) => keyOf.get(r.Reference!) ?? r.Reference!);

  beforeAll(async () => {
    const time = movableClock(onDay(TODAY));
    t = await createTestApp(dialect, { clock: time.clock, twoServices: true });
    for (const f of FIXTURES) {
      const made = await acceptedOn(
        t.deps,
        time,
        f.receivedOn,
        { priority: f.priority, pathway: f.pathway ?? 'coordination', setting: f.setting ?? 'clinic' },
        { childGivenName: `Child${f.key}`, childFamilyName: 'Waiting' },
      );
      refs.set(f.key, made.reference);
      keyOf.set(made.reference, f.key);
    }
    // Received 132 days ago, but triage waited 7 days for a school report: the wait counts 125 days (12 to 18 weeks,
    // within the routine target), not 132 (18 to 52 weeks, over it).
    const paused = await pausedThenAccepted(
      t.deps,
      time,
      { receivedOn: '2027-07-06', infoOn: '2027-07-13' },
      { priority: 'routine' },
      { childGivenName: 'Paused', childFamilyName: 'Waiting' },
    );
    refs.set('paused', paused.reference);
    keyOf.set(paused.reference, 'paused');
    // Not on the list: declined, withdrawn after acceptance, still awaiting triage.
    time.set(onDay('2027-09-01'));
    for (const r of [
      aReferral().declined(),
      aReferral().accepted().withdrawn(),
      aReferral(),
      aReferral().moreInformationRequested(),
    ]) {
      keyOf.set((await r.create(t.deps)).reference, 'not-waiting');
    }
    // Another service's child, waiting longest of all: never on this service's list, and not found by its id.
    const theirs = await acceptedOn(
      t.deps,
      time,
      '2026-11-02',
      { priority: 'urgent', pathway: 'neuro' },
      {
        childGivenName: 'Theirs',
        childFamilyName: 'Elsewhere',
        difficulties: ['movement'],
        conditions: ['cerebral-palsy'],
      },
      SECOND_SERVICE,
    );
    keyOf.set(theirs.reference, 'other-service');
    time.set(onDay(TODAY));
    const rows = await t.deps.database.db.selectFrom('episodes').select(['id', 'referral_id']).execute();
    const referralRefs = await t.deps.database.db.selectFrom('referrals').select(['id', 'reference']).execute();
    const refById = new Map(referralRefs.map((r) => [r.id, r.reference]));
    for (const e of rows) {
      const key = keyOf.get(refById.get(e.referral_id) ?? '');
      if (key !== undefined) episodes.set(key, e.id);
    }
    clinician = await aStaffMember().called('Cora Clinician').withRoles('clinician').create(t.deps);
    client = new TestClient(t.app);
    await signIn(client, clinician);
  });
  afterAll(async () => {
    await t.close();
  });

  const listed = async (query = '') => {
    const page = await client.get(`${LIST}${query}`);
    expect(page.status, `${query}: ${errorSummary(page).join('; ')}`).toBe(200);
    return references(page);
  };

  it('counts the wait from the day received, less the days triage was paused', async () => {
    const rows = tableRows(await client.get(LIST), /^Children on the list/u);
    const waited = Object.fromEntries(rows.map((r) => [keyOf.get(r.Reference!), r.Waited]));
    expect(waited.d0).toBe('0 days (0 to 1 week) since 15 November 2027');
    expect(waited.d6).toBe('6 days (0 to 1 week) since 9 November 2027');
    expect(waited.d7).toBe('1 week (1 to 2 weeks) since 8 November 2027');
    expect(waited.d13).toBe('1 week and 6 days (1 to 2 weeks) since 2 November 2027');
    expect(waited.d364).toBe('52 weeks (Over 52 weeks) since 16 November 2026 Over target');
    expect(waited.paused).toBe('17 weeks and 6 days (12 to 18 weeks) since 13 July 2027');
  });

  it('puts each child in their band at every boundary, and over the target only past it', async () => {
    const rows = tableRows(await client.get(`${LIST}?sort=longest`), /^Children on the list/u);
    const byKey = new Map(rows.map((r) => [keyOf.get(r.Reference!)!, r.Waited!]));
    for (const f of FIXTURES) {
      const cell = byKey.get(f.key);
      expect(cell, f.key).toContain(`(${f.band})`);
      expect(cell?.endsWith('Over target'), f.key).toBe(f.over);
    }
    expect(byKey.get('paused')?.endsWith('Over target')).toBe(false);
  });

  it('counts every band in an NHS.UK table, adding up to the whole list', async () => {
    const page = await client.get(LIST);
    const bands = tableRows(page, 'Children waiting in each band of completed weeks');
    expect(bands).toEqual([
      { 'Weeks waited': '0 to 1 week', Children: '2' },
      { 'Weeks waited': '1 to 2 weeks', Children: '2' },
      { 'Weeks waited': '2 to 4 weeks', Children: '2' },
      { 'Weeks waited': '4 to 12 weeks', Children: '3' },
      { 'Weeks waited': '12 to 18 weeks', Children: '3' },
      { 'Weeks waited': '18 to 52 weeks', Children: '3' },
      { 'Weeks waited': 'Over 52 weeks', Children: '1' },
    ]);
    expect(text(page.document.querySelector('main'))).toContain('16 children match');
  });

  it('summarises by pathway and priority with the target and the longest wait', async () => {
    const summary = tableRows(await client.get(LIST), 'Children waiting by pathway and priority');
    expect(summary).toEqual([
      {
        Pathway: 'Physical Disability: Coordination',
        Priority: 'Urgent',
        Waiting: '2',
        Target: '4 weeks',
        'Longest wait': '4 weeks',
      },
      { Pathway: expect.any(String), Priority: 'Soon', Waiting: '2', Target: '12 weeks', 'Longest wait': '12 weeks' },
      {
        Pathway: expect.any(String),
        Priority: 'Routine',
        Waiting: '9',
        Target: '18 weeks',
        'Longest wait': '52 weeks Over target',
      },
      {
        Pathway: expect.any(String),
        Priority: 'Urgent',
        Waiting: '1',
        Target: '4 weeks',
        'Longest wait': '4 weeks and 1 day Over target',
      },
      { Pathway: expect.any(String), Priority: 'Soon', Waiting: '1', Target: '12 weeks', 'Longest wait': '6 days' },
      {
        Pathway: expect.any(String),
        Priority: 'Routine',
        Waiting: '1',
        Target: '18 weeks',
        'Longest wait': '17 weeks and 6 days',
      },
    ]);
  });

  it('puts who is next first: urgent, soon, routine, each longest wait first, then by reference', async () => {
    const tie = [refs.get('d125')!, refs.get('paused')!].sort().map((r) => keyOf.get(r)!);
    expect(await listed()).toEqual([
      'd29',
      'd28',
      'd13',
      'd84',
      'd27',
      'd6',
      'd364',
      'd363',
      'd127',
      'd126',
      ...tie,
      'd83',
      'd14',
      'd7',
      'd0',
    ]);
    expect(await listed('?sort=longest')).toEqual([
      'd364',
      'd363',
      'd127',
      'd126',
      ...tie,
      'd84',
      'd83',
      'd29',
      'd28',
      'd27',
      'd14',
      'd13',
      'd7',
      'd6',
      'd0',
    ]);
  });

  describe('filters', () => {
    it.each([
      ['pathway=sensory-needs', ['d29', 'd6', 'd125']],
      ['priority=urgent', ['d29', 'd28', 'd13']],
      ['priority=urgent&priority=soon', ['d29', 'd28', 'd13', 'd84', 'd27', 'd6']],
      ['setting=home', ['d363']],
      ['band=0-1', ['d6', 'd0']],
      ['band=1-2', ['d13', 'd7']],
      ['band=over-52', ['d364']],
      ['band=4-12&band=over-52', ['d29', 'd28', 'd364', 'd83']],
      ['overTarget=yes', ['d29', 'd364', 'd363', 'd127']],
      ['overTarget=no&priority=urgent', ['d28', 'd13']],
      ['overTarget=yes&pathway=coordination', ['d364', 'd363', 'd127']],
      ['pathway=early-years', []],
    ])('?%s', async (query, expected) => {
      expect(await listed(`?${query}`)).toEqual(expected);
    });

    it('shows the filters it used in a GET form that works without JavaScript', async () => {
      const page = await client.get(`${LIST}?priority=soon&band=2-4&overTarget=no&sort=longest`);
      expect(page.document.querySelector('form[method="get"]')?.getAttribute('action')).toBe(LIST);
      expect(page.screen.getByLabelText<HTMLInputElement>('Soon').checked).toBe(true);
      expect(page.screen.getByLabelText<HTMLInputElement>('Urgent').checked).toBe(false);
      expect(page.screen.getByLabelText<HTMLInputElement>('2 to 4 weeks').checked).toBe(true);
      expect(page.screen.getByLabelText<HTMLSelectElement>('Over the target').value).toBe('no');
      expect(page.screen.getByLabelText<HTMLSelectElement>('Order').value).toBe('longest');
      expect(references(page)).toEqual(['d27']);
    });

    it.each([
      ['pathway=nope', 'Select pathways from the list'],
      ['priority=URGENT', 'Select priorities from the list'],
      ['setting=garden', 'Select where the child is seen first from the list'],
      ['band=52-104', 'Select how long children have waited from the list'],
      ['band=0-1&band=%27%20or%201%3D1', 'Select how long children have waited from the list'],
      ['overTarget=maybe', 'Select whether over the target from the list'],
      ['sort=name', 'Select an order from the list'],
      ['page=two', 'Enter a page number, like 2'],
      ['page=-1', 'Enter a page number, like 2'],
      ['page=9999999999', 'Enter a page number, like 2'],
      ['sort=next&sort=longest', 'Select an order from the list'],
    ])('refuses ?%s with 400 and says what to do', async (query, message) => {
      const page = await client.get(`${LIST}?${query}`);
      expect(page.status).toBe(400);
      expect(errorSummary(page)).toEqual([message]);
      expect(references(page)).toEqual([]);
    });

    it('refuses a parameter it does not know with 400, never a 500', async () => {
      for (const query of ['?name=Amara', '?__proto__=x', '?constructor=1', '?pathway[]=x']) {
        const page = await client.get(`${LIST}${query}`);
        expect(page.status, query).toBe(400);
      }
    });
  });

  describe("one child's place", () => {
    const entryOf = (key: string) => paths.waitingList.entry.build({ episodeId: episodes.get(key)! });

    it('shows the wait, band, target and place in the pathway, and offers booking to a clinician', async () => {
      const page = await client.get(entryOf('d127'));
      expect(page.status).toBe(200);
      const main = text(page.document.querySelector('main'));
      expect(text(page.document.querySelector('h1'))).toBe('Childd127 Waiting');
      expect(main).toContain('18 weeks and 1 day (18 to 52 weeks), since 11 July 2027');
      expect(main).toContain('Target for this priority 18 weeks');
      expect(main).toContain('Over target');
      // Coordination: urgent d28, d13; soon d84, d27; routine d364, d363, then d127.
      expect(main).toContain('7th of 13 children waiting on the Physical Disability: Coordination pathway');
      const book = page.screen.getByRole('button', { name: 'Book an appointment' });
      expect(book.getAttribute('href')).toBe(paths.appointments.book.build({ episodeId: episodes.get('d127')! }));
      // A clinician may not read the triage page, nor see the NHS number.
      expect(page.screen.queryByRole('link', { name: refs.get('d127') })).toBeNull();
      expect(main).not.toContain('NHS number');
      expect(main).toContain('No waiting-well contact has been sent yet.');
      expect(page.screen.queryByRole('button', { name: 'Confirm no longer needed' })).toBeNull();
    });

    it('links the reference to triage for a triage clinician, with the NHS number, and offers no booking', async () => {
      const triager = await aStaffMember().withRoles('triage-clinician').create(t.deps);
      const other = new TestClient(t.app);
      await signIn(other, triager);
      const page = await other.get(entryOf('d0'));
      expect(page.status).toBe(200);
      const link = page.screen.getByRole('link', { name: refs.get('d0') });
      expect(link.getAttribute('href')).toMatch(/^\/staff\/triage\/referrals\//u);
      expect(text(page.document.querySelector('main'))).toContain('13th of 13');
      expect(page.screen.queryByRole('button', { name: 'Book an appointment' })).toBeNull();
    });

    it('shows the open tasks and the waiting-well contacts with the answers, and offers removal on "no longer needed"', async () => {
      const episodeId = episodes.get('d83')!;
      const db = t.deps.database.db;
      const ctx = {
        serviceId: LLR,
        actorUserId: null,
        actorRoles: [],
        ip: null,
        correlationId: 'waiting-list-test',
        recorded: new Set<never>(),
      };
      // The first contact went unanswered; the second was answered "no longer needed", which raised a task.
      const expiresAt = new Date(onDay(TODAY).getTime() + 28 * 86_400_000).toISOString();
      const first = await db
        .transaction()
        .execute((trx) =>
          t.deps.familyLinks.open(trx, { serviceId: LLR, purpose: 'waiting-well', episodeId, expiresAt }),
        );
      await t.deps.familyLinks.mint({ serviceId: LLR, subjectType: 'family-link', subjectId: first });
      const second = await db
        .transaction()
        .execute((trx) =>
          t.deps.familyLinks.open(trx, { serviceId: LLR, purpose: 'waiting-well', episodeId, expiresAt }),
        );
      const token = await t.deps.familyLinks.mint({ serviceId: LLR, subjectType: 'family-link', subjectId: second });
      expect(token).not.toBeNull();
      await db.transaction().execute(async (trx) => {
        expect(await t.deps.familyLinks.answer(trx, token!, 'no-longer-needed', 'Seen privately')).toBe(true);
        await t.deps.taskRaiser.raise(trx, ctx, {
          serviceId: LLR,
          kind: 'waiting-well-no-longer-needed',
          episodeId,
          detail: {},
        });
      });
      const page = await client.get(paths.waitingList.entry.build({ episodeId }));
      const main = text(page.document.querySelector('main'));
      expect(main).toContain(
        'Family says no longer needed: confirm before removing from the list, raised 15 November 2027',
      );
      const contacts = tableRows(page, 'Contacts sent to the family and their answers');
      expect(contacts).toHaveLength(2);
      expect(contacts.map((c) => c.Answer)).toEqual(
        expect.arrayContaining(['No longer needed, 15 November 2027', 'Not answered yet']),
      );
      expect(contacts.map((c) => c['What they said'])).toContain('Seen privately');
      const remove = page.screen.getByRole('button', { name: 'Confirm no longer needed' });
      expect(remove.getAttribute('href')).toBe(paths.waitingList.remove.build({ episodeId }));
      const listed = tableRows(await client.get(`${LIST}?band=4-12`), /^Children on the list/u);
      expect(listed.find((r) => keyOf.get(r.Reference!) === 'd83')?.Tasks).toBe('1 open task');
      // An admin officer may not remove a child from the list.
      const officer = await aStaffMember().withRoles('admin-officer').create(t.deps);
      const other = new TestClient(t.app);
      await signIn(other, officer);
      const theirs = await other.get(paths.waitingList.entry.build({ episodeId }));
      expect(theirs.screen.queryByRole('button', { name: 'Confirm no longer needed' })).toBeNull();
      expect(theirs.screen.getByRole('button', { name: 'Book an appointment' })).toBeTruthy();
    });

    it('answers 404 for another service’s child or an unknown one, and 400 for a malformed id', async () => {
      const theirs = episodes.get('other-service');
      expect(theirs).toBeDefined();
      const page = await client.get(paths.waitingList.entry.build({ episodeId: theirs! }));
      expect(page.status).toBe(404);
      expect(page.body).not.toContain('Theirs');
      const unknown = await client.get(
        paths.waitingList.entry.build({ episodeId: '3f2c1b4a-0000-4000-8000-000000000000' }),
      );
      expect(unknown.status).toBe(404);
      for (const bad of ['not-an-id', '..%2F..%2Fetc', "1'%20or%20'1'%3D'1", 'A'.repeat(80)]) {
        const page = await client.get(`${LIST}/${bad}`);
        expect(page.status, bad).toBe(400);
      }
    });

    it('records each viewing, with the episode as the subject and no name', async () => {
      const since = await lastAuditId(t.deps);
      await client.get(entryOf('d7'));
      await client.get(LIST);
      const recorded = await auditRows(t.deps, { afterId: since });
      expect(recorded.map((r) => [r.action, r.outcome, r.subject_type, r.subject_id])).toEqual([
        ['waiting-list.viewed', 'success', 'episode', episodes.get('d7')],
        ['waiting-list.viewed', 'success', null, null],
      ]);
      expect(JSON.stringify(recorded)).not.toContain('Childd7');
    });
  });

  describe('who may see it', () => {
    it.each(['auditor', 'admin', 'safeguarding-lead'] as const)('refuses a %s with 403', async (role) => {
      const staff = await aStaffMember().withRoles(role).create(t.deps);
      const other = new TestClient(t.app);
      await signIn(other, staff);
      for (const url of [LIST, EXPORT, paths.waitingList.entry.build({ episodeId: episodes.get('d0')! })]) {
        const page = await other.get(url);
        expect(page.status, url).toBe(403);
        expect(page.body).not.toContain('Childd0');
      }
    });

    it('refuses the export to a clinician (403) and offers it to an admin officer', async () => {
      expect((await client.get(EXPORT)).status).toBe(403);
      expect((await client.get(LIST)).screen.queryByRole('link', { name: /spreadsheet/u })).toBeNull();
      const officer = await aStaffMember().withRoles('admin-officer').create(t.deps);
      const other = new TestClient(t.app);
      await signIn(other, officer);
      const page = await other.get(`${LIST}?priority=urgent&page=1`);
      const link = page.screen.getByRole('link', { name: /spreadsheet/u });
      expect(link.getAttribute('href')).toBe(`${EXPORT}?priority=urgent`);
    });
  });

  describe('the export', () => {
    let officer: TestClient;
    beforeAll(async () => {
      const staff = await aStaffMember().withRoles('service-manager').create(t.deps);
      officer = new TestClient(t.app);
      await signIn(officer, staff);
    });

    it('gives the filtered list as CSV, in the list order, as an attachment never stored', async () => {
      const since = await lastAuditId(t.deps);
      const response = await officer.get(`${EXPORT}?priority=urgent`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/u);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="waiting-list-[a-z-]+\.csv"$/u);
      expect(String(response.headers['cache-control'])).toContain('no-store');
      const records = csvRecords(response.body);
      expect(records.map((r) => keyOf.get(r.Reference!))).toEqual(['d29', 'd28', 'd13']);
      expect(records[0]).toMatchObject({
        'Given name': 'Childd29',
        'Family name': 'Waiting',
        Priority: 'Urgent',
        'Waiting since': '2027-10-17',
        'Weeks waited': '4',
        'Days waited': '29',
        Band: '4 to 12 weeks',
        'Target weeks': '4',
        'Over target': 'Yes',
      });
      const recorded = await auditRows(t.deps, { afterId: since });
      expect(recorded.map((r) => `${r.action} ${r.outcome}`)).toEqual(['waiting-list.exported success']);
    });

    it('refuses a bad filter with 400', async () => {
      expect((await officer.get(`${EXPORT}?band=forever`)).status).toBe(400);
      expect((await officer.get(`${EXPORT}?format=xlsx`)).status).toBe(400);
    });

    it('neutralises a name that a spreadsheet would run as a formula', async () => {
      const made = await aReferral({ childGivenName: "=cmd|' /C calc'!A0", childFamilyName: '+SUM(1,2)' })
        .accepted({ priority: 'urgent', pathway: 'hand-splinting' })
        .create(t.deps);
      const response = await officer.get(`${EXPORT}?pathway=hand-splinting`);
      const records = csvRecords(response.body);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        Reference: made.reference,
        'Given name': "'=cmd|' /C calc'!A0",
        'Family name': "'+SUM(1,2)",
      });
    });
  });
});
