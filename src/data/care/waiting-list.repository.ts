/**
 * The waiting list's queries (issue 13 item 1): the children of one service whose episode is waiting, filtered, in the
 * "next" order or longest wait first, 25 a page; how many there are; the counts in the NHS England bands; the counts
 * by pathway and priority with the longest wait of each; and one child's place.
 *
 * Every query starts from `episodes_waiting_idx` (service, status, pathway, priority, wait_from): the counts read
 * that index alone (the bands are ranges of wait_from, src/domain/care/waiting-list.ts), and a page orders the
 * service's waiting episodes, looking up each one's referral by primary key for the reference that breaks ties, and
 * then only the page's 25 children. So the cost follows the service's own list, never the children table or the
 * national one. Every value is a bound parameter from an allow-list the service mapped.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../database.js';
import type { Executor } from '../executor.js';

/** wait_from on or before `onOrBefore` and after `after`; either end open. */
export interface DateRange {
  onOrBefore?: string;
  after?: string;
}

export interface WaitingListQuery {
  serviceId: string;
  pathways: readonly string[];
  priorities: readonly string[];
  settings: readonly string[];
  /** Any of these wait_from ranges (one per band asked for); none: any wait. */
  waitFrom: readonly DateRange[];
  /**
   * Over the target (`over: true`) or not: the target differs by priority, so each priority has its own date, and a
   * child is over when their wait_from is before their priority's date. Null: either.
   */
  target: { over: boolean; before: Readonly<Record<string, string>> } | null;
  order: 'next' | 'longest';
}

export interface WaitingRow {
  episodeId: string;
  referralId: string;
  reference: string;
  pathway: string;
  priority: string;
  setting: string;
  waitFrom: string;
  child: { givenName: string; familyName: string; dateOfBirth: string };
  openTasks: number;
}

type Episodes = ExpressionBuilder<Database & { e: Database['episodes'] }, 'e'>;

/** Every filter, as one condition on `episodes as e`. */
function matches(eb: Episodes, q: WaitingListQuery): Expression<SqlBool> {
  const all: Expression<SqlBool>[] = [eb('e.service_id', '=', q.serviceId), eb('e.status', '=', 'waiting')];
  if (q.pathways.length > 0) all.push(eb('e.pathway', 'in', [...q.pathways]));
  if (q.priorities.length > 0) all.push(eb('e.priority', 'in', [...q.priorities]));
  if (q.settings.length > 0) all.push(eb('e.setting', 'in', [...q.settings]));
  if (q.waitFrom.length > 0) {
    all.push(
      eb.or(
        q.waitFrom.map((r) =>
          eb.and([
            ...(r.onOrBefore === undefined ? [] : [eb('e.wait_from', '<=', r.onOrBefore)]),
            ...(r.after === undefined ? [] : [eb('e.wait_from', '>', r.after)]),
          ]),
        ),
      ),
    );
  }
  const target = q.target;
  if (target !== null) {
    all.push(
      eb.or(
        Object.entries(target.before).map(([priority, before]) =>
          eb.and([eb('e.priority', '=', priority), eb('e.wait_from', target.over ? '<' : '>=', before)]),
        ),
      ),
    );
  }
  return eb.and(all);
}

/** Urgent, soon, routine, then anything else: the "next" order's first key. */
const priorityRank = sql<number>`case e.priority when 'urgent' then 0 when 'soon' then 1 when 'routine' then 2 else 3 end`;

/** How many children the filters match; exported for the benchmark's plan check. */
export function waitingCountQuery(db: Executor, q: WaitingListQuery) {
  return db
    .selectFrom('episodes as e')
    .where((eb) => matches(eb, q))
    .select((eb) => eb.fn.countAll().as('n'));
}

export async function countWaiting(db: Executor, q: WaitingListQuery): Promise<number> {
  const row = await waitingCountQuery(db, q).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The referral's reference, looked up by primary key for each waiting episode: the order's last key. A correlated
 * lookup rather than a join, so that neither database is tempted to read the whole referrals table to hash it.
 */
const referenceOf = sql<string>`(select rr.reference from referrals rr where rr.id = e.referral_id)`;

/** The ids of a page (or of the whole list, with no `page`) in order; exported for the benchmark's plan check. */
export function waitingIdsQuery(db: Executor, q: WaitingListQuery, page?: { offset: number; limit: number }) {
  let query = db
    .selectFrom('episodes as e')
    .where((eb) => matches(eb, q))
    .select('e.id');
  if (q.order === 'next') query = query.orderBy(priorityRank);
  query = query.orderBy('e.wait_from').orderBy(referenceOf);
  return page === undefined ? query : query.limit(page.limit).offset(page.offset);
}

/** A page of the list (or all of it, for the export), with what the list shows of each child. */
export function waitingPageQuery(db: Executor, q: WaitingListQuery, page?: { offset: number; limit: number }) {
  let query = db
    .selectFrom('episodes as e')
    .innerJoin('referrals as r', 'r.id', 'e.referral_id')
    .innerJoin('children as c', 'c.id', 'e.child_id')
    .where('e.id', 'in', waitingIdsQuery(db, q, page))
    .select((eb) => [
      'e.id',
      'e.referral_id',
      'e.pathway',
      'e.priority',
      'e.setting',
      'e.wait_from',
      'r.reference',
      'c.given_name',
      'c.family_name',
      'c.date_of_birth',
      eb
        .selectFrom('tasks as t')
        .whereRef('t.service_id', '=', 'e.service_id')
        .whereRef('t.episode_id', '=', 'e.id')
        .where('t.status', '=', 'open')
        .select((tb) => tb.fn.countAll().as('n'))
        .as('open_tasks'),
    ]);
  if (q.order === 'next') query = query.orderBy(priorityRank);
  return query.orderBy('e.wait_from').orderBy('r.reference');
}

export async function waitingPage(
  db: Executor,
  q: WaitingListQuery,
  page?: { offset: number; limit: number },
): Promise<WaitingRow[]> {
  const rows = await waitingPageQuery(db, q, page).execute();
  return rows.map((r) => ({
    episodeId: r.id,
    referralId: r.referral_id,
    reference: r.reference,
    pathway: r.pathway,
    priority: r.priority,
    setting: r.setting,
    waitFrom: r.wait_from,
    child: { givenName: r.given_name, familyName: r.family_name, dateOfBirth: r.date_of_birth },
    openTasks: Number(r.open_tasks ?? 0),
  }));
}

/**
 * How many of the service's waiting children are in each band: one query, a CASE over the wait_from ranges, reading
 * only the index. `bands` gives each band's range; the first that holds a row counts it.
 */
export function bandCountsQuery(db: Executor, serviceId: string, bands: readonly { id: string; range: DateRange }[]) {
  return db
    .selectFrom('episodes as e')
    .where('e.service_id', '=', serviceId)
    .where('e.status', '=', 'waiting')
    .select((eb) =>
      bands.map((b) => {
        const conditions = [
          ...(b.range.onOrBefore === undefined ? [] : [eb('e.wait_from', '<=', b.range.onOrBefore)]),
          ...(b.range.after === undefined ? [] : [eb('e.wait_from', '>', b.range.after)]),
        ];
        const inBand = conditions.length === 0 ? sql<SqlBool>`1 = 1` : eb.and(conditions);
        return eb.fn.sum(eb.case().when(inBand).then(1).else(0).end()).as(`b_${b.id.replace(/\W/gu, '_')}`);
      }),
    );
}

export async function bandCounts(
  db: Executor,
  serviceId: string,
  bands: readonly { id: string; range: DateRange }[],
): Promise<Map<string, number>> {
  const row = (await bandCountsQuery(db, serviceId, bands).executeTakeFirst()) as Record<string, unknown> | undefined;
  return new Map(bands.map((b) => [b.id, Number(row?.[`b_${b.id.replace(/\W/gu, '_')}`] ?? 0)]));
}

export interface PathwayPriorityCount {
  pathway: string;
  priority: string;
  count: number;
  /** The earliest wait_from: the longest wait. */
  longestWaitFrom: string;
}

/** Counts by pathway and priority, with the longest wait of each: a grouped read of the index. */
export function pathwayCountsQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('episodes as e')
    .where('e.service_id', '=', serviceId)
    .where('e.status', '=', 'waiting')
    .groupBy(['e.pathway', 'e.priority'])
    .select((eb) => ['e.pathway', 'e.priority', eb.fn.countAll().as('n'), eb.fn.min('e.wait_from').as('longest')]);
}

export async function pathwayCounts(db: Executor, serviceId: string): Promise<PathwayPriorityCount[]> {
  const rows = await pathwayCountsQuery(db, serviceId).execute();
  return rows.map((r) => ({
    pathway: r.pathway,
    priority: r.priority,
    count: Number(r.n),
    longestWaitFrom: r.longest,
  }));
}

export interface WaitingEntry {
  episodeId: string;
  referralId: string;
  reference: string;
  status: string;
  pathway: string;
  priority: string;
  setting: string;
  waitFrom: string;
  acceptedAt: string;
  nextContactOn: string | null;
  unansweredContacts: number;
  child: { givenName: string; familyName: string; dateOfBirth: string; nhsNumber: string | null };
}

/** One episode of the service with its referral's reference and its child; undefined for another service's. */
export async function findWaitingEntry(
  db: Executor,
  serviceId: string,
  episodeId: string,
): Promise<WaitingEntry | undefined> {
  const r = await db
    .selectFrom('episodes as e')
    .innerJoin('referrals as r', 'r.id', 'e.referral_id')
    .innerJoin('children as c', 'c.id', 'e.child_id')
    .where('e.service_id', '=', serviceId)
    .where('e.id', '=', episodeId)
    .select([
      'e.id',
      'e.referral_id',
      'e.status',
      'e.pathway',
      'e.priority',
      'e.setting',
      'e.wait_from',
      'e.accepted_at',
      'e.next_contact_on',
      'e.unanswered_contacts',
      'r.reference',
      'c.given_name',
      'c.family_name',
      'c.date_of_birth',
      'c.nhs_number',
    ])
    .executeTakeFirst();
  if (r === undefined) return undefined;
  return {
    episodeId: r.id,
    referralId: r.referral_id,
    reference: r.reference,
    status: r.status,
    pathway: r.pathway,
    priority: r.priority,
    setting: r.setting,
    waitFrom: r.wait_from,
    acceptedAt: r.accepted_at,
    nextContactOn: r.next_contact_on,
    unansweredContacts: r.unanswered_contacts,
    child: {
      givenName: r.given_name,
      familyName: r.family_name,
      dateOfBirth: r.date_of_birth,
      nhsNumber: r.nhs_number,
    },
  };
}

/**
 * How many waiting children of the same pathway come before this one in the "next" order: a higher priority, or the
 * same priority and a longer wait, or the same wait and an earlier reference. `higher` is the priorities ranked
 * above the entry's.
 */
export async function countAheadInPathway(
  db: Executor,
  serviceId: string,
  entry: { pathway: string; priority: string; waitFrom: string; reference: string },
  higher: readonly string[],
): Promise<number> {
  const row = await db
    .selectFrom('episodes as e')
    .innerJoin('referrals as r', 'r.id', 'e.referral_id')
    .where('e.service_id', '=', serviceId)
    .where('e.status', '=', 'waiting')
    .where('e.pathway', '=', entry.pathway)
    .where((eb) =>
      eb.or([
        ...(higher.length > 0 ? [eb('e.priority', 'in', [...higher])] : []),
        eb.and([
          eb('e.priority', '=', entry.priority),
          eb.or([
            eb('e.wait_from', '<', entry.waitFrom),
            eb.and([eb('e.wait_from', '=', entry.waitFrom), eb('r.reference', '<', entry.reference)]),
          ]),
        ]),
      ]),
    )
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
