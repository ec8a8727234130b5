import { describe, expect, it } from 'vitest';
import { afterFailure, isLocked, type ThrottlePolicy, type ThrottleState } from './throttle.js';

const policy: ThrottlePolicy = { maxFailures: 5, lockoutMinutes: 15 };
const MINUTE = 60_000;
const start = new Date('2026-03-01T09:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);

/** Applies failures at the given offsets from `start`. */
function failuresAt(offsets: number[], from?: ThrottleState): ThrottleState | undefined {
  return offsets.reduce<ThrottleState | undefined>((state, ms) => afterFailure(state, at(ms), policy), from);
}

describe('isLocked', () => {
  it('is false when nothing has been recorded', () => {
    expect(isLocked(undefined, start)).toBe(false);
  });

  it('is false when the state has no lock', () => {
    expect(isLocked({ failures: 3, windowStartedAt: start.toISOString(), lockedUntil: null }, start)).toBe(false);
  });
});

describe('afterFailure', () => {
  it('starts counting at one', () => {
    expect(afterFailure(undefined, start, policy)).toEqual({
      failures: 1,
      windowStartedAt: start.toISOString(),
      lockedUntil: null,
    });
  });

  it('does not lock after 4 failures within the window', () => {
    const state = failuresAt([0, MINUTE, 2 * MINUTE, 3 * MINUTE]);
    expect(state?.failures).toBe(4);
    expect(state?.lockedUntil).toBeNull();
    expect(isLocked(state, at(3 * MINUTE))).toBe(false);
  });

  it('locks at the 5th failure within the window, for lockoutMinutes from that failure', () => {
    const fifth = 14 * MINUTE;
    const state = failuresAt([0, MINUTE, 2 * MINUTE, 3 * MINUTE, fifth]);
    expect(state?.failures).toBe(5);
    expect(state?.lockedUntil).toBe(at(fifth + 15 * MINUTE).toISOString());
    expect(isLocked(state, at(fifth))).toBe(true);
    expect(isLocked(state, at(fifth + 15 * MINUTE - 1))).toBe(true);
    expect(isLocked(state, at(fifth + 15 * MINUTE))).toBe(false);
  });

  it('honours another policy', () => {
    const strict: ThrottlePolicy = { maxFailures: 2, lockoutMinutes: 1 };
    const once = afterFailure(undefined, start, strict);
    expect(once.lockedUntil).toBeNull();
    const twice = afterFailure(once, at(1000), strict);
    expect(twice.lockedUntil).toBe(at(1000 + MINUTE).toISOString());
  });

  it('starts a fresh count for a failure after the window', () => {
    const four = failuresAt([0, MINUTE, 2 * MINUTE, 3 * MINUTE]);
    const later = afterFailure(four, at(15 * MINUTE + 1), policy);
    expect(later).toEqual({ failures: 1, windowStartedAt: at(15 * MINUTE + 1).toISOString(), lockedUntil: null });
  });

  it('counts a failure at the very end of the window in that window', () => {
    const four = failuresAt([0, MINUTE, 2 * MINUTE, 3 * MINUTE]);
    const fifth = afterFailure(four, at(15 * MINUTE), policy);
    expect(fifth.failures).toBe(5);
    expect(fifth.lockedUntil).not.toBeNull();
  });

  it('does not lock again at once when the first failure after a lock ends is made', () => {
    const locked = failuresAt([0, MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE])!;
    const unlockedAt = new Date(locked.lockedUntil!);
    expect(isLocked(locked, unlockedAt)).toBe(false);
    const next = afterFailure(locked, unlockedAt, policy);
    expect(next.failures).toBe(1);
    expect(isLocked(next, unlockedAt)).toBe(false);
  });
});
