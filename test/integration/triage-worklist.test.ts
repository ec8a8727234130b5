/**
 * The triage worklist as a triage clinician uses it: the referrals waiting for a decision, oldest first, with the
 * counts and a warning for those past the triage target; each filter and the order; 25 a page; no child named in
 * full; and refusals (403 for roles without `triage:read`, 400 for values off the allow-lists, never a 500).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dependencies } from '../../src/composition.js';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aReferral } from '../support/factories.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { completeReferral } from '../support/referral.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

/** Monday 7 December 2026, 10:00 in London: the triage target of 10 working days reaches back to Monday 23 November. */
const NOW = new Date('2026-12-07T10:00:00Z');
const WORKLIST = paths.triage.worklist.build();

interface Fixture {
  key: string;
  serviceId?: string;
  status?: string;
  receivedOn: string;
  referrerType?: string;
  outcome?: 'eligible' | 'ineligible' | 'unclear';
  childMatch?: string;
  safeguarding?: boolean;
  pathway?: string;
  priority?: string;
  decidedAt?: string;
  /** The triage clock's start, when it was paused and moved on; the received date otherwise. */
  clockFrom?: string;
  replyDueOn?: string;
  dateOfBirth?: string;
  schoolUrn?: string | null;
  givenName?: string;
  familyName?: string;
}

/** Schools the area filter reads: one in Leicester (856), one in Leicestershire (855), one outside the area (873). */
const SCHOOLS = [
  { urn: '900001', la_code: '856', la_name: 'Leicester' },
  { urn: '900002', la_code: '855', la_name: 'Leicestershire' },
  { urn: '900003', la_code: '873', la_name: 'Cambridgeshire' },
];

async function insertSchools(deps: Dependencies): Promise<void> {
  const now = NOW.toISOString();
  await deps.database.db
    .insertInto('schools')
    .values(
      SCHOOLS.map((s) => ({
        ...s,
        name: `School ${s.urn}`,
        establishment_type: null,
        establishment_type_group: null,
        phase: 'Primary',
        status: 'open',
        open_date: null,
        close_date: null,
        statutory_low_age: 4,
        statutory_high_age: 11,
        street: null,
        town: null,
        postcode: null,
        first_seen_at: now,
        updated_at: now,
        source_file: 'test',
        missing_since: null,
      })),
    )
    .execute();
}

/** A child and a referral written straight to the tables, as a submission would leave them (and triage, if decided). */
async function insertReferral(deps: Dependencies, f: Fixture): Promise<{ id: string; reference: string }> {
  const db = deps.database.db;
  const serviceId = f.serviceId ?? LLR;
  const childId = randomUUID();
  const id = randomUUID();
  const reference = `OT-${id.slice(0, 4).toUpperCase()}-${id.slice(4, 8).toUpperCase()}`;
  const at = `${f.receivedOn}T09:00:00.000Z`;
  await db
    .insertInto('children')
    .values({
      id: childId,
      service_id: serviceId,
      nhs_number: null,
      given_name: f.givenName ?? 'Zanele',
      family_name: f.familyName ?? 'Quartermaine',
      known_as: null,
      date_of_birth: f.dateOfBirth ?? '2018-03-14',
      sex: 'female',
      address_line_1: '1 Test Street',
      address_line_2: null,
      town: 'Leicester',
      postcode: 'LE1 6FB',
      gp_practice_code: null,
      school_urn: f.schoolUrn ?? null,
      language: null,
      interpreter_needed: 0,
      access_needs: null,
      created_at: at,
      updated_at: at,
      version: 1,
    })
    .execute();
  await db
    .insertInto('referrals')
    .values({
      id,
      service_id: serviceId,
      reference,
      child_id: childId,
      status: f.status ?? 'awaiting-triage',
      source: 'online',
      received_at: at,
      received_on: f.receivedOn,
      referrer_type: f.referrerType ?? 'gp',
      referrer_name: 'Sam Okafor',
      referrer_email: null,
      answers: '{}',
      eligibility_outcome: f.outcome ?? 'eligible',
      eligibility: '{}',
      policy_version: '2026-11-27.1',
      child_match: f.childMatch ?? 'new',
      possible_child_id: null,
      safeguarding_concern: f.safeguarding === true ? 1 : 0,
      idempotency_key: randomUUID(),
      created_by: null,
      created_at: at,
      updated_at: at,
      version: 1,
      pathway: f.pathway ?? null,
      priority: f.priority ?? null,
      setting: f.pathway === undefined ? null : 'clinic',
      reply_due_on: f.replyDueOn ?? null,
      decided_at: f.decidedAt ?? null,
      overridden: 0,
      clock_from: f.clockFrom ?? f.receivedOn,
    })
    .execute();
  return { id, reference };
}

/**
 * The referrals of the filter tests. Ages are on 7 December 2026: "five-today" turns 5 that day, "under-five" turns 5
 * the day after; "eleven" is 11 and its school is outside the service's local authorities.
 */
const FIXTURES: Fixture[] = [
  {
    key: 'overdue',
    receivedOn: '2026-11-20',
    referrerType: 'gp',
    dateOfBirth: '2020-12-07',
    schoolUrn: '900001',
    givenName: 'Oluwaseun',
    familyName: 'Abernethy',
  },
  {
    key: 'at-target',
    receivedOn: '2026-11-23',
    referrerType: 'parent-carer',
    outcome: 'unclear',
    childMatch: 'possible',
    dateOfBirth: '2021-12-08',
    schoolUrn: null,
    givenName: 'Bartholomew',
    familyName: 'Featherstonehaugh',
  },
  {
    key: 'five-today',
    status: 'more-information-requested',
    receivedOn: '2026-12-01',
    // More information was asked for on Thursday 3 December, due back on the Friday: the clock paused at 2 days.
    decidedAt: '2026-12-03T11:00:00.000Z',
    replyDueOn: '2026-12-04',
    referrerType: 'education-staff',
    safeguarding: true,
    dateOfBirth: '2021-12-07',
    schoolUrn: '900002',
    givenName: 'Ceridwen',
    familyName: 'Llewellyn-Price',
  },
  {
    key: 'eleven',
    receivedOn: '2026-12-04',
    referrerType: 'health-professional',
    dateOfBirth: '2015-12-07',
    schoolUrn: '900003',
    givenName: 'Dmitri',
    familyName: 'Vasquez-Oyelaran',
  },
  {
    key: 'teen',
    receivedOn: '2026-12-07',
    referrerType: 'self',
    outcome: 'ineligible',
    dateOfBirth: '2010-12-07',
    schoolUrn: '999999',
    givenName: 'Eilidh',
    familyName: 'MacGillivray',
  },
  {
    key: 'accepted-coordination',
    status: 'accepted',
    receivedOn: '2026-10-01',
    childMatch: 'nhs-number-conflict',
    pathway: 'coordination',
    priority: 'urgent',
    decidedAt: '2026-10-08T11:00:00.000Z',
  },
  {
    key: 'accepted-sensory',
    status: 'accepted',
    receivedOn: '2026-10-02',
    pathway: 'sensory-needs',
    priority: 'routine',
    decidedAt: '2026-10-09T11:00:00.000Z',
  },
  {
    key: 'not-accepted',
    status: 'not-accepted',
    receivedOn: '2026-09-01',
    // A possible match a clinician has answered is no longer flagged.
    childMatch: 'not-same',
    outcome: 'ineligible',
    decidedAt: '2026-09-03T11:00:00.000Z',
  },
  { key: 'withdrawn', status: 'withdrawn', receivedOn: '2026-08-03', childMatch: 'confirmed-same' },
];

const WAITING_IN_ORDER = ['overdue', 'at-target', 'five-today', 'eleven', 'teen'];

function references(page: Page): string[] {
  if (page.document.querySelector('table') === null) return [];
  return tableRows(page, /^Referrals/u).map((r) => r.Reference!.split(' ')[0]!);
}

describeEachDialect('the triage worklist', (dialect) => {
  let t: TestApp;
  let triager: CreatedStaff;
  let client: TestClient;
  const refs = new Map<string, string>();
  const keyOf = new Map<string, string>();
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: movableClock(NOW).clock, twoServices: true });
    triager = await aStaffMember().called('Tamsin Triage').withRoles('triage-clinician').create(t.deps);
    await insertSchools(t.deps);
    for (const f of FIXTURES) {
      const { id, reference } = await insertReferral(t.deps, f);
      refs.set(f.key, reference);
      keyOf.set(reference, f.key);
      ids.set(f.key, id);
    }
    // Another service's referral, waiting and overdue: never on this service's list.
    const other = await insertReferral(t.deps, {
      key: 'other-service',
      serviceId: SECOND_SERVICE,
      receivedOn: '2026-11-02',
    });
    keyOf.set(other.reference, 'other-service');
    client = new TestClient(t.app);
    await signIn(client, triager);
  });
  afterAll(async () => {
    await t.close();
  });

  const listed = async (query = '') => {
    const page = await client.get(`${WORKLIST}${query}`);
    expect(page.status, `${query}: ${errorSummary(page).join('; ')}`).toBe(200);
    return references(page).map((r) => keyOf.get(r) ?? r);
  };

  it('lists the referrals waiting for triage, oldest first, with the counts', async () => {
    const page = await client.get(WORKLIST);
    expect(page.status).toBe(200);
    expect(text(page.document.querySelector('h1'))).toBe('Triage worklist');
    expect(references(page).map((r) => keyOf.get(r))).toEqual(WAITING_IN_ORDER);
    const main = text(page.document.querySelector('main'));
    expect(main).toContain('5 referrals Awaiting triage: 4 More information requested: 1');
    expect(main).toContain('Awaiting triage: 4');
    expect(main).toContain('More information requested: 1');
  });

  it('links each reference to its triage page and gives initials, age, dates, referrer, eligibility and status', async () => {
    const page = await client.get(WORKLIST);
    const rows = tableRows(page, /^Referrals/u);
    expect(rows[0]).toEqual({
      Reference: refs.get('overdue'),
      Child: 'OA',
      Age: '6',
      Received: '20 November 2026',
      Waiting: '11 working days Over target',
      'Referred by': 'A GP',
      Eligibility: 'Meets the criteria',
      Status: 'Awaiting triage',
    });
    expect(rows[2]).toMatchObject({ Child: 'CL', Age: '5', Status: 'More information requested' });
    const link = page.screen.getByRole('link', { name: refs.get('overdue') });
    expect(link.getAttribute('href')).toBe(paths.triage.referral.build({ referralId: ids.get('overdue')! }));
  });

  it('names no child in full anywhere on the page', async () => {
    const page = await client.get(`${WORKLIST}?status=all`);
    for (const f of FIXTURES) {
      for (const name of [f.givenName ?? 'Zanele', f.familyName ?? 'Quartermaine']) {
        expect(page.body).not.toContain(name);
      }
    }
  });

  it('warns exactly past the target: 11 working days is over, 10 is not, and counts those over at the top', async () => {
    const page = await client.get(WORKLIST);
    const rows = tableRows(page, /^Referrals/u);
    const waiting = Object.fromEntries(rows.map((r) => [keyOf.get(r.Reference!.split(' ')[0]!), r.Waiting]));
    expect(waiting).toEqual({
      overdue: '11 working days Over target',
      'at-target': '10 working days',
      'five-today': '2 working days (clock paused) Reply due 4 December 2026 Reply overdue',
      eleven: '1 working day',
      teen: '0 working days',
    });
    const callout = page.document.querySelector('.app-worklist-overdue');
    expect(text(callout)).toContain('1 referral has waited longer than the 10 working day target.');
    const within = await client.get(`${WORKLIST}?waiting=within-target`);
    expect(within.document.querySelector('.app-worklist-overdue')).toBeNull();
    expect(text(within.document.querySelector('main'))).toContain(
      'None of these has waited longer than the triage target.',
    );
  });

  it('tags possible duplicates and safeguarding concerns', async () => {
    const rows = tableRows(await client.get(WORKLIST), /^Referrals/u);
    const tags = Object.fromEntries(
      rows.map((r) => [keyOf.get(r.Reference!.split(' ')[0]!), r.Reference!.split(' ').slice(1).join(' ')]),
    );
    expect(tags).toEqual({
      overdue: '',
      'at-target': 'Possible duplicate',
      'five-today': 'Safeguarding',
      eleven: '',
      teen: '',
    });
  });

  describe('filters', () => {
    it.each([
      ['status=accepted', ['accepted-coordination', 'accepted-sensory']],
      ['status=accepted&status=not-accepted', ['not-accepted', 'accepted-coordination', 'accepted-sensory']],
      ['status=all', ['withdrawn', 'not-accepted', 'accepted-coordination', 'accepted-sensory', ...WAITING_IN_ORDER]],
      ['status=all&pathway=coordination', ['accepted-coordination']],
      ['status=all&pathway=coordination&pathway=sensory-needs', ['accepted-coordination', 'accepted-sensory']],
      ['pathway=coordination', []],
      ['status=all&priority=urgent', ['accepted-coordination']],
      ['referrer=gp', ['overdue']],
      ['referrer=self&referrer=parent-carer', ['at-target', 'teen']],
      ['eligibility=unclear', ['at-target']],
      ['eligibility=ineligible&status=all', ['not-accepted', 'teen']],
      ['age=under-5', ['at-target']],
      ['age=5-to-10', ['overdue', 'five-today']],
      ['age=11-to-15', ['eleven']],
      ['age=16-and-over', ['teen']],
      ['age=under-5&age=16-and-over', ['at-target', 'teen']],
      ['area=856', ['overdue']],
      ['area=855', ['five-today']],
      ['area=857', []],
      ['area=not-known', ['at-target', 'teen']],
      ['area=856&area=not-known', ['overdue', 'at-target', 'teen']],
      ['waiting=over-target', ['overdue']],
      ['waiting=within-target', ['at-target', 'eleven', 'teen']],
      ['waiting=reply-overdue', ['five-today']],
      ['waiting=reply-overdue&status=awaiting-triage', []],
      ['waiting=over-target&status=more-information-requested', []],
      ['waiting=over-target&status=accepted', []],
      ['flag=possible-duplicate', ['at-target']],
      ['flag=safeguarding', ['five-today']],
      ['flag=possible-duplicate&flag=safeguarding', ['at-target', 'five-today']],
      ['status=all&flag=possible-duplicate', ['accepted-coordination', 'at-target']],
      ['referrer=gp&age=5-to-10&area=856&waiting=over-target', ['overdue']],
      ['status=awaiting-triage&status=awaiting-triage', ['overdue', 'at-target', 'eleven', 'teen']],
    ])('?%s', async (query, expected) => {
      expect(await listed(`?${query}`)).toEqual(expected);
    });

    it('shows what it filtered on, ticked, in a form that works without JavaScript', async () => {
      const page = await client.get(`${WORKLIST}?status=accepted&age=under-5&sort=newest&waiting=over-target`);
      const form = page.document.querySelector('form[method="get"]');
      expect(form?.getAttribute('action')).toBe(WORKLIST);
      expect(page.screen.getByLabelText<HTMLInputElement>('Accepted').checked).toBe(true);
      expect(page.screen.getByLabelText<HTMLInputElement>('Awaiting triage').checked).toBe(false);
      expect(page.screen.getByLabelText<HTMLInputElement>('Under 5').checked).toBe(true);
      expect(page.screen.getByLabelText<HTMLSelectElement>('Order').value).toBe('newest');
      expect(page.screen.getByLabelText<HTMLSelectElement>('How long they have waited').value).toBe('over-target');
      // With no status ticked, the waiting ones are listed and shown ticked.
      const plain = await client.get(WORKLIST);
      expect(plain.screen.getByLabelText<HTMLInputElement>('Awaiting triage').checked).toBe(true);
      expect(plain.screen.getByLabelText<HTMLInputElement>('More information requested').checked).toBe(true);
    });
  });

  describe('order', () => {
    it('is oldest first by default and newest first when asked', async () => {
      expect(await listed('?sort=received')).toEqual(WAITING_IN_ORDER);
      expect(await listed('?sort=newest')).toEqual([...WAITING_IN_ORDER].reverse());
      // With no clock paused and moved on among these, the longest waiting are the oldest received.
      expect(await listed('?sort=waiting')).toEqual(WAITING_IN_ORDER);
    });
  });

  describe('who may see it', () => {
    it.each(['clinician', 'admin-officer', 'auditor', 'service-manager'] as const)(
      'refuses someone who is only a %s with 403, and records the denial',
      async (role) => {
        const staff = await aStaffMember().withRoles(role).create(t.deps);
        const other = new TestClient(t.app);
        await signIn(other, staff);
        const since = await lastAuditId(t.deps);
        const page = await other.get(WORKLIST);
        expect(page.status).toBe(403);
        expect(references(page)).toEqual([]);
        const recorded = await auditRows(t.deps, { afterId: since });
        expect(recorded.map((r) => `${r.action} ${r.outcome}`)).toEqual(['access.denied denied']);
        const home = await other.get(paths.staff.home.build());
        expect(home.screen.queryByRole('link', { name: 'Triage' })).toBeNull();
      },
    );

    it('refuses an administrator: they manage accounts and see no referral (issue 14)', async () => {
      const admin = await aStaffMember().withRoles('admin').create(t.deps);
      const other = new TestClient(t.app);
      await signIn(other, admin);
      const page = await other.get(WORKLIST);
      expect(page.status).toBe(403);
      expect(references(page)).toHaveLength(0);
    });

    it('offers triage clinicians a Triage link in the navigation and on the staff home', async () => {
      const home = await client.get(paths.staff.home.build());
      const links = home.screen.getAllByRole('link', { name: 'Triage' }).map((a) => a.getAttribute('href'));
      expect(links.length).toBe(2);
      expect(new Set(links)).toEqual(new Set([WORKLIST]));
    });

    it('records each viewing in the audit trail', async () => {
      const since = await lastAuditId(t.deps);
      await client.get(`${WORKLIST}?status=accepted`);
      const recorded = await auditRows(t.deps, { afterId: since });
      expect(recorded.map((r) => [r.action, r.outcome, r.actor_user_id, r.service_id])).toEqual([
        ['triage.worklist-viewed', 'success', triager.id, LLR],
      ]);
    });
  });
});

describeEachDialect('the triage worklist, page by page', (dialect) => {
  let t: TestApp;
  let client: TestClient;
  const order: string[] = [];
  let online = '';

  beforeAll(async () => {
    const time = movableClock(NOW);
    t = await createTestApp(dialect, { clock: time.clock });
    // 63 referrals made through the use cases, received eight hours apart from 2 November (after the factory's consent
    // date), oldest first; then one sent through the real online form today.
    for (let i = 0; i < 63; i++) {
      time.set(new Date(Date.UTC(2026, 10, 2, 9 + 8 * i)));
      order.push((await aReferral().create(t.deps)).reference);
    }
    time.set(NOW);
    const family = new TestClient(t.app);
    await completeReferral(family, { referrerType: 'health-professional' });
    const sent = await family.post('/refer/check-your-answers');
    expect(sent.status).toBe(303);
    online = text((await family.follow(sent)).document.querySelector('.nhsuk-panel__body strong'));
    order.push(online);
    const triager = await aStaffMember().withRoles('triage-clinician').create(t.deps);
    client = new TestClient(t.app);
    await signIn(client, triager);
  });
  afterAll(async () => {
    await t.close();
  });

  const pageOf = async (query: string) => {
    const page = await client.get(`${WORKLIST}${query}`);
    expect(page.status).toBe(200);
    return page;
  };

  it('shows 25 a page, in order, with no referral on two pages, and says which page it is', async () => {
    const seen: string[] = [];
    for (const n of [1, 2, 3]) {
      const page = await pageOf(`?page=${String(n)}`);
      expect(text(page.document.querySelector('main'))).toContain(`64 referrals (page ${String(n)} of 3)`);
      seen.push(...references(page));
    }
    expect(seen).toEqual(order);
  });

  it('gives numbered pages and next and previous links that keep the filters', async () => {
    const page = await pageOf('?page=2&sort=newest&referrer=gp');
    const nav = page.screen.getByRole('navigation', { name: 'Pagination' });
    const hrefs = [...nav.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual([
      `${WORKLIST}?referrer=gp&sort=newest`,
      `${WORKLIST}?referrer=gp&sort=newest`,
      `${WORKLIST}?referrer=gp&sort=newest&page=2`,
      `${WORKLIST}?referrer=gp&sort=newest&page=3`,
      `${WORKLIST}?referrer=gp&sort=newest&page=3`,
    ]);
    expect(nav.querySelector('[aria-current="page"]')?.textContent.trim()).toBe('2');
  });

  it.each([
    ['page=99', 3],
    ['page=999999999999', 3],
    ['page=0', 1],
    ['page=-1', 1],
    ['page=-999999999999', 1],
  ])('clamps ?%s to page %i', async (query, expected) => {
    const page = await pageOf(`?${query}`);
    expect(text(page.document.querySelector('main'))).toContain(`(page ${String(expected)} of 3)`);
    expect(references(page)).toEqual(order.slice((expected - 1) * 25, expected * 25));
  });

  it('lists a referral sent through the online form, by initials and age only', async () => {
    const page = await pageOf('?sort=newest');
    const rows = tableRows(page, /^Referrals/u);
    expect(rows[0]).toMatchObject({
      Reference: online,
      Child: 'AN',
      Age: '10',
      Received: '7 December 2026',
      Waiting: '0 working days',
      'Referred by': 'A health professional',
      Status: 'Awaiting triage',
    });
    expect(page.body).not.toContain('Amara');
    expect(page.body).not.toContain('Ndiaye');
  });

  it('says so when nothing matches', async () => {
    const page = await pageOf('?status=closed');
    expect(references(page)).toEqual([]);
    expect(text(page.document.querySelector('main'))).toContain('No referrals match these filters.');
  });
});

/** Values off the allow-lists, each with the message its field gets. */
const REFUSED: [query: string, message: string][] = [
  ['status=unknown', 'Select statuses from the list'],
  ['status=awaiting-triage&status=bogus', 'Select statuses from the list'],
  ["status=awaiting-triage'%20OR%20'1'='1", 'Select statuses from the list'],
  ['sort=name;drop%20table%20referrals', 'Select an order from the list'],
  ['sort=received&sort=newest', 'Select an order from the list'],
  ['sort=received_on%20desc', 'Select an order from the list'],
  ['page=abc', 'Enter a page number, like 2'],
  ['page=1e9', 'Enter a page number, like 2'],
  ['page=1.5', 'Enter a page number, like 2'],
  ['page=1&page=2', 'Enter a page number, like 2'],
  [`page=${'9'.repeat(13)}`, 'Enter a page number, like 2'],
  ['pathway=coordination%27%3B--', 'Select pathways from the list'],
  ['pathway=neuro', 'Select pathways from the list'],
  ['priority=asap', 'Select priorities from the list'],
  ['referrer=admin', 'Select who referred from the list'],
  ['eligibility=maybe', 'Select eligibility results from the list'],
  ['age=3', 'Select age groups from the list'],
  ['area=830', 'Select areas from the list'],
  ['area=Leicester', 'Select areas from the list'],
  ['flag=urgent', 'Select flags from the list'],
  ['waiting=forever', 'Select how long referrals have waited from the list'],
  ['waiting=over-target&waiting=within-target', 'Select how long referrals have waited from the list'],
];

describeEachDialect('the triage worklist refuses what is not on its allow-lists', (dialect) => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: movableClock(NOW).clock });
    await aReferral().create(t.deps);
    const triager = await aStaffMember().withRoles('triage-clinician').create(t.deps);
    client = new TestClient(t.app);
    await signIn(client, triager);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 400 with the form and an error summary naming the field, and lists nothing', async () => {
    const results = [];
    for (const [query] of REFUSED) {
      const page = await client.get(`${WORKLIST}?${query}`);
      results.push({
        query,
        status: page.status,
        heading: text(page.document.querySelector('h1')),
        summary: errorSummary(page),
        rows: references(page).length,
      });
    }
    expect(results).toEqual(
      REFUSED.map(([query, message]) => ({
        query,
        status: 400,
        heading: 'Triage worklist',
        summary: [message],
        rows: 0,
      })),
    );
  });

  it('links each message to its field and keeps what was valid', async () => {
    const page = await client.get(`${WORKLIST}?status=accepted&sort=x&flag=y`);
    expect(page.status).toBe(400);
    expect(page.screen.getByRole('link', { name: 'Select an order from the list' }).getAttribute('href')).toBe('#sort');
    expect(page.screen.getByRole('link', { name: 'Select flags from the list' }).getAttribute('href')).toBe('#flag');
    expect(page.document.getElementById('flag')).not.toBeNull();
    expect(page.screen.getByLabelText<HTMLInputElement>('Accepted').checked).toBe(true);
    expect(page.document.querySelector('details')?.hasAttribute('open')).toBe(true);
  });

  it('refuses unknown parameters, poisoned names and NUL bytes with 400, never 500', async () => {
    for (const query of [
      'limit=1000000000',
      'limit=25',
      'offset=0',
      'order=received_on',
      'status[]=accepted',
      '__proto__=x',
      'constructor=x',
      'status=%00',
      'sort=a%00b',
    ]) {
      const page = await client.get(`${WORKLIST}?${query}`);
      expect({ query, status: page.status }).toEqual({ query, status: 400 });
      expect(references(page)).toEqual([]);
    }
  });
});
