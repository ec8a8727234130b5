import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonthsClamped,
  ageInYears,
  formatLongDate,
  isIsoDate,
  isWithinMonthsAfter,
  londonDate,
  nextIsoDate,
  startOfLondonDay,
} from './dates.js';

/** Formats an instant as London wall-clock time, `YYYY-MM-DD HH:MM:SS.mmm`, whatever the process time zone. */
const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});
function inLondon(instant: Date): string {
  const p = Object.fromEntries(wallClock.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year!}-${p.month!}-${p.day!} ${p.hour!}:${p.minute!}:${p.second!}.${p.fractionalSecond!}`;
}

/** Every ISO date from `first` to `last` inclusive, counted in UTC so the process time zone cannot matter. */
function everyDay(first: string, last: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

describe('isIsoDate', () => {
  it.each(['2024-02-29', '2026-01-01', '2026-12-31', '2000-02-29', '2026-03-29', '0100-01-01', '9999-12-31'])(
    'accepts %s',
    (value) => {
      expect(isIsoDate(value)).toBe(true);
    },
  );

  it.each([
    ['2023-02-29', 'not a leap year'],
    ['1900-02-29', 'a century that is not a leap year'],
    ['2026-02-31', 'no 31 February'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-13-01', 'no 13th month'],
    ['2026-00-10', 'no month 0'],
    ['2026-01-00', 'no day 0'],
    ['26-01-01', 'a two-digit year'],
    ['2026-1-1', 'single-digit month and day'],
    ['2026/01/01', 'slashes'],
    ['01/02/2026', 'a British date'],
    ['2026-01-01T00:00:00Z', 'an instant'],
    [' 2026-01-01', 'a leading space'],
    ['2026-01-01\n', 'a trailing newline'],
    ['２０２６-01-01', 'full-width digits'],
    ['2026-0a-01', 'a letter for a digit'],
    ['2026-01-0/', 'a character just below the digits'],
    ['2026-01-0:', 'a character just above the digits'],
    ['2026-01-001', 'three digits of day'],
    ['0099-01-01', 'a year before 100'],
    ['', 'nothing'],
  ])('refuses %s (%s)', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });

  it('agrees with the calendar of Date for every day 0 to 32 of every month from 1896 to 2104', () => {
    const real = (y: number, m: number, d: number) => {
      const date = new Date(Date.UTC(y, m - 1, d));
      return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
    };
    const wrong: string[] = [];
    for (let y = 1896; y <= 2104; y += 1) {
      for (let m = 1; m <= 12; m += 1) {
        for (let d = 0; d <= 32; d += 1) {
          const text = `${String(y)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          if (isIsoDate(text) !== real(y, m, d)) wrong.push(text);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('startOfLondonDay', () => {
  it('is midnight UTC in winter', () => {
    expect(startOfLondonDay('2026-01-15').toISOString()).toBe('2026-01-15T00:00:00.000Z');
  });

  it('is 23:00 UTC the day before in summer', () => {
    expect(startOfLondonDay('2026-07-01').toISOString()).toBe('2026-06-30T23:00:00.000Z');
  });

  it('is exact on and after the day the clocks go forward (29 March 2026)', () => {
    expect(startOfLondonDay('2026-03-28').toISOString()).toBe('2026-03-28T00:00:00.000Z');
    expect(startOfLondonDay('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(startOfLondonDay('2026-03-30').toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it('is exact on and after the day the clocks go back (25 October 2026)', () => {
    expect(startOfLondonDay('2026-10-24').toISOString()).toBe('2026-10-23T23:00:00.000Z');
    expect(startOfLondonDay('2026-10-25').toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(startOfLondonDay('2026-10-26').toISOString()).toBe('2026-10-26T00:00:00.000Z');
  });

  it('makes the clock-change days 23 and 25 hours long', () => {
    const hours = (day: string) =>
      (startOfLondonDay(nextIsoDate(day)).getTime() - startOfLondonDay(day).getTime()) / 3_600_000;
    expect(hours('2026-03-29')).toBe(23);
    expect(hours('2026-10-25')).toBe(25);
    expect(hours('2026-06-01')).toBe(24);
  });

  it('refuses what is not an ISO date', () => {
    expect(() => startOfLondonDay('2026-02-31')).toThrow(RangeError);
    expect(() => startOfLondonDay('31/01/2026')).toThrow(RangeError);
  });

  it('begins each London day from 2020 to 2035 at 00:00, one millisecond after the previous day ends', () => {
    const days = everyDay('2020-01-01', '2035-12-31');
    expect(days).toHaveLength(5844);
    let previous = '2019-12-31';
    for (const day of days) {
      const start = startOfLondonDay(day);
      expect(inLondon(start)).toBe(`${day} 00:00:00.000`);
      expect(inLondon(new Date(start.getTime() - 1))).toBe(`${previous} 23:59:59.999`);
      expect(londonDate(start)).toBe(day);
      previous = day;
    }
  });
});

describe('nextIsoDate', () => {
  it.each([
    ['2026-01-01', '2026-01-02'],
    ['2026-01-31', '2026-02-01'],
    ['2026-04-30', '2026-05-01'],
    ['2026-12-31', '2027-01-01'],
    ['2024-02-28', '2024-02-29'],
    ['2024-02-29', '2024-03-01'],
    ['2026-02-28', '2026-03-01'],
    ['2026-03-28', '2026-03-29'],
    ['2026-03-29', '2026-03-30'],
    ['2026-10-25', '2026-10-26'],
  ])('after %s comes %s', (day, next) => {
    expect(nextIsoDate(day)).toBe(next);
  });

  it('always gives a real date one London day later', () => {
    const day = fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-30T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (d) => {
        const next = nextIsoDate(d);
        expect(isIsoDate(next)).toBe(true);
        expect(next > d).toBe(true);
        const hours = (startOfLondonDay(next).getTime() - startOfLondonDay(d).getTime()) / 3_600_000;
        expect([23, 24, 25]).toContain(hours);
      }),
    );
  });
});

describe('londonDate', () => {
  it('is the UTC date in winter', () => {
    expect(londonDate(new Date('2026-01-15T23:59:59.999Z'))).toBe('2026-01-15');
    expect(londonDate(new Date('2026-01-16T00:00:00.000Z'))).toBe('2026-01-16');
  });

  it('turns at 23:00 UTC in summer', () => {
    expect(londonDate(new Date('2026-07-01T22:59:59.999Z'))).toBe('2026-07-01');
    expect(londonDate(new Date('2026-07-01T23:00:00.000Z'))).toBe('2026-07-02');
  });

  it('is right either side of the clock changes', () => {
    expect(londonDate(new Date('2026-03-29T00:59:59.999Z'))).toBe('2026-03-29');
    expect(londonDate(new Date('2026-03-29T01:00:00.000Z'))).toBe('2026-03-29');
    expect(londonDate(new Date('2026-03-29T22:59:59.999Z'))).toBe('2026-03-29');
    expect(londonDate(new Date('2026-03-29T23:00:00.000Z'))).toBe('2026-03-30');
    expect(londonDate(new Date('2026-10-24T22:59:59.999Z'))).toBe('2026-10-24');
    expect(londonDate(new Date('2026-10-24T23:00:00.000Z'))).toBe('2026-10-25');
    expect(londonDate(new Date('2026-10-25T23:59:59.999Z'))).toBe('2026-10-25');
    expect(londonDate(new Date('2026-10-26T00:00:00.000Z'))).toBe('2026-10-26');
  });

  it('is the inverse of startOfLondonDay for any instant of the day', () => {
    const instant = fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2035-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, (t) => {
        const day = londonDate(t);
        expect(startOfLondonDay(day).getTime()).toBeLessThanOrEqual(t.getTime());
        expect(startOfLondonDay(nextIsoDate(day)).getTime()).toBeGreaterThan(t.getTime());
      }),
    );
  });

  it('gives every instant of an hour the date it gave the first (it keeps dates by the hour)', () => {
    const londonYmd = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
    // From 1900 (British Double Summer Time included) to 2100, asked in any order, each time against Intl itself.
    const instant = fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2100-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(
        fc.array(instant, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 3_599_999 }),
        (ts, ms) => {
          for (const t of ts) {
            const sameHour = new Date(Math.floor(t.getTime() / 3_600_000) * 3_600_000 + ms);
            expect(londonDate(t)).toBe(londonYmd.format(t));
            expect(londonDate(sameHour)).toBe(londonYmd.format(sameHour));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ageInYears', () => {
  it.each([
    ['2010-11-27', '2026-11-26', 15, 'the day before the 16th birthday'],
    ['2010-11-27', '2026-11-27', 16, 'the 16th birthday'],
    ['2007-11-27', '2026-11-26', 18, 'the day before the 19th birthday'],
    ['2007-11-27', '2026-11-27', 19, 'the 19th birthday'],
    ['2008-02-29', '2024-02-28', 15, 'born 29 February, the day before a leap-year 16th birthday'],
    ['2008-02-29', '2024-02-29', 16, 'born 29 February, a 16th birthday on 29 February'],
    ['2012-02-29', '2028-02-29', 16, 'born 29 February, 16 on 29 February 2028'],
    ['2012-02-29', '2027-02-28', 14, 'born 29 February, 28 February of a common year'],
    ['2012-02-29', '2027-03-01', 15, 'born 29 February, attains the age on 1 March of a common year'],
    ['2004-02-29', '2023-02-28', 18, 'born 29 February, the day before the 19th birthday (common year)'],
    ['2004-02-29', '2023-03-01', 19, 'born 29 February, the 19th birthday in a common year'],
    ['2026-11-27', '2026-11-27', 0, 'born today'],
    ['2025-12-31', '2026-01-01', 0, 'one day old across a new year'],
  ])('born %s, on %s is %i (%s)', (born, asOf, years) => {
    expect(ageInYears(born, asOf)).toBe(years);
  });

  it('refuses what is not a date', () => {
    expect(() => ageInYears('2021-02-29', '2026-01-01')).toThrow(RangeError);
  });
});

describe('addMonthsClamped and isWithinMonthsAfter', () => {
  it.each([
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-03-31', 6, '2026-09-30'],
    ['2026-08-31', 3, '2026-11-30'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2023-08-29', 6, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-07-15', 6, '2027-01-15'],
    ['2026-12-31', 1, '2027-01-31'],
    ['2026-01-31', -1, '2025-12-31'],
  ])('%s plus %i months is %s', (from, months, to) => {
    expect(addMonthsClamped(from, months)).toBe(to);
  });

  it('counts the last day of the window in, and the day after out', () => {
    expect(isWithinMonthsAfter('2027-02-28', '2026-08-31', 6)).toBe(true);
    expect(isWithinMonthsAfter('2027-03-01', '2026-08-31', 6)).toBe(false);
    expect(isWithinMonthsAfter('2026-09-30', '2026-03-31', 6)).toBe(true);
    expect(isWithinMonthsAfter('2026-10-01', '2026-03-31', 6)).toBe(false);
    expect(isWithinMonthsAfter('2026-08-31', '2026-08-31', 6)).toBe(true);
    expect(isWithinMonthsAfter('2026-08-30', '2026-08-31', 6)).toBe(false);
  });

  it('stays right at the end of the calendar', () => {
    expect(isWithinMonthsAfter('9999-12-31', '9999-12-31', 6)).toBe(true);
  });
});

describe('formatLongDate', () => {
  it('writes dates as people read them', () => {
    expect(formatLongDate('2026-08-31')).toBe('31 August 2026');
    expect(formatLongDate('2027-01-05')).toBe('5 January 2027');
  });
});

/*
 * Independent implementations for the property tests: they lean on Date.UTC's own overflow rules (29 February of a
 * common year rolls over to 1 March; day 0 is the last day of the month before), which the module under test does
 * not use.
 */
const utc = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
function simpleAge(born: string, asOf: string): number {
  const [y, m, d] = born.split('-').map(Number) as [number, number, number];
  let years = 0;
  while (Date.UTC(y + years + 1, m - 1, d) <= utc(asOf)) years++;
  return years;
}
function simpleAddMonths(from: string, months: number): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

describe('the age and window rules over every date from 2020 to 2035', () => {
  const days = everyDay('2020-01-01', '2035-12-31');
  const anyDay = fc.constantFrom(...days);
  const anyBirth = fc.constantFrom(...everyDay('2000-01-01', '2035-12-31'));

  it('gives every date the same age as the simple implementation, for birthdays that test the rules', () => {
    for (const born of [
      '2008-02-29',
      '2012-02-29',
      '2004-02-29',
      '2010-03-01',
      '2010-02-28',
      '2009-12-31',
      '2016-01-01',
    ]) {
      for (const asOf of days.filter((d) => d >= born)) expect(ageInYears(born, asOf)).toBe(simpleAge(born, asOf));
    }
  });

  it('agrees with the simple age for any birth date and decision date', () => {
    fc.assert(
      fc.property(anyBirth, anyDay, (born, asOf) => {
        fc.pre(born <= asOf);
        expect(ageInYears(born, asOf)).toBe(simpleAge(born, asOf));
      }),
      { numRuns: 5000 },
    );
  });

  it('ends the window on the same day as the simple implementation, from every discharge date', () => {
    for (const day of days) {
      for (const months of [3, 6]) expect(addMonthsClamped(day, months)).toBe(simpleAddMonths(day, months));
    }
  });

  it('agrees with the simple window for any discharge date, decision date and length', () => {
    fc.assert(
      fc.property(anyDay, anyDay, fc.integer({ min: 1, max: 24 }), (discharged, asOf, months) => {
        const expected = utc(discharged) <= utc(asOf) && utc(asOf) <= utc(simpleAddMonths(discharged, months));
        expect(isWithinMonthsAfter(asOf, discharged, months)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });
});
