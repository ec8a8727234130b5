/** A clock the test moves by hand, for links and sessions that expire. */
import type { Clock } from '../../src/services/shared/context.js';

export interface MovableClock {
  clock: Clock;
  advance(ms: number): void;
}

export function movableClock(start: Date = new Date()): MovableClock {
  let now = start.getTime();
  return {
    clock: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

export const HOUR_MS = 3_600_000;
