/**
 * Rate limits counted in the database, so that every server behind a load balancer counts a client once
 * (docs/adr/0031). A sliding window (two fixed windows weighed together, src/domain/rate-limits/sliding-window.ts):
 * a burst at a window's edge cannot pass twice the limit.
 *
 * Writing every hit to the database cost a round trip (PostgreSQL) or a commit (SQLite) on every request: W3 fell from
 * 464 to 295 views a second on SQLite and from 279 to 161 on PostgreSQL. So each server counts a client's hits in
 * memory and tells the database in one write, adding what it counted since it last did: on the client's first hit in
 * a window, at least once a second while the client keeps coming (SYNC_MS), and on every hit once the client is past
 * half its limit. Far from the limit a server may not yet know of the last second of hits on the others; near it,
 * every server counts every hit in the database, so the limit is enforced as one.
 */
import { createHash } from 'node:crypto';
import type { Executor } from '../../data/executor.js';
import { countHit, purgeExpiredCounters, readCounts } from '../../data/rate-limits/rate-limit.repository.js';
import {
  slidingWindow,
  windowStartOf,
  type SlidingWindowState,
  type WindowCounts,
} from '../../domain/rate-limits/sliding-window.js';
import type { Clock } from '../shared/context.js';

/** The longest key stored as it is; a longer one is stored as its hash (still one counter per key). */
const KEY_LIMIT = 200;
/** A server tells the database of a busy client's hits at least this often. */
const SYNC_MS = 1000;
/** Clients remembered in memory before those of past windows are forgotten. */
const REMEMBERED = 10_000;

/** What this server knows of one client in one fixed window. */
interface Local {
  windowStart: number;
  /** The counts in the database when this server last wrote to it. */
  known: WindowCounts;
  /** Hits counted here since then. */
  pending: number;
  syncedAt: number;
}

export interface RateLimiterDeps {
  db: Executor;
  clock: Clock;
}

function storedKey(scope: string, windowMs: number, client: string): string {
  const key = `${scope}|${String(windowMs)}|${client}`;
  return key.length <= KEY_LIMIT ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

export function createRateLimiter(deps: RateLimiterDeps) {
  const { db, clock } = deps;
  const locals = new Map<string, Local>();

  function forgetPastWindows(oldest: number): void {
    if (locals.size < REMEMBERED) return;
    for (const [key, local] of locals) if (local.windowStart < oldest) locals.delete(key);
  }

  function windows(windowMs: number) {
    const nowMs = clock().getTime();
    const windowStart = windowStartOf(nowMs, windowMs);
    return { nowMs, windowStart, previousWindowStart: windowStart - windowMs };
  }

  return {
    /** Counts one request from `client` against the limit called `scope`, and says whether it is over. */
    async hit(scope: string, client: string, windowMs: number, max: number): Promise<SlidingWindowState> {
      const { nowMs, windowStart, previousWindowStart } = windows(windowMs);
      const key = storedKey(scope, windowMs, client);
      const local = locals.get(key);
      if (local?.windowStart === windowStart) {
        const estimate = { current: local.known.current + local.pending + 1, previous: local.known.previous };
        const state = slidingWindow(estimate, nowMs, windowMs, max);
        if (state.hits <= max / 2 && nowMs - local.syncedAt < SYNC_MS) {
          local.pending += 1;
          return state;
        }
      }
      const pending = local?.windowStart === windowStart ? local.pending : 0;
      if (local !== undefined && local.windowStart !== windowStart && local.pending > 0) {
        // Hits counted here in a window now past: the database has them too, for the sliding window's weighing.
        await countHit(db, {
          key,
          windowStart: local.windowStart,
          previousWindowStart: local.windowStart - windowMs,
          expiresAt: local.windowStart + 2 * windowMs,
          hits: local.pending,
        });
      }
      forgetPastWindows(previousWindowStart);
      const counts = await countHit(db, {
        key,
        windowStart,
        previousWindowStart,
        // The count weighs on this window and the next one, then on nothing.
        expiresAt: windowStart + 2 * windowMs,
        hits: pending + 1,
      });
      locals.set(key, { windowStart, known: counts, pending: 0, syncedAt: nowMs });
      return slidingWindow(counts, nowMs, windowMs, max);
    },

    /** The state a request would see, without counting one. */
    async peek(scope: string, client: string, windowMs: number, max: number): Promise<SlidingWindowState> {
      const { nowMs, windowStart, previousWindowStart } = windows(windowMs);
      const key = storedKey(scope, windowMs, client);
      const counts = await readCounts(db, key, windowStart, previousWindowStart);
      // With the hits counted here and not yet written, in whichever window they fell.
      const local = locals.get(key);
      const mine = (start: number) => (local?.windowStart === start ? local.pending : 0);
      return slidingWindow(
        { current: counts.current + mine(windowStart), previous: counts.previous + mine(previousWindowStart) },
        nowMs,
        windowMs,
        max,
      );
    },

    /** Removes counters that no longer weigh on any window: a scheduled job. */
    async purgeExpired(): Promise<{ removed: number }> {
      return { removed: await purgeExpiredCounters(db, clock().getTime()) };
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
