import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addWorkingDays, isWorkingDay, overdueBefore, workingDaysBetween } from './working-days.js';

/** Any date from 1990 to 2060, as an ISO date, built in UTC so the process time zone cannot matter. */
const anyDay = fc
  .integer({ min: Date.UTC(1990, 0, 1) / 86_400_000, max: Date.UTC(2060, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

/** The slow, obvious count: step through each day after `from` up to `to` and ask what day of the week it is. */
function countByHand(from: string, to: string): number {
  let n = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) n++;
  }
  return n;
}

describe('isWorkingDay', () => {
  it('is true from Monday to Friday and false at the weekend', () => {
    // 2026-11-23 is a Monday.
    const week = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
    expect(week.map(isWorkingDay)).toEqual([true, true, true, true, true, false, false]);
    expect(isWorkingDay('1970-01-01')).toBe(true); // a Thursday, before the Monday the weeks count from
    expect(isWorkingDay('1969-12-28')).toBe(false); // a Sunday
  });

  it('refuses what is not a date', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first date, up to and including the second', () => {
    expect(workingDaysBetween('2026-11-23', '2026-11-23')).toBe(0);
    expect(workingDaysBetween('2026-11-23', '2026-11-24')).toBe(1);
    expect(workingDaysBetween('2026-11-27', '2026-11-30')).toBe(1); // Friday to Monday
    expect(workingDaysBetween('2026-11-28', '2026-11-30')).toBe(1); // Saturday to Monday
    expect(workingDaysBetween('2026-11-27', '2026-11-29')).toBe(0); // Friday to Sunday
    expect(workingDaysBetween('2026-11-23', '2026-12-07')).toBe(10); // two weeks
    expect(workingDaysBetween('2026-12-24', '2027-01-04')).toBe(7); // across the year end
    expect(workingDaysBetween('2024-02-28', '2024-03-01')).toBe(2); // across 29 February
    expect(workingDaysBetween('2026-11-30', '2026-11-23')).toBe(0); // the wrong way round
  });

  it('agrees with counting day by day', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 400 }), (from, span) => {
        const to = addDays(from, span);
        expect(workingDaysBetween(from, to)).toBe(countByHand(from, to));
      }),
      { numRuns: 500 },
    );
  });

  it('adds up over consecutive spans, and a week always holds five', () => {
    fc.assert(
      fc.property(anyDay, fc.nat(60), fc.nat(60), (a, x, y) => {
        const [b, c] = [addDays(a, x), addDays(a, x + y)];
        expect(workingDaysBetween(a, b) + workingDaysBetween(b, c)).toBe(workingDaysBetween(a, c));
        expect(workingDaysBetween(a, addDays(a, 7))).toBe(5);
      }),
      { numRuns: 500 },
    );
  });

  it('never falls as the later date moves on, and grows by one on each working day', () => {
    fc.assert(
      fc.property(anyDay, fc.nat(100), (from, span) => {
        const to = addDays(from, span);
        const next = addDays(to, 1);
        expect(workingDaysBetween(from, next) - workingDaysBetween(from, to)).toBe(isWorkingDay(next) ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('overdueBefore', () => {
  it('gives the first received date that is still within the target', () => {
    // Monday 7 December 2026, target 10: received on Friday 20 November it has waited 11; on Monday 23rd, 10.
    expect(overdueBefore('2026-12-07', 10)).toBe('2026-11-23');
    // On Monday 30 November with a target of 0, only that day's referrals are within it; with a target of 1, those
    // received since the Friday before (Friday, Saturday and Sunday have each waited 1 working day: the Monday).
    expect(overdueBefore('2026-11-30', 0)).toBe('2026-11-30');
    expect(overdueBefore('2026-11-30', 1)).toBe('2026-11-27');
    // Today on a Sunday with a target of 0: Friday's referral has waited 0 working days, Thursday's 1.
    expect(overdueBefore('2026-11-29', 0)).toBe('2026-11-27');
  });

  it('splits every received date exactly: before it, more than the target; from it, the target or less', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 60 }), (today, back, target) => {
        const received = addDays(today, -back);
        const over = workingDaysBetween(received, today) > target;
        expect(received < overdueBefore(today, target)).toBe(over);
      }),
      { numRuns: 1000 },
    );
  });

  it('is the latest such date: the day before it is overdue', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 60 }), (today, target) => {
        const first = overdueBefore(today, target);
        expect(workingDaysBetween(first, today)).toBeLessThanOrEqual(target);
        expect(workingDaysBetween(addDays(first, -1), today)).toBe(target + 1);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a target that is not a whole number of days', () => {
    expect(() => overdueBefore('2026-11-27', -1)).toThrow(RangeError);
    expect(() => overdueBefore('2026-11-27', 1.5)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('moves a date on by working days, skipping weekends', () => {
    // Friday 27 November 2026: 1 working day on is Monday 30th; 5 on is Friday 4 December.
    expect(addWorkingDays('2026-11-27', 0)).toBe('2026-11-27');
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-27', 5)).toBe('2026-12-04');
    // From a Saturday, the first working day to pass is the Monday.
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30');
  });

  it('is the first date by which that many working days have passed', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 200 }), (from, days) => {
        const to = addWorkingDays(from, days);
        expect(workingDaysBetween(from, to)).toBe(days);
        if (days > 0) expect(workingDaysBetween(from, addDays(to, -1))).toBe(days - 1);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the days waited across a pause: the clock moved on by the pause counts what was waited before it', () => {
    fc.assert(
      fc.property(
        anyDay,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (from, before, paused, after) => {
          const pausedOn = addDays(from, before);
          const resumedOn = addDays(pausedOn, paused);
          const today = addDays(resumedOn, after);
          const movedOn = addWorkingDays(from, workingDaysBetween(pausedOn, resumedOn));
          expect(workingDaysBetween(movedOn, today)).toBe(
            workingDaysBetween(from, pausedOn) + workingDaysBetween(resumedOn, today),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a number of days that is not whole and positive', () => {
    expect(() => addWorkingDays('2026-11-27', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-27', 0.5)).toThrow(RangeError);
  });
});
