/**
 * Counts failed sign-ins per key (an account's e-mail, hashed) so that guessing is throttled whether or not the
 * account exists.
 */
import type { Executor } from '../executor.js';

export interface ThrottleState {
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

export async function findThrottle(db: Executor, key: string): Promise<ThrottleState | undefined> {
  const row = await db
    .selectFrom('sign_in_throttle')
    .select(['failures', 'window_started_at', 'locked_until'])
    .where('key', '=', key)
    .executeTakeFirst();
  return row && { failures: row.failures, windowStartedAt: row.window_started_at, lockedUntil: row.locked_until };
}

export async function saveThrottle(db: Executor, key: string, state: ThrottleState): Promise<void> {
  await db
    .insertInto('sign_in_throttle')
    .values({
      key,
      failures: state.failures,
      window_started_at: state.windowStartedAt,
      locked_until: state.lockedUntil,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: state.failures,
        window_started_at: state.windowStartedAt,
        locked_until: state.lockedUntil,
      }),
    )
    .execute();
}

export async function clearThrottle(db: Executor, key: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}
