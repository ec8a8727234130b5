/**
 * Brute-force throttling of sign-in, as a pure rule: after `maxFailures` failed attempts within the window, the key is
 * locked for `lockoutMinutes`. The same rule applies whether or not the account exists, so it reveals nothing.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  lockoutMinutes: number;
}

export interface ThrottleState {
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

const MINUTE = 60_000;

export function isLocked(state: ThrottleState | undefined, now: Date): boolean {
  return state?.lockedUntil != null && new Date(state.lockedUntil).getTime() > now.getTime();
}

/** The state after one more failure. A window older than the lockout period starts again. */
export function afterFailure(state: ThrottleState | undefined, now: Date, policy: ThrottlePolicy): ThrottleState {
  const windowMs = policy.lockoutMinutes * MINUTE;
  // A new window after the old one has run out, or once a lock has ended (so the count never carries over a lock).
  const lockEnded = state?.lockedUntil != null && now.getTime() >= new Date(state.lockedUntil).getTime();
  const fresh =
    state === undefined || lockEnded || now.getTime() - new Date(state.windowStartedAt).getTime() > windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now.toISOString() : state.windowStartedAt;
  const lockedUntil = failures >= policy.maxFailures ? new Date(now.getTime() + windowMs).toISOString() : null;
  return { failures, windowStartedAt, lockedUntil };
}
