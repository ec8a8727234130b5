import { describe, expect, it } from 'vitest';
import { breakGlassActive, breakGlassEndsAt, breakGlassMinutesLeft, startBreakGlass } from './break-glass.js';

const startedAt = new Date('2026-12-03T10:00:00.000Z');
const REASON = 'Child brought to clinic injured; the named therapist is on leave.';
const start = (reason: unknown, minutes = 60, at = startedAt) => startBreakGlass({ reason, startedAt: at, minutes });
const access = () => {
  const started = start(REASON);
  if (!started.ok) throw new Error(JSON.stringify(started.problems));
  return started.value;
};
const at = (iso: string) => new Date(iso);

describe('starting a break-glass access', () => {
  it('starts with a reason, trimmed', () => {
    expect(start(`  ${REASON}  `)).toEqual({ ok: true, value: { reason: REASON, startedAt, minutes: 60 } });
  });

  it('refuses without a reason', () => {
    for (const reason of [undefined, '', '   ', 42]) {
      expect(start(reason)).toEqual({
        ok: false,
        problems: [{ field: 'reason', message: 'Enter why you need to open this record in an emergency' }],
      });
    }
  });

  it('accepts 10 and 1,000 characters, and refuses 9 and 1,001', () => {
    expect(start('a'.repeat(10)).ok).toBe(true);
    expect(start('a'.repeat(1000)).ok).toBe(true);
    expect(start('a'.repeat(9))).toEqual({
      ok: false,
      problems: [{ field: 'reason', message: 'Reason must be 10 characters or more' }],
    });
    expect(start('a'.repeat(1001))).toEqual({
      ok: false,
      problems: [{ field: 'reason', message: 'Reason must be 1,000 characters or fewer' }],
    });
  });

  it('counts characters, not UTF-16 units: five emoji and five letters are ten', () => {
    expect(start('🚑🚑🚑🚑🚑abcde').ok).toBe(true);
  });

  it('refuses a reason sent twice, or with characters that cannot be shown', () => {
    expect(start([REASON, REASON])).toMatchObject({ problems: [{ message: 'Enter one answer only' }] });
    expect(start(`${REASON}\u0000`)).toMatchObject({
      problems: [{ message: 'Reason must not include characters that cannot be shown' }],
    });
  });

  it('refuses minutes outside 15 to 1,440, or not whole, and an invalid start', () => {
    expect(start(REASON, 15).ok).toBe(true);
    expect(start(REASON, 1440).ok).toBe(true);
    for (const minutes of [14, 1441, 30.5]) {
      expect(start(REASON, minutes)).toMatchObject({ ok: false, problems: [{ field: 'minutes' }] });
    }
    expect(start(REASON, 60, new Date('nonsense'))).toMatchObject({ problems: [{ field: 'startedAt' }] });
  });
});

describe('whether a break-glass access is active', () => {
  it('ends the set minutes after it starts', () => {
    expect(breakGlassEndsAt(access())).toEqual(at('2026-12-03T11:00:00.000Z'));
  });

  it('is active from the instant it starts', () => {
    expect(breakGlassActive(access(), startedAt)).toBe(true);
    expect(breakGlassActive(access(), at('2026-12-03T09:59:59.999Z'))).toBe(false);
  });

  it('is active a millisecond before expiry and not at the expiry itself', () => {
    expect(breakGlassActive(access(), at('2026-12-03T10:59:59.999Z'))).toBe(true);
    expect(breakGlassActive(access(), at('2026-12-03T11:00:00.000Z'))).toBe(false);
    expect(breakGlassActive(access(), at('2026-12-04T10:00:00.000Z'))).toBe(false);
  });

  it('gives whole minutes left for the banner, rounded up, and 0 once ended', () => {
    expect(breakGlassMinutesLeft(access(), startedAt)).toBe(60);
    expect(breakGlassMinutesLeft(access(), at('2026-12-03T10:42:30.000Z'))).toBe(18);
    expect(breakGlassMinutesLeft(access(), at('2026-12-03T10:59:59.999Z'))).toBe(1);
    expect(breakGlassMinutesLeft(access(), at('2026-12-03T11:00:00.000Z'))).toBe(0);
  });
});
