/**
 * Loads a synthetic data set into a migrated database: the reference data (GP practices and schools, from the same
 * publishers' files), the services, and every child and referral the generator yields, each referral decided by the
 * eligibility engine as of the day it arrived and put in a triage state that fits its age: recent ones mostly still
 * waiting (some for longer than the target), older ones decided, with a pathway, a priority and a setting when
 * accepted. Rows go in with multi-row inserts, a few thousand to a transaction, streamed so that L never sits in
 * memory.
 *
 * The triage states come from a random stream of their own, so the children and referrals are exactly those of
 * generate.ts for the same seed, whatever is decided here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Insertable, Kysely } from 'kysely';
import type { ChildrenTable, Database, ReferralsTable } from '../../src/data/database.js';
import { decodeReferenceFile } from '../../src/data/reference/encoding.js';
import { parseEpraccur } from '../../src/data/reference/epraccur.js';
import { parseGias } from '../../src/data/reference/gias.js';
import { practiceValues, upsertPractices } from '../../src/data/reference/practices.repository.js';
import { schoolValues, upsertSchools } from '../../src/data/reference/schools.repository.js';
import { upsertService } from '../../src/data/services/services.repository.js';
import { decide, type EligibilityDecision } from '../../src/domain/eligibility/index.js';
import { PRIORITIES, type ReferralStatus } from '../../src/domain/referrals/lifecycle.js';
import { addDays, workingDaysBetween } from '../../src/domain/referrals/working-days.js';
import { ageInYears } from '../../src/domain/shared/dates.js';
import {
  DEFAULT_SEED,
  REFERENCE_DATE,
  generateChildrenWithReferrals,
  type DataSetSize,
  type SyntheticChild,
  type SyntheticReferral,
} from './generate.js';
import { Random } from './random.js';
import { EPRACCUR_FILE, GIAS_FILE, SHARED_DATA, type BenchReference } from './reference.js';

/** Children (with their referrals) a transaction: large enough that commits cost little, small enough to stream. */
const CHILDREN_PER_TRANSACTION = 2_000;
/**
 * Rows a statement: PostgreSQL takes at most 65,535 parameters in one statement and a referral row has 31 columns;
 * SQLite's limit (32,766 since 3.32) is the tighter, so 500 rows of 31 columns (15,500) fits both.
 */
const ROWS_PER_STATEMENT = 500;

export interface LoadReport {
  serviceIds: string[];
  children: number;
  referrals: number;
  byStatus: Partial<Record<ReferralStatus, number>>;
  ms: number;
}

/** The service each generated service index stands for: the definition's own first, then numbered copies (for L). */
export function benchServiceId(reference: BenchReference, index: number): string {
  return index === 0 ? reference.definition.id : `${reference.definition.id}-${String(index + 1)}`;
}

/** The publishers' files, imported as the importer would leave them, so the area filters and look-ups find schools. */
async function loadReferenceData(db: Kysely<Database>, now: string, directory = SHARED_DATA): Promise<void> {
  const read = (name: string) => decodeReferenceFile(readFileSync(resolve(directory, name))).text;
  const practices = parseEpraccur(read(EPRACCUR_FILE)).map(practiceValues);
  const schools = parseGias(read(GIAS_FILE)).map(schoolValues);
  await db.transaction().execute(async (trx) => {
    await upsertPractices(trx, practices, { now, sourceFile: EPRACCUR_FILE });
    await upsertSchools(trx, schools, { now, sourceFile: GIAS_FILE });
  });
}

/** A version 4 UUID from the seeded stream: random like the application's ids, so the keys' order is as realistic. */
function uuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = (8 + random.int(0, 3)).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/**
 * A reference for each referral number that looks random and never repeats: the number times an odd constant, modulo
 * 2^40, is a one-to-one mapping of the 40 bits a reference carries.
 */
function referenceFor(prefix: string, id: number): string {
  let bits = (BigInt(id) * 0x9e3779b97fn) & 0xffffffffffn;
  let chars = '';
  for (let i = 0; i < 8; i++) {
    chars = CROCKFORD.charAt(Number(bits & 31n)) + chars;
    bits >>= 5n;
  }
  return `${prefix}-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** An instant on a London working day, in office hours (a UTC time that is office hours in London all year). */
function instantOn(random: Random, date: string): string {
  const minutes = random.int(8 * 60, 17 * 60);
  return `${date}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}.000Z`;
}

/** How likely a referral that has been waiting this many working days is still waiting: most are decided in two weeks. */
function stillWaitingChance(workingDays: number): number {
  if (workingDays <= 3) return 0.95;
  if (workingDays <= 8) return 0.6;
  if (workingDays <= 12) return 0.3;
  if (workingDays <= 25) return 0.08;
  if (workingDays <= 60) return 0.01;
  return 0.001;
}

/** What triage has made of a referral: its status and the columns a decision sets. */
function triageState(
  random: Random,
  reference: BenchReference,
  referral: SyntheticReferral,
  child: SyntheticChild,
  decision: EligibilityDecision,
): Pick<
  Insertable<ReferralsTable>,
  'status' | 'pathway' | 'priority' | 'setting' | 'reply_due_on' | 'decided_at' | 'overridden'
> {
  const { definition } = reference;
  const waited = workingDaysBetween(referral.receivedOn, REFERENCE_DATE);
  const none = { pathway: null, priority: null, setting: null, reply_due_on: null, decided_at: null, overridden: 0 };
  if (random.chance(stillWaitingChance(waited))) {
    if (waited >= 2 && random.chance(0.2)) {
      const asked = addDays(referral.receivedOn, random.int(1, Math.min(10, waited)));
      return {
        ...none,
        status: 'more-information-requested',
        reply_due_on: addDays(asked, definition.triage.replyWithinDays),
      };
    }
    return { ...none, status: 'awaiting-triage' };
  }
  // Decided within a few working days, now and then long after the target; never after the reference date.
  const after = random.weighted([
    [random.int(1, 5), 50],
    [random.int(6, 10), 35],
    [random.int(11, 30), 15],
  ]);
  const decidedOn = addDays(referral.receivedOn, Math.round((after * 7) / 5));
  const decidedAt = instantOn(random, decidedOn > REFERENCE_DATE ? REFERENCE_DATE : decidedOn);
  const outcome = decision.outcome;
  const status = random.weighted<ReferralStatus>(
    outcome === 'eligible'
      ? [
          ['accepted', 75],
          ['redirected', 7],
          ['closed', 7],
          ['not-accepted', 5],
          ['withdrawn', 6],
        ]
      : outcome === 'ineligible'
        ? [
            ['not-accepted', 70],
            ['redirected', 15],
            ['closed', 10],
            ['accepted', 5],
          ]
        : [
            ['accepted', 45],
            ['not-accepted', 25],
            ['redirected', 15],
            ['closed', 10],
            ['withdrawn', 5],
          ],
  );
  if (status !== 'accepted') {
    return {
      ...none,
      status,
      decided_at: decidedAt,
      overridden: outcome !== 'eligible' && status !== 'not-accepted' ? 1 : 0,
    };
  }
  // An early years pathway (when the service has one) takes only the under-5s.
  const age = ageInYears(child.dateOfBirth, referral.receivedOn);
  const pathways = definition.pathways.map((p) => p.id).filter((id) => id !== 'early-years' || age < 5);
  return {
    ...none,
    status,
    pathway: random.pick(pathways),
    priority: random.weighted(PRIORITIES.map((p) => [p, p === 'urgent' ? 10 : p === 'soon' ? 30 : 60] as const)),
    setting: random.pick(definition.offers.settings),
    decided_at: decidedAt,
    overridden: outcome === 'eligible' ? 0 : 1,
  };
}

const SOURCES = [
  ['online', 70],
  ['email', 15],
  ['post', 10],
  ['telephone', 5],
] as const;

const PHRASES = [
  'Finds it hard to fasten buttons and zips, and needs help to get dressed for PE.',
  'Handwriting is slow and hard to read; tires quickly when writing.',
  'Avoids messy play and becomes distressed by some clothing textures.',
  'Falls often and bumps into things; struggles with stairs and playground equipment.',
  'School has tried pencil grips, a writing slope and extra time, with little change.',
  'Family would like help with independence in self-care at home.',
];

/** The answers a referral form stores, as the form names them: about the size of a real one. */
function answersFor(random: Random, child: SyntheticChild, r: SyntheticReferral, referrerType: string) {
  const text = () => random.sample(PHRASES, random.int(1, 3)).join(' ');
  return {
    referrerType,
    referrerName: 'Synthetic Referrer',
    childGivenName: child.givenName,
    childFamilyName: child.familyName,
    childDateOfBirth: child.dateOfBirth,
    childNhsNumber: child.nhsNumber,
    childSex: child.sex,
    childAddressLine1: `${String(random.int(1, 250))} Synthetic Road`,
    childTown: 'Leicester',
    childPostcode: child.postcode,
    childGp: r.facts.child.gpPracticeCode ?? 'not-known',
    childSchool: r.facts.child.schoolUrn ?? 'none',
    difficulties: r.facts.difficulties ?? [],
    conditions: r.facts.conditions ?? [],
    impact: ['handwriting', 'dressing'],
    impactDetails: text(),
    duration: 'over-12-months',
    tried: text(),
    hopes: text(),
    safeguarding: 'no',
  };
}

/**
 * Loads data set `size` from `seed` into `db`, which must be migrated and empty of referrals. Returns the counts; on
 * PostgreSQL and SQLite alike, the caller should ANALYZE afterwards if it wants the planner to see the new rows.
 */
export async function loadDataSet(
  db: Kysely<Database>,
  size: DataSetSize,
  reference: BenchReference,
  seed = DEFAULT_SEED,
): Promise<LoadReport> {
  const start = performance.now();
  const now = `${REFERENCE_DATE}T00:00:00.000Z`;
  const { definition, lookups } = reference;
  await loadReferenceData(db, now);
  const serviceIds = Array.from({ length: size.services }, (_, i) => benchServiceId(reference, i));
  for (const [i, id] of serviceIds.entries()) {
    await upsertService(
      db,
      {
        id,
        name: i === 0 ? definition.serviceName : `${definition.serviceName} ${String(i + 1)}`,
        organisationName: definition.organisation.name,
      },
      now,
    );
  }

  const random = new Random(seed, 'load');
  const triage = new Random(seed, 'triage');
  const byStatus: Partial<Record<ReferralStatus, number>> = {};
  let [childCount, referralCount] = [0, 0];
  let children: Insertable<ChildrenTable>[] = [];
  let previousChildId: string | null = null;
  let referrals: Insertable<ReferralsTable>[] = [];

  const flush = async () => {
    const [c, r] = [children, referrals];
    [children, referrals] = [[], []];
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < c.length; i += ROWS_PER_STATEMENT) {
        await trx
          .insertInto('children')
          .values(c.slice(i, i + ROWS_PER_STATEMENT))
          .execute();
      }
      for (let i = 0; i < r.length; i += ROWS_PER_STATEMENT) {
        await trx
          .insertInto('referrals')
          .values(r.slice(i, i + ROWS_PER_STATEMENT))
          .execute();
      }
    });
  };

  for (const { child, referrals: childReferrals } of generateChildrenWithReferrals(size, reference, seed)) {
    const serviceId = serviceIds[child.serviceIndex] ?? definition.id;
    const childId = uuid(random);
    const firstReceived = childReferrals[0]?.receivedOn ?? REFERENCE_DATE;
    children.push({
      id: childId,
      service_id: serviceId,
      nhs_number: child.nhsNumber,
      given_name: child.givenName,
      family_name: child.familyName,
      known_as: null,
      date_of_birth: child.dateOfBirth,
      sex: child.sex,
      address_line_1: `${String(random.int(1, 250))} Synthetic Road`,
      address_line_2: null,
      town: 'Leicester',
      postcode: child.postcode,
      gp_practice_code: child.gpPracticeCode,
      school_urn: child.schoolUrn,
      language: 'English',
      interpreter_needed: 0,
      access_needs: null,
      created_at: instantOn(random, firstReceived),
      updated_at: instantOn(random, firstReceived),
      version: 1,
    });
    childCount++;
    for (const [index, r] of childReferrals.entries()) {
      const decision = decide(definition, r.facts, lookups, r.receivedOn);
      const state = triageState(triage, reference, r, child, decision);
      const source = random.weighted(SOURCES);
      // A referral by post or e-mail is registered a day or so after it arrived; its clock runs from the arrival.
      const receivedAt = instantOn(
        random,
        source === 'online' ? r.receivedOn : addDays(r.receivedOn, random.int(0, 2)),
      );
      const referrerType = r.facts.referrer?.type ?? 'other';
      const safeguarding = random.chance(0.04);
      // The child's later referrals match the record by NHS number; now and then the details differ, or a first
      // referral looks like another child (same date of birth, similar name).
      const childMatch =
        index > 0
          ? random.chance(0.1)
            ? 'nhs-number-conflict'
            : 'nhs-number'
          : previousChildId !== null && random.chance(0.02)
            ? 'possible'
            : 'new';
      byStatus[state.status as ReferralStatus] = (byStatus[state.status as ReferralStatus] ?? 0) + 1;
      referrals.push({
        id: uuid(random),
        service_id: serviceId,
        reference: referenceFor(definition.referencePrefix, r.id),
        child_id: childId,
        source,
        received_at: receivedAt,
        received_on: r.receivedOn,
        clock_from: r.receivedOn,
        referrer_type: referrerType,
        referrer_name: 'Synthetic Referrer',
        referrer_email: referrerType === 'parent-carer' ? null : `referrer${String(r.id)}@nhs.test`,
        answers: JSON.stringify({
          ...answersFor(random, child, r, referrerType),
          safeguarding: safeguarding ? 'yes' : 'no',
        }),
        eligibility_outcome: decision.outcome,
        eligibility: JSON.stringify(decision),
        policy_version: decision.policyVersion,
        child_match: childMatch,
        possible_child_id: childMatch === 'possible' ? previousChildId : null,
        safeguarding_concern: safeguarding ? 1 : 0,
        idempotency_key: uuid(random),
        created_by: null,
        created_at: receivedAt,
        updated_at: state.decided_at ?? receivedAt,
        version: state.decided_at === null ? 1 : 2,
        ...state,
      });
      referralCount++;
    }
    previousChildId = childId;
    if (children.length >= CHILDREN_PER_TRANSACTION) await flush();
  }
  if (children.length > 0) await flush();
  return { serviceIds, children: childCount, referrals: referralCount, byStatus, ms: performance.now() - start };
}
