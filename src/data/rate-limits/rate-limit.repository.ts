/**
 * The rate limits' counters, shared by every server on the database (docs/adr/0031). One row per key and fixed
 * window; a hit is one atomic upsert that also reads the previous window's count, so two servers counting the same
 * client at the same moment each see the other's hit.
 */
import type { Kysely } from 'kysely';
import { withoutDiskWait } from '../create-db.js';
import type { Database } from '../database.js';
import type { Executor } from '../executor.js';

export interface CountedHit {
  /** Hits in the current window, this one included. */
  current: number;
  /** Hits in the previous window (0 if it had none). */
  previous: number;
}

type Hit = {
  key: string;
  windowStart: number;
  previousWindowStart: number;
  expiresAt: number;
  /** How many hits to add: 1, or those a server counted on its own since it last told the database. */
  hits: number;
};

/**
 * Counts hits. On SQLite a count's commit is not flushed to disk before the request goes on (`withoutDiskWait`): a
 * counter is worth nothing after a power cut, and waiting for the disk on every request would queue requests behind
 * each other (docs/adr/0025, 0031, 0051). Every other commit is flushed. On PostgreSQL the table is unlogged, to the
 * same end.
 */
export async function countHit(db: Kysely<Database>, hit: Hit): Promise<CountedHit> {
  return withoutDiskWait(db, (connection) => upsertHit(connection, hit));
}

async function upsertHit(db: Executor, hit: Hit): Promise<CountedHit> {
  const row = await db
    .insertInto('rate_limit_counters')
    .values({ key: hit.key, window_start: hit.windowStart, hits: hit.hits, expires_at: hit.expiresAt })
    .onConflict((oc) =>
      oc
        .columns(['key', 'window_start'])
        .doUpdateSet((eb) => ({ hits: eb(eb.ref('rate_limit_counters.hits'), '+', hit.hits) })),
    )
    .returning((eb) => [
      'hits',
      eb
        .selectFrom('rate_limit_counters as previous')
        .select('previous.hits')
        .where('previous.key', '=', hit.key)
        .where('previous.window_start', '=', hit.previousWindowStart)
        .as('previous_hits'),
    ])
    .executeTakeFirstOrThrow();
  return { current: row.hits, previous: row.previous_hits ?? 0 };
}

/** Reads both windows' counts without counting a hit. */
export async function readCounts(
  db: Executor,
  key: string,
  windowStart: number,
  previousWindowStart: number,
): Promise<CountedHit> {
  const rows = await db
    .selectFrom('rate_limit_counters')
    .select(['window_start', 'hits'])
    .where('key', '=', key)
    .where('window_start', 'in', [windowStart, previousWindowStart])
    .execute();
  const of = (start: number) => rows.find((r) => r.window_start === start)?.hits ?? 0;
  return { current: of(windowStart), previous: of(previousWindowStart) };
}

/** Removes the counters that no longer weigh on any window; returns how many. */
export async function purgeExpiredCounters(db: Executor, nowMs: number): Promise<number> {
  const result = await db.deleteFrom('rate_limit_counters').where('expires_at', '<=', nowMs).executeTakeFirst();
  return Number(result.numDeletedRows);
}
