/**
 * The sliding window of a rate limit, as two fixed windows weighed together (docs/adr/0031): the count of the
 * current window plus the previous window's count scaled by how much of the previous window still lies inside the
 * last `windowMs`. A burst at the end of one window still weighs almost fully just after the edge, so a client cannot
 * pass twice the limit by straddling it, as a fixed window lets it. Every request counts, refused ones too.
 */

/** The fixed window an instant falls in: its start, in epoch milliseconds. */
export function windowStartOf(nowMs: number, windowMs: number): number {
  return Math.floor(nowMs / windowMs) * windowMs;
}

export interface WindowCounts {
  /** Requests counted in the previous fixed window. */
  previous: number;
  /** Requests counted in the current fixed window, this one included. */
  current: number;
}

export interface SlidingWindowState {
  /** The weighted count, rounded up: the request is refused when it is above the limit. */
  hits: number;
  /** Whether this request is over the limit. */
  exceeded: boolean;
  /**
   * Milliseconds until a request would be allowed again if none came in the meantime (when exceeded); otherwise until
   * the current fixed window ends. Never below one second when exceeded, never more than two windows.
   */
  retryAfterMs: number;
}

export function slidingWindow(counts: WindowCounts, nowMs: number, windowMs: number, max: number): SlidingWindowState {
  const elapsed = nowMs - windowStartOf(nowMs, windowMs);
  const remainingOfWindow = windowMs - elapsed;
  const weighted = (counts.previous * remainingOfWindow) / windowMs + counts.current;
  // Rounded up, less a hair of floating-point noise, so that exactly the limit is still allowed.
  const hits = Math.max(0, Math.ceil(weighted - 1e-9));
  const exceeded = hits > max;
  if (!exceeded) return { hits, exceeded, retryAfterMs: remainingOfWindow };
  return { hits, exceeded, retryAfterMs: Math.max(1000, waitUntilAllowed(counts, remainingOfWindow, windowMs, max)) };
}

/** How long until one more request would weigh no more than `max`, with no other requests in between. */
function waitUntilAllowed(counts: WindowCounts, remainingOfWindow: number, windowMs: number, max: number): number {
  const room = max - 1;
  if (room < 0) return 2 * windowMs;
  if (counts.current <= room && counts.previous > 0) {
    // Still in this window: the previous window's weight falls until previous * left / windowMs <= room - current.
    const left = ((room - counts.current) * windowMs) / counts.previous;
    return Math.ceil(Math.max(0, remainingOfWindow - left));
  }
  // In the next window, this window is the previous one: current * (windowMs - s) / windowMs <= room.
  const into = counts.current === 0 ? 0 : windowMs * (1 - room / counts.current);
  return Math.ceil(remainingOfWindow + Math.max(0, into));
}
