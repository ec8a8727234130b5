/**
 * How long a referral has waited for triage, in working days (Monday to Friday), and the date before which a
 * referral received has waited longer than a target. Pure calendar arithmetic on ISO dates: each date is turned
 * into a count of days with Date.UTC and back, so the process time zone cannot change an answer.
 *
 * A referral received on a day has waited 0 working days that day; each working day after it adds one. One received
 * on a Friday has waited 1 working day on the Monday, and so has one received on the Saturday or Sunday between.
 * Bank holidays count as working days here: the service's target is set in Monday-to-Friday days.
 */
import { isIsoDate } from '../shared/dates.js';

const DAY_MS = 86_400_000;
/** Day 4 counted from 1970-01-01 is Monday 5 January 1970: weeks are counted from a Monday. */
const A_MONDAY = 4;

function dayNumber(isoDate: string): number {
  if (!isIsoDate(isoDate)) throw new RangeError(`Not an ISO date: ${isoDate}`);
  const [y, m, d] = [Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)), Number(isoDate.slice(8, 10))];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const mod = (n: number, m: number) => ((n % m) + m) % m;

/** 0 for Monday to 6 for Sunday. */
function weekdayOf(day: number): number {
  return mod(day - A_MONDAY, 7);
}

/** The working days among the days numbered below `day`, counted from A_MONDAY (negative before it). */
function workingDaysBefore(day: number): number {
  const offset = day - A_MONDAY;
  return 5 * Math.floor(offset / 7) + Math.min(mod(offset, 7), 5);
}

export function isWorkingDay(isoDate: string): boolean {
  return weekdayOf(dayNumber(isoDate)) < 5;
}

/** The working days after `from`, up to and including `to`; 0 when `to` is not after `from`. */
export function workingDaysBetween(from: string, to: string): number {
  const [start, end] = [dayNumber(from), dayNumber(to)];
  if (end <= start) return 0;
  return workingDaysBefore(end + 1) - workingDaysBefore(start + 1);
}

/**
 * The earliest date a referral may have been received and still have waited no more than `target` working days on
 * `today`. A referral received before it has waited longer than the target: so a database query can find the
 * overdue ones with `received_on < overdueBefore(today, target)` and use an index on the date.
 */
export function overdueBefore(today: string, target: number): string {
  if (!Number.isInteger(target) || target < 0) throw new RangeError(`Not a number of working days: ${String(target)}`);
  let day = dayNumber(today);
  let waited = 0;
  // Stepping back a day adds the day stepped from when it is a working day; stop before that passes the target.
  for (;;) {
    const more = weekdayOf(day) < 5 ? 1 : 0;
    if (waited + more > target) return isoOf(day);
    waited += more;
    day -= 1;
  }
}

/**
 * The first date by which `days` working days have passed since `from` (`from` itself when `days` is 0). Used to move
 * a paused triage clock on: a clock that counted from `from` and was paused for `days` working days counts from here.
 */
export function addWorkingDays(from: string, days: number): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`Not a number of working days: ${String(days)}`);
  let day = dayNumber(from);
  for (let passed = 0; passed < days;) {
    day += 1;
    if (weekdayOf(day) < 5) passed += 1;
  }
  return isoOf(day);
}

/** The date `days` calendar days after `isoDate` (before it, when negative). */
export function addDays(isoDate: string, days: number): string {
  return isoOf(dayNumber(isoDate) + days);
}
