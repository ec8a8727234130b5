/**
 * Loads a synthetic data set into a migrated database: the reference data (GP practices and schools, from the same
 * publishers' files) unless it is there already, the services, and every child and referral the generator yields,
 * each referral decided by the eligibility engine as of the day it arrived and put in a triage state that fits its
 * age: recent ones mostly still waiting (some for longer than the target), older ones decided, with a pathway, a
 * priority and a setting when accepted.
 *
 * Fast enough for L (500,000 children, 750,000 referrals): the rows are streamed from the generator, a few thousand
 * at a time, into bulk inserts (bulk-insert.ts) inside large transactions, and the children's and referrals'
 * secondary indexes are dropped first and built once at the end (`rebuildIndexes`, on by default). L never sits in
 * memory.
 *
 * The triage states come from a random stream of their own, so the children and referrals are exactly those of
 * generate.ts for the same seed, whatever is decided here.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import { decide } from '../../domain/eligibility/index.js';
import type { ReferralStatus } from '../../domain/referrals/lifecycle.js';
import { addDays } from '../../domain/referrals/working-days.js';
import type { ChildrenTable, Database, ReferralsTable } from '../database.js';
import type { Executor } from '../executor.js';
import type { PracticeRecord, SchoolRecord } from '../reference/records.js';
import { practiceValues, upsertPractices } from '../reference/practices.repository.js';
import { schoolValues, upsertSchools } from '../reference/schools.repository.js';
import { upsertService } from '../services/services.repository.js';
import {
  createIndexes,
  droppableIndexes,
  dropIndexes,
  insertRows,
  isPostgres,
  type ColumnTypes,
} from './bulk-insert.js';
import { DEFAULT_SEED, REFERENCE_DATE, type DataSetSize } from './data-sets.js';
import { generateChildrenWithReferrals, type ChildWithReferrals } from './generate.js';
import { Random } from './random.js';
import type { SyntheticReference } from './reference.js';
import { answersFor, instantOn, referenceFor, SOURCES, triageState, uuid } from './rows.js';

/** Children (with their referrals) an insert batch: a few thousand rows, so that L streams. */
const CHILDREN_PER_BATCH = 2_000;
/** Children a transaction: large, so that commits (an fsync each on SQLite) cost little. */
const CHILDREN_PER_TRANSACTION = 50_000;
const LOADED_TABLES = ['children', 'referrals'] as const;

export interface LoadReport {
  serviceIds: string[];
  children: number;
  referrals: number;
  byStatus: Partial<Record<ReferralStatus, number>>;
  /** The whole load, in milliseconds; `indexMs` of it building the indexes again. */
  ms: number;
  indexMs: number;
}

export interface LoadOptions {
  seed?: number;
  /** The data set's "today": the benchmarks' fixed date by default. */
  referenceDate?: string;
  /**
   * The publishers' records to import first (as the importer would leave them, so the area filters and look-ups find
   * schools); null when the database holds them already.
   */
  referenceData: {
    practices: readonly PracticeRecord[];
    schools: readonly SchoolRecord[];
    sourceFiles: [string, string];
  } | null;
  /** Drop the children's and referrals' secondary indexes for the load and build them at the end (default true). */
  rebuildIndexes?: boolean;
}

/** The service each generated service index stands for: the definition's own first, then numbered copies (for L). */
export function benchServiceId(reference: SyntheticReference, index: number): string {
  return index === 0 ? reference.definition.id : `${reference.definition.id}-${String(index + 1)}`;
}

/** How many referrals the database holds, in any service: the demo refuses to load into a database that has one. */
export async function countAllReferrals(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('referrals')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function importReferenceData(
  db: Kysely<Database>,
  data: NonNullable<LoadOptions['referenceData']>,
  now: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await upsertPractices(trx, data.practices.map(practiceValues), { now, sourceFile: data.sourceFiles[0] });
    await upsertSchools(trx, data.schools.map(schoolValues), { now, sourceFile: data.sourceFiles[1] });
  });
}

/**
 * Loads data set `size` into `db`, which must be migrated and hold none of the data set's rows. Returns the counts and
 * times; the caller should ANALYZE afterwards if it wants the planner to see the new rows.
 */
export async function loadDataSet(
  db: Kysely<Database>,
  size: DataSetSize,
  reference: SyntheticReference,
  options: LoadOptions,
): Promise<LoadReport> {
  const start = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const referenceDate = options.referenceDate ?? REFERENCE_DATE;
  const now = `${referenceDate}T00:00:00.000Z`;
  const { definition, lookups } = reference;
  if (options.referenceData !== null) await importReferenceData(db, options.referenceData, now);
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
  const indexes = options.rebuildIndexes === false ? [] : await droppableIndexes(db, LOADED_TABLES);
  await dropIndexes(db, indexes);

  const random = new Random(seed, 'load');
  const triage = new Random(seed, 'triage');
  const byStatus: Partial<Record<ReferralStatus, number>> = {};
  let [childCount, referralCount] = [0, 0];
  let children: Insertable<ChildrenTable>[] = [];
  let previousChildId: string | null = null;
  let referrals: Insertable<ReferralsTable>[] = [];

  const columnTypes: ColumnTypes = new Map();
  const flush = async (trx: Executor) => {
    const [c, r] = [children, referrals];
    [children, referrals] = [[], []];
    await insertRows(trx, 'children', c, columnTypes);
    await insertRows(trx, 'referrals', r, columnTypes);
  };

  const add = ({ child, referrals: childReferrals }: ChildWithReferrals) => {
    const serviceId = serviceIds[child.serviceIndex] ?? definition.id;
    const childId = uuid(random);
    const firstReceived = childReferrals[0]?.receivedOn ?? referenceDate;
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
      const state = triageState(triage, reference, r, child, decision, referenceDate);
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
  };

  const superuser =
    isPostgres(db) &&
    (await sql<{ on: string }>`select current_setting('is_superuser') as on`.execute(db)).rows[0]?.on === 'on';
  const generated = generateChildrenWithReferrals(size, reference, seed, referenceDate);
  for (let finished = false; !finished;) {
    finished = await db.transaction().execute(async (trx) => {
      if (superuser) {
        // The rows are consistent by construction: skip the foreign-key triggers for this transaction's inserts (a
        // superuser's setting, as the benchmarks' server gives; for anyone else the checks run, only slower).
        await sql`set local session_replication_role = replica`.execute(trx);
      }
      let last = false;
      for (let inTransaction = 0; inTransaction < CHILDREN_PER_TRANSACTION && !last; inTransaction++) {
        const next = generated.next();
        if (next.done === true) last = true;
        else {
          add(next.value);
          if (children.length >= CHILDREN_PER_BATCH) await flush(trx);
        }
      }
      if (children.length > 0) await flush(trx);
      return last;
    });
  }
  const indexStart = performance.now();
  await createIndexes(db, indexes);
  const end = performance.now();
  return {
    serviceIds,
    children: childCount,
    referrals: referralCount,
    byStatus,
    ms: end - start,
    indexMs: end - indexStart,
  };
}
