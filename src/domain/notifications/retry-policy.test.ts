import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, classifyFailure, DEFAULT_RETRY_POLICY, nextAttempt } from './retry-policy.js';

const NOW = new Date('2026-11-28T09:00:00.000Z');
const at = (result: ReturnType<typeof nextAttempt>) =>
  result.kind === 'retry' ? result.at.getTime() - NOW.getTime() : -1;

describe('nextAttempt', () => {
  it('doubles the longest wait from 30 seconds, up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => backoffCeilingMs(n))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });

  it('waits a random part of that (full jitter): nothing at 0, almost all of it near 1', () => {
    expect(at(nextAttempt(3, NOW, () => 0))).toBe(0);
    expect(at(nextAttempt(3, NOW, () => 0.5))).toBe(60_000);
    expect(at(nextAttempt(3, NOW, () => 0.999999))).toBe(119_999);
  });

  it('gives up after the tenth attempt', () => {
    expect(nextAttempt(9, NOW, () => 0.5).kind).toBe('retry');
    expect(nextAttempt(10, NOW, () => 0.5)).toEqual({ kind: 'dead' });
    expect(nextAttempt(11, NOW, () => 0.5)).toEqual({ kind: 'dead' });
    expect(nextAttempt(3, NOW, () => 0.5, { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 })).toEqual({ kind: 'dead' });
  });

  it('always lands between now and the cap, whatever the attempt count and the random number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempts, r) => {
        const wait = at(nextAttempt(attempts, NOW, () => r));
        return wait >= 0 && wait <= DEFAULT_RETRY_POLICY.capMs && wait <= backoffCeilingMs(attempts);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a broken random source within the range', () => {
    expect(at(nextAttempt(1, NOW, () => 7))).toBe(30_000);
    expect(at(nextAttempt(1, NOW, () => -1))).toBe(0);
    expect(backoffCeilingMs(10_000)).toBe(3_600_000);
  });
});

describe('classifyFailure', () => {
  it('gives up at once on what asking again cannot change: validation and authentication errors', () => {
    for (const status of [400, 401, 403]) {
      expect(classifyFailure({ kind: 'rejected', status })).toEqual({ permanent: true, ambiguous: false });
    }
    expect(classifyFailure({ kind: 'not-configured' })).toEqual({ permanent: true, ambiguous: false });
  });

  it('tries again after a refusal that did no work (429), without asking the provider first', () => {
    expect(classifyFailure({ kind: 'rejected', status: 429 })).toEqual({ permanent: false, ambiguous: false });
    expect(classifyFailure({ kind: 'unreachable' })).toEqual({ permanent: false, ambiguous: false });
  });

  it('treats a time-out, a broken connection and a 5xx as ambiguous: the message may have been accepted', () => {
    for (const failure of [
      { kind: 'timeout' },
      { kind: 'network' },
      { kind: 'rejected', status: 500 },
      { kind: 'rejected', status: 503 },
    ] as const) {
      expect(classifyFailure(failure)).toEqual({ permanent: false, ambiguous: true });
    }
  });
});
