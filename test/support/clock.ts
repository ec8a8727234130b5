/** A clock the test moves by hand, for links and sessions that expire. */
import type { Clock } from '../../src/services/shared/context.js';

export interface MovableClock {
  clock: Clock;
  advance(ms: number): void;
  /** Moves the clock to an instant (forward or back). */
  set(instant: Date): void;
}

export function movableClock(start: Date = new Date()): MovableClock {
  let now = start.getTime();
  return {
    clock: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    set: (instant) => {
      now = instant.getTime();
    },
  };
}

export const HOUR_MS = 3_600_000;
