/**
 * When to try a message again, and when to give up. Exponential backoff with full jitter: after the nth failed
 * attempt the next comes at a random moment between now and min(cap, base x 2^(n-1)), so that many messages that
 * failed together (a provider outage) do not all come back together. After `maxAttempts` the message is dead.
 */

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 10 };

export type NextAttempt = { kind: 'retry'; at: Date } | { kind: 'dead' };

/** The longest wait after `attempts` failed attempts: the top of the jitter's range. */
export function backoffCeilingMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  // Bounded so that a very large count cannot make the power Infinity; the cap is reached long before.
  const exponent = Math.min(Math.max(0, attempts - 1), 60);
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/**
 * After `attempts` attempts (the one that just failed included): the time of the next, or dead. `random` returns a
 * number in [0, 1), as Math.random does; tests pass their own.
 */
export function nextAttempt(
  attempts: number,
  now: Date,
  random: () => number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): NextAttempt {
  if (attempts >= policy.maxAttempts) return { kind: 'dead' };
  const r = Math.min(Math.max(random(), 0), 1);
  const delay = Math.floor(r * backoffCeilingMs(attempts, policy));
  return { kind: 'retry', at: new Date(now.getTime() + delay) };
}

/**
 * How an attempt failed. `rejected`: the provider answered with an HTTP status. `timeout`: no answer in time.
 * `unreachable`: no connection was made, so the request never left. `network`: the connection broke, perhaps after
 * the request arrived. `not-configured`: Otway has no provider template for the message.
 */
export type SendFailure =
  | { kind: 'rejected'; status: number }
  | { kind: 'timeout' }
  | { kind: 'unreachable' }
  | { kind: 'network' }
  | { kind: 'not-configured' };

export interface FailureClass {
  /** Trying again cannot help (a validation or authentication error): dead at once. */
  permanent: boolean;
  /** The provider may have accepted the message: ask it before sending again, so that nothing is sent twice. */
  ambiguous: boolean;
}

/** Notify's answers that will not change if asked again: a bad request, bad credentials, nothing there. */
const PERMANENT_STATUSES = new Set([400, 401, 403, 404, 405, 409, 410, 413, 415, 422]);

export function classifyFailure(failure: SendFailure): FailureClass {
  switch (failure.kind) {
    case 'not-configured':
      return { permanent: true, ambiguous: false };
    case 'unreachable':
      return { permanent: false, ambiguous: false };
    case 'timeout':
    case 'network':
      return { permanent: false, ambiguous: true };
    case 'rejected':
      if (PERMANENT_STATUSES.has(failure.status)) return { permanent: true, ambiguous: false };
      // Too many requests, or a request time-out answered by the server: refused before any work was done.
      if (failure.status === 429 || failure.status === 408) return { permanent: false, ambiguous: false };
      // A 5xx (or anything unexpected) may come after the notification was stored.
      return { permanent: false, ambiguous: true };
  }
}
