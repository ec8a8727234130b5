/**
 * Hazard "EHCP deadline missed or miscalculated": the due date of a request received on every day from 2020 to 2035,
 * and of a request whose e-mail arrived just after midnight in summer (00:30 BST is 23:30 UTC the day before) or
 * just before midnight in winter (23:59 GMT, already the next day in Kiritimati), under three process time zones.
 * The expected dates are worked out here by hand (a calendar walked one day at a time, and the rule of British Summer
 * Time) rather than by the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receivedOnOf, STATUTORY_DAYS, statutoryDueOn } from './clock.js';

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthDays = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
const pad = (n: number) => String(n).padStart(2, '0');

interface Day {
  iso: string;
  y: number;
  m: number;
  d: number;
}

/** Every calendar day from 1 January `fromYear`, walked by hand, until `count` days. */
function walkCalendar(fromYear: number, count: number): Day[] {
  const days: Day[] = [];
  let [y, m, d] = [fromYear, 1, 1];
  while (days.length < count) {
    days.push({ iso: `${String(y)}-${pad(m)}-${pad(d)}`, y, m, d });
    d += 1;
    if (d > monthDays(y, m)) [m, d] = [m + 1, 1];
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return days;
}

/** The day of the month of the last Sunday of a month: 1 January 2020 was a Wednesday (3, counting Sunday as 0). */
function lastSunday(days: Day[], y: number, m: number): number {
  const index = days.findIndex((x) => x.y === y && x.m === m && x.d === monthDays(y, m));
  const weekday = (3 + index) % 7;
  return monthDays(y, m) - weekday;
}

/** Whether London's clocks show BST at `hour`:`minute` wall time on a day (for times away from 01:00 to 02:00). */
function isBst(day: Day, hour: number, sundays: Map<number, [number, number]>): boolean {
  const [march, october] = sundays.get(day.y) ?? [0, 0];
  const key = day.m * 100 + day.d;
  // BST starts at 01:00 GMT on the last Sunday in March and ends at 01:00 GMT on the last Sunday in October.
  const starts = 300 + march;
  const ends = 1000 + october;
  if (key === starts) return hour >= 2;
  if (key === ends) return hour < 1;
  return key > starts && key < ends;
}

const HOUR = 3_600_000;
const FIRST_YEAR = 2020;
const LAST_YEAR = 2035;

// All the days from 2020 to 2035, and 42 more for the due dates of the last ones.
const calendar = walkCalendar(FIRST_YEAR, 6000);
const lastIndex = calendar.findIndex((x) => x.iso === `${String(LAST_YEAR)}-12-31`);
const range = calendar.slice(0, lastIndex + 1);
const sundays = new Map<number, [number, number]>();
for (let y = FIRST_YEAR; y <= LAST_YEAR; y += 1)
  sundays.set(y, [lastSunday(calendar, y, 3), lastSunday(calendar, y, 10)]);

/** The instant London's clocks show hour:minute on a day, worked out from the BST rule above. */
const londonWall = (day: Day, hour: number, minute: number) =>
  new Date(Date.UTC(day.y, day.m - 1, day.d, hour, minute) - (isBst(day, hour, sundays) ? HOUR : 0));

/** The date the process's own time zone shows: what a naive `getDate()` would take as the date received. */
const localDate = (at: Date) => `${String(at.getFullYear())}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;

describe('the hand-made calendar the tests rely on', () => {
  it('has 5,844 days from 2020 to 2035, with the known clock changes', () => {
    expect(range).toHaveLength(5844);
    expect(range[0]?.iso).toBe('2020-01-01');
    expect(range.find((x) => x.iso === '2024-02-29')).toBeDefined();
    expect(range.find((x) => x.iso === '2023-02-29')).toBeUndefined();
    expect(sundays.get(2020)).toEqual([29, 25]);
    expect(sundays.get(2026)).toEqual([29, 25]);
    expect(sundays.get(2027)).toEqual([28, 31]);
    expect(sundays.get(2035)).toEqual([25, 28]);
  });
});

const ZONES = [
  { tz: 'UTC', januaryOffset: 0, julyOffset: 0 },
  { tz: 'Europe/London', januaryOffset: 0, julyOffset: -60 },
  { tz: 'Pacific/Kiritimati', januaryOffset: -840, julyOffset: -840 },
] as const;

describe.each(ZONES)('under TZ=$tz', ({ tz, januaryOffset, julyOffset }) => {
  const before = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = tz;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });

  it('really runs in that time zone', () => {
    expect(new Date(Date.UTC(2026, 0, 15, 12)).getTimezoneOffset()).toBe(januaryOffset);
    expect(new Date(Date.UTC(2026, 6, 15, 12)).getTimezoneOffset()).toBe(julyOffset);
  });

  it(`gives received plus ${String(STATUTORY_DAYS)} calendar days for every date from 2020 to 2035`, () => {
    const wrong: string[] = [];
    range.forEach((day, i) => {
      const expected = calendar[i + STATUTORY_DAYS]?.iso;
      if (statutoryDueOn(day.iso) !== expected) wrong.push(day.iso);
    });
    expect(wrong).toEqual([]);
  });

  it('takes the London date of an e-mail at 00:30, 00:00 and 23:59 London time on every day, in summer and winter', () => {
    const wrong: string[] = [];
    let summerNights = 0;
    let offByOneHere = 0;
    range.forEach((day, i) => {
      const due = calendar[i + STATUTORY_DAYS]?.iso;
      for (const [hour, minute] of [
        [0, 30],
        [0, 0],
        [23, 59],
      ] as const) {
        const at = londonWall(day, hour, minute);
        const receivedOn = receivedOnOf(at);
        if (receivedOn !== day.iso || statutoryDueOn(receivedOn) !== due) {
          wrong.push(`${day.iso} ${pad(hour)}:${pad(minute)}`);
        }
        // The trap the tests are for: in summer just after midnight UTC still shows the day before.
        if (hour === 0 && isBst(day, hour, sundays)) {
          summerNights += 1;
          expect(at.toISOString().slice(0, 10)).toBe(calendar[i - 1]?.iso ?? '2019-12-31');
        }
        if (localDate(at) !== day.iso) offByOneHere += 1;
      }
    });
    expect(wrong).toEqual([]);
    // About seven months of each of 16 years are in BST, twice a night (00:00 and 00:30).
    expect(summerNights).toBeGreaterThan(2 * 16 * 200);
    // The process's own date would be wrong for some of these instants in every zone but London's: under UTC for
    // each summer night, under Kiritimati (UTC+14) for every 23:59.
    const expectedOffByOne = { UTC: summerNights, 'Europe/London': 0, 'Pacific/Kiritimati': range.length }[tz];
    expect(offByOneHere).toBe(expectedOffByOne);
  });

  it('gets the nights of the clock changes right', () => {
    // 29 March 2026: 00:30 is still GMT; 02:30 is BST (01:30 UTC).
    expect(receivedOnOf(new Date('2026-03-29T00:30:00Z'))).toBe('2026-03-29');
    expect(receivedOnOf(new Date('2026-03-28T23:59:59Z'))).toBe('2026-03-28');
    // 25 October 2026: 00:30 BST is 23:30 UTC on the 24th; both 01:30s are the 25th.
    expect(receivedOnOf(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    expect(receivedOnOf(new Date('2026-10-24T22:59:59Z'))).toBe('2026-10-24');
    expect(receivedOnOf(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25');
    expect(receivedOnOf(new Date('2026-10-25T01:30:00Z'))).toBe('2026-10-25');
    expect(receivedOnOf(new Date('2026-10-25T23:59:00Z'))).toBe('2026-10-25');
    expect(statutoryDueOn(receivedOnOf(new Date('2026-07-31T23:30:00Z')))).toBe('2026-09-12');
  });
});
