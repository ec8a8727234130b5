/**
 * Hazard "child lost from the waiting list", on both databases:
 *
 * - every referral accepted (and not withdrawn since) is on the list exactly once, whatever else happened to the
 *   referrals around it: a seeded mix of accepted, declined, redirected, withdrawn-after-acceptance, awaiting and
 *   waiting-for-information referrals, received on scattered days, read page by page in both orders, in the band
 *   counts, in the pathway summary and in the export;
 * - the care migration's backfill: referrals accepted before the migration existed (rows written on a database
 *   migrated only up to the migration before it) are all on the list after migrating to the latest.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Migrator, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/data/create-db.js';
import { migrateToLatest } from '../../src/data/migrate.js';
import { insertChild } from '../../src/data/referrals/children.repository.js';
import { insertReferral } from '../../src/data/referrals/referrals.repository.js';
import { upsertService } from '../../src/data/services/services.repository.js';
import { countWaiting, waitingPage } from '../../src/data/care/waiting-list.repository.js';
import { paths } from '../../src/web/paths.js';
import { aStaffMember } from '../support/builders.js';
import { onDay } from '../support/care-factories.js';
import { TestClient, type Page } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { csvRecords } from '../support/csv.js';
import { createTestDatabase, describeEachDialect } from '../support/databases.js';
import { aReferral, type ReferralFactory } from '../support/factories.js';
import { tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const TODAY = '2027-03-01';
const LIST = paths.waitingList.list.build();

/** A small seeded generator (mulberry32), so that the mix is the same on every run. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Fate = 'accepted' | 'declined' | 'redirected' | 'withdrawn-after-acceptance' | 'awaiting' | 'asked';
const FATES: Fate[] = [
  ...(['accepted', 'accepted', 'accepted', 'accepted', 'accepted'] as const),
  ...(['declined', 'redirected', 'withdrawn-after-acceptance', 'awaiting', 'asked'] as const),
];
const PATHWAYS = ['coordination', 'sensory-needs', 'early-years'];
const PRIORITIES = ['urgent', 'soon', 'routine'] as const;

function factoryFor(fate: Fate, random: () => number): ReferralFactory {
  const accept = {
    pathway: PATHWAYS[Math.floor(random() * PATHWAYS.length)]!,
    priority: PRIORITIES[Math.floor(random() * PRIORITIES.length)]!,
  };
  switch (fate) {
    case 'accepted':
      return aReferral().accepted(accept);
    case 'declined':
      return aReferral().declined();
    case 'redirected':
      return aReferral().redirected();
    case 'withdrawn-after-acceptance':
      return aReferral().accepted(accept).withdrawn();
    case 'awaiting':
      return aReferral();
    case 'asked':
      return aReferral().moreInformationRequested();
  }
}

describeEachDialect('no child lost from the waiting list', (dialect) => {
  let t: TestApp;
  let client: TestClient;
  const expected: string[] = [];
  const all: string[] = [];

  beforeAll(async () => {
    const time = movableClock(onDay(TODAY));
    t = await createTestApp(dialect, { clock: time.clock });
    const random = seeded(13);
    // 60 referrals received on scattered days since 2 November 2026, several on the same day.
    for (let i = 0; i < 60; i += 1) {
      const fate = FATES[Math.floor(random() * FATES.length)]!;
      const day = new Date(Date.UTC(2026, 10, 2 + Math.floor(random() * 110), 10));
      time.set(day);
      const made = await factoryFor(fate, random).create(t.deps);
      all.push(made.reference);
      if (fate === 'accepted') expected.push(made.reference);
    }
    time.set(onDay(TODAY));
    const officer = await aStaffMember().withRoles('admin-officer').create(t.deps);
    client = new TestClient(t.app);
    await signIn(client, officer);
  });
  afterAll(async () => {
    await t.close();
  });

  const referencesOn = (page: Page) =>
    page.document.querySelector('table.app-waiting-table') === null
      ? []
      : tableRows(page, /^Children on the list/u).map((r) => r.Reference!);

  async function everyPage(query: string): Promise<string[]> {
    const seen: string[] = [];
    for (let n = 1; n <= 10; n += 1) {
      const page = await client.get(`${LIST}?${query}page=${String(n)}`);
      expect(page.status).toBe(200);
      seen.push(...referencesOn(page));
      if (!text(page.document.querySelector('main')).includes(`page ${String(n)} of `)) break;
      if (text(page.document.querySelector('main')).includes(`page ${String(n)} of ${String(n)})`)) break;
    }
    return seen;
  }

  it('has more than one page to read (the mix is big enough to test paging)', () => {
    expect(expected.length).toBeGreaterThan(25);
    expect(all.length - expected.length).toBeGreaterThan(5);
  });

  it.each([
    ['who is next', ''],
    ['longest wait', 'sort=longest&'],
  ])('lists every accepted referral exactly once, page by page, in the %s order', async (_name, query) => {
    const seen = await everyPage(query);
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
    const page = await client.get(LIST);
    expect(text(page.document.querySelector('main'))).toContain(`${String(expected.length)} children match`);
  });

  it('counts every one of them in one band and one pathway and priority', async () => {
    const page = await client.get(LIST);
    const bands = tableRows(page, 'Children waiting in each band of completed weeks');
    expect(bands.reduce((n, b) => n + Number(b.Children), 0)).toBe(expected.length);
    const summary = tableRows(page, 'Children waiting by pathway and priority');
    expect(summary.reduce((n, g) => n + Number(g.Waiting), 0)).toBe(expected.length);
  });

  it('exports every one of them exactly once', async () => {
    const response = await client.get(paths.waitingList.export.build());
    const refs = csvRecords(response.body).map((r) => r.Reference!);
    expect([...refs].sort()).toEqual([...expected].sort());
  });

  it('filters partition the list: each band, and over or within the target, add up to the whole', async () => {
    const bands = ['0-1', '1-2', '2-4', '4-12', '12-18', '18-52', 'over-52'];
    const byBand = (await Promise.all(bands.map((b) => everyPage(`band=${b}&`)))).flat();
    expect([...byBand].sort()).toEqual([...expected].sort());
    const over = await everyPage('overTarget=yes&');
    const within = await everyPage('overTarget=no&');
    expect([...over, ...within].sort()).toEqual([...expected].sort());
  });
});

/** The migrations before the care migration, read from their folder as migrate.ts lists them (by name). */
async function migrationsBeforeCare(): Promise<Record<string, Migration>> {
  const dir = resolve(import.meta.dirname, '../../src/data/migrations');
  const names = readdirSync(dir)
    .filter((f) => /^\d{4}-\d{2}-\d{2}T[\d-]+-[a-z-]+\.ts$/u.test(f))
    .map((f) => f.replace(/\.ts$/u, ''))
    .filter((name) => name < '2026-12-04T09-00-00-care')
    .sort();
  const out: Record<string, Migration> = {};
  for (const name of names) out[name] = (await import(`${dir}/${name}.ts`)) as Migration;
  return out;
}

describeEachDialect('the care migration backfills the waiting list', (dialect) => {
  it('puts every referral accepted before it on the list, once, waiting from the day received', async () => {
    const testDb = await createTestDatabase(dialect);
    const handle = openDatabase(testDb.url);
    try {
      const migrations = await migrationsBeforeCare();
      const before = new Migrator({ db: handle.db, provider: { getMigrations: () => Promise.resolve(migrations) } });
      const done = await before.migrateToLatest();
      expect(done.error).toBeUndefined();
      const at = '2026-11-20T10:00:00.000Z';
      await upsertService(handle.db, { id: 'llr-childrens-ot', name: 'LLR', organisationName: 'NHS' }, at);
      const statuses = ['accepted', 'not-accepted', 'accepted', 'awaiting-triage', 'withdrawn', 'accepted'];
      for (const [i, status] of statuses.entries()) {
        const n = String(i + 1);
        await insertChild(handle.db, {
          id: `child-${n}`,
          service_id: 'llr-childrens-ot',
          nhs_number: null,
          given_name: `Child${n}`,
          family_name: 'Before',
          known_as: null,
          date_of_birth: '2019-03-04',
          sex: 'female',
          address_line_1: '1 High Street',
          address_line_2: null,
          town: 'Leicester',
          postcode: 'LE1 1AA',
          gp_practice_code: null,
          school_urn: null,
          gp_practice_typed: null,
          school_typed: null,
          language: null,
          interpreter_needed: 0,
          access_needs: null,
          created_at: at,
          updated_at: at,
          version: 1,
          merged_into: null,
        });
        const decided = status === 'awaiting-triage' ? null : at;
        await insertReferral(handle.db, {
          id: `referral-${n}`,
          service_id: 'llr-childrens-ot',
          reference: `OT-OLD-000${n}`,
          child_id: `child-${n}`,
          status,
          source: 'online',
          received_at: `2026-1${String(i % 2)}-0${n}T09:00:00.000Z`,
          received_on: `2026-1${String(i % 2)}-0${n}`,
          referrer_type: 'gp',
          referrer_name: 'Dr Patel',
          referrer_email: null,
          answers: '{}',
          eligibility_outcome: 'eligible',
          eligibility: '{}',
          policy_version: 'test',
          child_match: 'new',
          possible_child_id: null,
          safeguarding_concern: 0,
          idempotency_key: `key-${n}`,
          created_by: null,
          created_at: at,
          updated_at: at,
          version: 1,
          pathway: status === 'accepted' ? 'coordination' : null,
          priority: status === 'accepted' ? (i === 0 ? 'urgent' : 'routine') : null,
          setting: status === 'accepted' ? 'clinic' : null,
          reply_due_on: null,
          decided_at: decided,
          overridden: 0,
          clock_from: `2026-1${String(i % 2)}-0${n}`,
          reply_reminded_at: null,
        });
      }
      await migrateToLatest(handle.db);

      const query = {
        serviceId: 'llr-childrens-ot',
        pathways: [],
        priorities: [],
        settings: [],
        waitFrom: [],
        target: null,
        order: 'next' as const,
      };
      expect(await countWaiting(handle.db, query)).toBe(3);
      const rows = await waitingPage(handle.db, query);
      expect(rows.map((r) => [r.reference, r.priority, r.waitFrom, r.child.givenName])).toEqual([
        ['OT-OLD-0001', 'urgent', '2026-10-01', 'Child1'],
        ['OT-OLD-0003', 'routine', '2026-10-03', 'Child3'],
        ['OT-OLD-0006', 'routine', '2026-11-06', 'Child6'],
      ]);
    } finally {
      await handle.destroy();
      await testDb.drop();
    }
  });
});

describe('the seeded mix', () => {
  it('is the same every run', () => {
    const a = seeded(13);
    const b = seeded(13);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});
