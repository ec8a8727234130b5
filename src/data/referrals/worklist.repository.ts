/**
 * The triage worklist's two queries: the counts (by status, and how many are over the triage target) and one page of
 * rows. Both take the same filters, already mapped by the service from the allow-lists, so every value here is a
 * bound parameter and the order is one of two fixed lists: nothing a person typed reaches the SQL unmapped.
 *
 * Each query reads the referrals through an index that leads with the service and the status, and, for a filter on
 * the child, looks up each referral's child (and the child's school, for the area) by primary key: so its cost follows
 * the referrals in the statuses asked for, not the service's whole history or the children table.
 */
import { sql, type CompiledQuery, type Expression, type ExpressionBuilder, type Nullable, type SqlBool } from 'kysely';
import { UNRESOLVED_MATCHES } from '../../domain/referrals/child-match.js';
import { REFERRAL_STATUSES } from '../../domain/referrals/lifecycle.js';
import type { Database } from '../database.js';
import type { Executor } from '../executor.js';

/** Dates of birth after `bornAfter` (exclusive) and up to `bornOnOrBefore` (inclusive); either end may be open. */
export interface BirthRange {
  bornAfter?: string;
  bornOnOrBefore?: string;
}

export interface WorklistQuery {
  serviceId: string;
  /** Never empty: the service puts in the default. */
  statuses: readonly string[];
  pathways: readonly string[];
  priorities: readonly string[];
  referrerTypes: readonly string[];
  outcomes: readonly string[];
  /** Any of these ranges (an age band each); none means any age. */
  births: readonly BirthRange[];
  /** The child's school's local authority is one of `laCodes`, or (`notKnown`) there is no school or it is unknown. */
  area: { laCodes: readonly string[]; notKnown: boolean } | null;
  /** On the triage clock's start (`clock_from`): before a date (over the target) or from one (within it). */
  clock: { before?: string; onOrAfter?: string };
  /** A reply requested and due before this date (today): the reply is overdue. */
  replyDueBefore: string | null;
  /** Either flag matches (a referral with both matches once). */
  flags: { possibleDuplicate: boolean; safeguarding: boolean };
  /** Oldest received first, newest first, or by the triage clock (longest waiting first). */
  order: 'received' | 'newest' | 'clock';
  /** A referral awaiting triage whose clock started before this date is over the triage target. */
  overdueBefore: string;
  /** Today: a referral waiting for more information whose reply was due before it has an overdue reply. */
  today: string;
}

export interface WorklistRow {
  id: string;
  reference: string;
  status: string;
  receivedOn: string;
  clockFrom: string;
  replyDueOn: string | null;
  decidedAt: string | null;
  referrerType: string;
  eligibilityOutcome: string;
  childMatch: string;
  safeguardingConcern: boolean;
  pathway: string | null;
  priority: string | null;
  child: { givenName: string; familyName: string; dateOfBirth: string };
}

export interface StatusCount {
  status: string;
  count: number;
  /** Awaiting triage for longer than the target. */
  overdue: number;
  /** Waiting for more information whose reply is overdue. */
  replyOverdue: number;
}

type Referrals = ExpressionBuilder<Database & { r: Database['referrals'] }, 'r'>;
type WithChild = ExpressionBuilder<
  Database & { r: Database['referrals']; c: Database['children']; s: Nullable<Database['schools']> },
  'r' | 'c' | 's'
>;

const hasChildFilter = (q: WorklistQuery) => q.births.length > 0 || q.area !== null;

/**
 * The statuses asked for, written into the statement's text rather than sent as values: they come from a closed list
 * (checked here), and PostgreSQL weighs them very differently. Most of a service's referrals are past triage, so with
 * the statuses as values PostgreSQL costed `status in ($2, $3)` as an average status, about 33 times the few hundred
 * awaiting triage at M, judged a plan kept for any values too dear, and planned the page and count queries afresh on
 * every request (0.7 and 0.3 ms of PostgreSQL's time) instead of keeping the prepared statement's plan (ADR 0052).
 */
function inText(statuses: readonly string[]) {
  const known: readonly string[] = REFERRAL_STATUSES;
  const unknown = statuses.find((status) => !known.includes(status));
  if (unknown !== undefined) throw new RangeError(`No referral status is called ${JSON.stringify(unknown)}`);
  return statuses.map((status) => sql.lit(status));
}

/** The filters on the referral itself, as one condition on `referrals as r`. */
function referralMatches(eb: Referrals, q: WorklistQuery): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [eb('r.service_id', '=', q.serviceId), eb('r.status', 'in', inText(q.statuses))];
  if (q.pathways.length > 0) all.push(eb('r.pathway', 'in', [...q.pathways]));
  if (q.priorities.length > 0) all.push(eb('r.priority', 'in', [...q.priorities]));
  if (q.referrerTypes.length > 0) all.push(eb('r.referrer_type', 'in', [...q.referrerTypes]));
  if (q.outcomes.length > 0) all.push(eb('r.eligibility_outcome', 'in', [...q.outcomes]));
  if (q.clock.before !== undefined) all.push(eb('r.clock_from', '<', q.clock.before));
  if (q.clock.onOrAfter !== undefined) all.push(eb('r.clock_from', '>=', q.clock.onOrAfter));
  if (q.replyDueBefore !== null) all.push(eb('r.reply_due_on', '<', q.replyDueBefore));
  const { possibleDuplicate, safeguarding } = q.flags;
  if (possibleDuplicate || safeguarding) {
    all.push(
      eb.or([
        ...(possibleDuplicate ? [eb('r.child_match', 'in', [...UNRESOLVED_MATCHES])] : []),
        ...(safeguarding ? [eb('r.safeguarding_concern', '=', 1)] : []),
      ]),
    );
  }
  return eb.and(all);
}

/** The filters on the child (`c`) and the child's school (`s`, left joined), as one condition on them. */
function childMatches(eb: WithChild, q: WorklistQuery) {
  const all: Expression<SqlBool>[] = [];
  if (q.births.length > 0) {
    all.push(
      eb.or(
        q.births.map((range) =>
          eb.and([
            ...(range.bornAfter === undefined ? [] : [eb('c.date_of_birth', '>', range.bornAfter)]),
            ...(range.bornOnOrBefore === undefined ? [] : [eb('c.date_of_birth', '<=', range.bornOnOrBefore)]),
          ]),
        ),
      ),
    );
  }
  const area = q.area;
  if (area !== null) {
    all.push(
      eb.or([
        ...(area.laCodes.length > 0 ? [eb('s.la_code', 'in', [...area.laCodes])] : []),
        // No school recorded, or one the reference data does not hold: the left join found no school.
        ...(area.notKnown ? [eb('s.urn', 'is', null)] : []),
      ]),
    );
  }
  return eb.and(all);
}

/**
 * Every filter, as one condition on `referrals as r`. A filter on the child is a scalar subquery that looks up the
 * referral's child by primary key (and the child's school by its URN) and answers whether it matches: so both
 * databases start from the referrals the index on service and status finds, and visit only their children. (Written
 * as a join, PostgreSQL planned the area and age filters as a scan of every child of the service, hashed and joined:
 * its cost followed the children table, about 15 ms at M against 2 ms.) The subquery's answer is true, false, or null
 * when the child is not found; the condition holds only when it is true.
 */
function matches(eb: Referrals, q: WorklistQuery): Expression<SqlBool> {
  if (!hasChildFilter(q)) return referralMatches(eb, q);
  const child = eb
    .selectFrom('children as c')
    .leftJoin('schools as s', 's.urn', 'c.school_urn')
    .whereRef('c.id', '=', 'r.child_id')
    .whereRef('c.service_id', '=', 'r.service_id')
    .select((cb) => childMatches(cb, q).as('matches'));
  return eb.and([referralMatches(eb, q), sql<SqlBool>`(${child})`]);
}

function counted(eb: Referrals, q: WorklistQuery) {
  const when = (condition: Expression<SqlBool>) => eb.fn.sum(eb.case().when(condition).then(1).else(0).end());
  return [
    eb.ref('r.status').as('status'),
    eb.fn.countAll().as('n'),
    when(eb.and([eb('r.status', '=', 'awaiting-triage'), eb('r.clock_from', '<', q.overdueBefore)])).as('overdue'),
    when(eb.and([eb('r.status', '=', 'more-information-requested'), eb('r.reply_due_on', '<', q.today)])).as(
      'reply_overdue',
    ),
  ];
}

/**
 * How many referrals match, by status, and how many of each were received before `overdueBefore`. A child is
 * looked up only when a filter is on the child. The builders are exported so that the benchmark can ask the database
 * for the plan of exactly the query the page runs.
 */
export function worklistCountQuery(db: Executor, q: WorklistQuery) {
  return db
    .selectFrom('referrals as r')
    .where((eb) => matches(eb, q))
    .select((eb) => counted(eb, q))
    .groupBy('r.status');
}

/** Compiled queries kept for each database: far more than the filters, orders and pages of a day's work. */
const COMPILED_MAX = 200;
const compiledByDatabase = new WeakMap<Executor, Map<string, CompiledQuery>>();

/**
 * The worklist's queries take a dozen filters, so building and compiling one (kysely's objects for every condition,
 * then the SQL text) costs as much as SQLite takes to run it; and a service's staff ask for the same few lists, the
 * same day, again and again. So each database keeps its compiled queries, by what they ask (the query's values as
 * JSON: allow-listed codes, dates and page numbers, never anything a person typed), and the oldest is dropped once
 * there are COMPILED_MAX. A compiled query is only text and values: running it again is running the same query.
 */
function compiledOnce<R>(db: Executor, key: string, compile: () => CompiledQuery<R>): CompiledQuery<R> {
  let kept = compiledByDatabase.get(db);
  if (kept === undefined) {
    kept = new Map();
    compiledByDatabase.set(db, kept);
  }
  const found = kept.get(key);
  if (found !== undefined) return found;
  const compiled = compile();
  const oldest = kept.keys().next();
  if (kept.size >= COMPILED_MAX && oldest.done !== true) kept.delete(oldest.value);
  kept.set(key, compiled);
  return compiled;
}

export async function countWorklist(db: Executor, q: WorklistQuery): Promise<StatusCount[]> {
  const query = compiledOnce(db, `count ${JSON.stringify(q)}`, () => worklistCountQuery(db, q).compile());
  const { rows } = await db.executeQuery(query);
  return rows.map((r) => ({
    status: r.status,
    count: Number(r.n),
    overdue: Number(r.overdue),
    replyOverdue: Number(r.reply_overdue),
  }));
}

/** The order of a page: by the received date either way, or by the triage clock's start, earliest first. */
function orderOf(q: WorklistQuery): { byClock: boolean; direction: 'asc' | 'desc' } {
  return { byClock: q.order === 'clock', direction: q.order === 'newest' ? 'desc' : 'asc' };
}

/**
 * The ids of one page of the matching referrals, in order. With no filter on the child this reads only the index
 * (every column it needs is there); with one, it looks up each candidate's child and school by primary key.
 */
function pageIds(db: Executor, q: WorklistQuery, page: { offset: number; limit: number }) {
  const { byClock, direction } = orderOf(q);
  return (
    db
      .selectFrom('referrals as r')
      .where((eb) => matches(eb, q))
      .select('r.id')
      // Ties on the day are broken by the instant the referral was recorded, then its id, so pages never overlap.
      .orderBy(byClock ? 'r.clock_from' : 'r.received_on', direction)
      .orderBy('r.received_at', direction)
      .orderBy('r.id', direction)
      .limit(page.limit)
      .offset(page.offset)
  );
}

/**
 * One page of the matching referrals, oldest received first (or newest), with what the list shows of the child.
 * The page's ids are found first and only their rows are read: the rows' other columns sit behind their JSON.
 */
export function worklistPageQuery(db: Executor, q: WorklistQuery, page: { offset: number; limit: number }) {
  const { byClock, direction } = orderOf(q);
  return (
    db
      .selectFrom('referrals as p')
      .innerJoin('children as k', (join) =>
        join.onRef('k.id', '=', 'p.child_id').onRef('k.service_id', '=', 'p.service_id'),
      )
      // Only ids: the page's ids are already of this service, and naming the service here too would tempt SQLite
      // to read every row of the service by its other indexes rather than look up 25 by primary key.
      .where('p.id', 'in', pageIds(db, q, page))
      .select([
        'p.id',
        'p.reference',
        'p.status',
        'p.received_on',
        'p.clock_from',
        'p.reply_due_on',
        'p.decided_at',
        'p.referrer_type',
        'p.eligibility_outcome',
        'p.child_match',
        'p.safeguarding_concern',
        'p.pathway',
        'p.priority',
        'k.given_name',
        'k.family_name',
        'k.date_of_birth',
      ])
      .orderBy(byClock ? 'p.clock_from' : 'p.received_on', direction)
      .orderBy('p.received_at', direction)
      .orderBy('p.id', direction)
  );
}

export async function worklistPage(
  db: Executor,
  q: WorklistQuery,
  page: { offset: number; limit: number },
): Promise<WorklistRow[]> {
  const query = compiledOnce(db, `page ${JSON.stringify([q, page.offset, page.limit])}`, () =>
    worklistPageQuery(db, q, page).compile(),
  );
  const { rows } = await db.executeQuery(query);
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    receivedOn: r.received_on,
    clockFrom: r.clock_from,
    replyDueOn: r.reply_due_on,
    decidedAt: r.decided_at,
    referrerType: r.referrer_type,
    eligibilityOutcome: r.eligibility_outcome,
    childMatch: r.child_match,
    safeguardingConcern: r.safeguarding_concern === 1,
    pathway: r.pathway,
    priority: r.priority,
    child: { givenName: r.given_name, familyName: r.family_name, dateOfBirth: r.date_of_birth },
  }));
}
