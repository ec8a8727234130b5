/**
 * The benchmarks' synthetic data (bench/data, over src/data/demo): the same seed builds the same data, the records are
 * valid against the real reference data in ../shared/data (read from there, never copied in) and the facts schema, the
 * eligibility outcomes are mixed, another reference date moves the whole data set, and the bulk loader builds again
 * every index it dropped for the load, on both databases. Only S is built here: M and L are the same code with larger
 * counts, and too slow for a test.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATA_SETS,
  DEFAULT_SEED,
  generateChildren,
  generateChildrenWithReferrals,
  generateReferrals,
  REFERENCE_DATE,
  type SyntheticChild,
  type SyntheticReferral,
} from '../../bench/data/generate.js';
import { loadDataSet } from '../../bench/data/load.js';
import { Random } from '../../bench/data/random.js';
import { loadBenchReference, loadServiceDefinition } from '../../bench/data/reference.js';
import { openDatabase } from '../../src/data/create-db.js';
import { droppableIndexes } from '../../src/data/demo/bulk-insert.js';
import { countAllReferrals } from '../../src/data/demo/load.js';
import { decide, parseFacts, type Outcome } from '../../src/domain/eligibility/index.js';
import { addMonthsClamped, ageInYears } from '../../src/domain/shared/dates.js';
import { isValidNhsNumber } from '../../src/domain/shared/nhs-number.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';

const definition = loadServiceDefinition();
const reference = loadBenchReference(definition);
const S = DATA_SETS.S;

function hashOfFirst(records: Iterable<unknown>, count: number): string {
  const hash = createHash('sha256');
  let taken = 0;
  for (const record of records) {
    if (taken++ === count) break;
    hash.update(`${JSON.stringify(record)}\n`);
  }
  return hash.digest('hex');
}

const children: SyntheticChild[] = [...generateChildren(S, reference)];
const referrals: SyntheticReferral[] = [...generateReferrals(S, reference)];
const childById = new Map(children.map((c) => [c.id, c]));

describe('the seeded random numbers', () => {
  it('give the same sequence for the same seed and stream, and another for another seed or stream', () => {
    const draw = (random: Random) => Array.from({ length: 20 }, () => random.next());
    expect(draw(new Random(7, 'x'))).toEqual(draw(new Random(7, 'x')));
    expect(draw(new Random(7, 'x'))).not.toEqual(draw(new Random(8, 'x')));
    expect(draw(new Random(7, 'x'))).not.toEqual(draw(new Random(7, 'y')));
  });

  it('stay within their ranges', () => {
    const random = new Random(1);
    for (let i = 0; i < 10_000; i++) {
      const n = random.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
      const date = random.dateBetween('2024-02-28', '2024-03-01');
      expect(['2024-02-28', '2024-02-29', '2024-03-01']).toContain(date);
    }
    expect(
      new Set(
        Array.from({ length: 1000 }, () =>
          random.weighted([
            ['a', 1],
            ['b', 0],
            ['c', 1],
          ]),
        ),
      ),
    ).toEqual(new Set(['a', 'c']));
  });
});

describe('the synthetic data sets', () => {
  it('keep every column of the table in PERFORMANCE.md', () => {
    expect(DATA_SETS.S).toMatchObject({ services: 1, children: 2_500, referrals: 3_000, appointments: 20_000 });
    expect(DATA_SETS.M).toMatchObject({ services: 1, children: 25_000, referrals: 30_000, appointments: 200_000 });
    expect(DATA_SETS.L).toMatchObject({ services: 150, children: 500_000, referrals: 750_000 });
    expect([DATA_SETS.S.notesAndLetters, DATA_SETS.M.notesAndLetters, DATA_SETS.L.notesAndLetters]).toEqual([
      40_000, 400_000, 10_000_000,
    ]);
    expect(DATA_SETS.L.appointments).toBe(5_000_000);
  });

  it('are the same for the same seed, record for record', () => {
    expect(hashOfFirst(generateChildren(S, reference, DEFAULT_SEED), 1000)).toBe(hashOfFirst(children, 1000));
    expect(hashOfFirst(generateReferrals(S, reference, DEFAULT_SEED), 1000)).toBe(hashOfFirst(referrals, 1000));
  });

  it('differ for another seed', () => {
    expect(hashOfFirst(generateChildren(S, reference, 42), 1000)).not.toBe(hashOfFirst(children, 1000));
    expect(hashOfFirst(generateReferrals(S, reference, 42), 1000)).not.toBe(hashOfFirst(referrals, 1000));
  });

  it('give the same children whether or not referrals are drawn for them', () => {
    const withReferrals = [...generateChildrenWithReferrals(S, reference)];
    expect(withReferrals.map((c) => c.child)).toEqual(children);
    expect(withReferrals.flatMap((c) => c.referrals)).toEqual(referrals);
  });

  it('hold exactly 2,500 children and 3,000 referrals in S, numbered from 1, some children referred more than once', () => {
    expect(children).toHaveLength(2_500);
    expect(referrals).toHaveLength(3_000);
    expect(children.map((c) => c.id)).toEqual(Array.from({ length: 2_500 }, (_, i) => i + 1));
    expect(referrals.map((r) => r.id)).toEqual(Array.from({ length: 3_000 }, (_, i) => i + 1));
    const perChild = new Map<number, number>();
    for (const r of referrals) perChild.set(r.childId, (perChild.get(r.childId) ?? 0) + 1);
    expect(perChild.size).toBe(2_500);
    expect([...perChild.values()].some((n) => n > 1)).toBe(true);
    expect(new Set(children.map((c) => c.serviceIndex))).toEqual(new Set([0]));
  });

  it('give every child a unique valid NHS number in the test range starting 999', () => {
    for (const child of children) {
      expect(child.nhsNumber).toMatch(/^999[0-9]{7}$/u);
      expect(isValidNhsNumber(child.nhsNumber)).toBe(true);
    }
    expect(new Set(children.map((c) => c.nhsNumber)).size).toBe(children.length);
  });

  it('name only GP practices and schools that are in the reference data, in the mix the brief asks for', () => {
    const { practices, schools } = reference;
    const groupOf = (code: string) =>
      ['inArea', 'neighbours', 'closed'].find((g) =>
        practices[g as keyof typeof practices].some((p) => p.code === code),
      );
    const gpGroups = new Map<string | undefined, number>();
    for (const child of children) {
      expect(reference.lookups.practice(child.gpPracticeCode)?.prescribingSetting).toBe(4);
      gpGroups.set(groupOf(child.gpPracticeCode), (gpGroups.get(groupOf(child.gpPracticeCode)) ?? 0) + 1);
      if (child.schoolUrn !== null) expect(reference.lookups.school(child.schoolUrn)?.open).toBe(true);
    }
    expect([...gpGroups.keys()].sort()).toEqual(['closed', 'inArea', 'neighbours']);
    expect(gpGroups.get('inArea')).toBeGreaterThan(children.length * 0.8);
    const urns = children.map((c) => c.schoolUrn).filter((u) => u !== null);
    expect(urns.some((u) => schools.inArea.some((s) => s.urn === u))).toBe(true);
    expect(urns.some((u) => schools.neighbours.some((s) => s.urn === u))).toBe(true);
  });

  it('have ages from 0 to 20 on the reference date, with the under-5s mostly not at school', () => {
    const ages = children.map((c) => ageInYears(c.dateOfBirth, REFERENCE_DATE));
    expect(Math.min(...ages)).toBe(0);
    expect(Math.max(...ages)).toBe(20);
    expect(ages.filter((a) => a >= 16 && a <= 18).length).toBeGreaterThan(50);
    expect(ages.filter((a) => a >= 19).length).toBeGreaterThan(20);
    const underFive = children.filter((c) => ageInYears(c.dateOfBirth, REFERENCE_DATE) < 5);
    expect(underFive.filter((c) => c.schoolUrn === null).length).toBeGreaterThan(underFive.length / 2);
    for (const child of children) expect(child.postcode).toMatch(/^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2}$/u);
  });

  it('receive each referral within the last year, never before the child was born', () => {
    const start = addMonthsClamped(REFERENCE_DATE, -12);
    for (const r of referrals) {
      const child = childById.get(r.childId);
      expect(child).toBeDefined();
      expect(r.serviceIndex).toBe(child?.serviceIndex);
      expect(r.receivedOn > start && r.receivedOn <= REFERENCE_DATE).toBe(true);
      expect(r.receivedOn >= (child?.dateOfBirth ?? '')).toBe(true);
      expect(r.facts.asOf).toBe(r.receivedOn);
      expect(r.facts.child.dateOfBirth).toBe(child?.dateOfBirth);
      if (r.facts.child.gpPracticeCode !== undefined) expect(r.facts.child.gpPracticeCode).toBe(child?.gpPracticeCode);
      if (r.facts.child.schoolUrn !== undefined) expect(r.facts.child.schoolUrn).toBe(child?.schoolUrn);
    }
  });

  it('give facts that the eligibility API would accept as they are', () => {
    for (const r of referrals) {
      const parsed = parseFacts(definition, r.facts, REFERENCE_DATE);
      if (!parsed.ok) expect.fail(`Referral ${String(r.id)}: ${JSON.stringify(parsed.errors)}`);
      expect(parsed.facts).toEqual(r.facts);
      expect(parsed.asOf).toBe(r.receivedOn);
    }
  });

  it('cover what the rules ask about: referrers, conditions, discharge dates and the rarer exclusions', () => {
    const facts = referrals.map((r) => r.facts);
    const types = new Set(facts.map((f) => f.referrer?.type));
    for (const type of ['gp', 'health-professional', 'education-staff', 'parent-carer', undefined]) {
      expect(types).toContain(type);
    }
    const excluded = definition.eligibility.excludedConditions.codes;
    expect(facts.some((f) => f.conditions?.some((c) => excluded.includes(c)))).toBe(true);
    expect(facts.some((f) => f.shortTermAcuteIllness === true)).toBe(true);
    expect(facts.some((f) => f.acuteSurgicalRecovery === true)).toBe(true);
    expect(facts.some((f) => f.requestsAyresSensoryIntegration === true)).toBe(true);
    const parents = facts.filter((f) => f.referrer?.childDischargedOn !== undefined);
    const inWindow = (f: (typeof facts)[number]) =>
      (f.referrer?.childDischargedOn ?? '') >= addMonthsClamped(f.asOf ?? '', -6);
    expect(parents.some(inWindow)).toBe(true);
    expect(parents.some((f) => !inWindow(f))).toBe(true);
    const youngPeople = facts.filter((f) => {
      const age = ageInYears(f.child.dateOfBirth, f.asOf ?? '');
      return age >= 16 && age <= 18;
    });
    expect(youngPeople.some((f) => f.child.inFullTimeEducation === true)).toBe(true);
    expect(youngPeople.some((f) => f.child.inFullTimeEducation === false)).toBe(true);
    for (const f of facts) {
      if (f.needsInCurriculumContext !== undefined) {
        expect(f.child.schoolUrn !== undefined || f.child.schoolInArea !== undefined).toBe(true);
      }
    }
  });

  it('decide to all three outcomes, eligible the most common', () => {
    const outcomes: Record<Outcome, number> = { eligible: 0, ineligible: 0, unclear: 0 };
    for (const r of referrals) outcomes[decide(definition, r.facts, reference.lookups, r.receivedOn).outcome]++;
    expect(outcomes.ineligible).toBeGreaterThan(0);
    expect(outcomes.unclear).toBeGreaterThan(0);
    expect(outcomes.eligible).toBeGreaterThan(Math.max(outcomes.ineligible, outcomes.unclear));
    // Roughly 60/25/15, with room for the seed's luck.
    expect(outcomes.eligible / referrals.length).toBeGreaterThan(0.5);
    expect(outcomes.eligible / referrals.length).toBeLessThan(0.7);
    expect(outcomes.ineligible / referrals.length).toBeGreaterThan(0.15);
    expect(outcomes.unclear / referrals.length).toBeGreaterThan(0.08);
  });
});

describe('another reference date', () => {
  it('builds the same mix as of that day: every referral within the span before it, none after', () => {
    const day = '2027-03-15';
    const moved = [...generateReferrals(S, reference, DEFAULT_SEED, day)];
    expect(moved).toHaveLength(3_000);
    const start = addMonthsClamped(day, -12);
    for (const r of moved) expect(r.receivedOn > start && r.receivedOn <= day).toBe(true);
    expect(moved.some((r) => r.receivedOn > REFERENCE_DATE)).toBe(true);
  });
});

describeEachDialect('the bulk loader', (dialect) => {
  let database: TestDatabase;
  let handle: ReturnType<typeof openDatabase>;
  const tables = ['children', 'referrals'];
  beforeAll(async () => {
    database = await createTestDatabase(dialect, { migrated: true });
    handle = openDatabase(database.url);
  });
  afterAll(async () => {
    await handle.destroy();
    await database.drop();
  });

  it('loads every child and referral of S, and builds again every index it dropped, as it was', async () => {
    const before = await droppableIndexes(handle.db, tables);
    expect(before.map((i) => i.name)).toEqual(
      expect.arrayContaining(['children_birth_idx', 'referrals_worklist_covering_idx']),
    );
    const report = await loadDataSet(handle.db, S, reference);
    expect(report).toMatchObject({ children: 2_500, referrals: 3_000 });
    expect(await countAllReferrals(handle.db)).toBe(3_000);
    expect(await droppableIndexes(handle.db, tables)).toEqual(before);
    const children = await handle.db
      .selectFrom('children')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(children.n)).toBe(2_500);
    // Every referral's child is there: the load skipped no row and broke no key.
    const orphans = await handle.db
      .selectFrom('referrals as r')
      .leftJoin('children as c', 'c.id', 'r.child_id')
      .where('c.id', 'is', null)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(orphans.n)).toBe(0);
  }, 120_000);
});
