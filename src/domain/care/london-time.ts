/**
 * Appointments are booked in London wall-clock time and kept as UTC instants. Converting between the two must be
 * right across the clock changes (hazard H35): on the last Sunday of March the hour from 01:00 does not exist in
 * London, and on the last Sunday of October the hour from 01:00 happens twice. A time that does not exist is refused;
 * a time that happens twice is the first of the two (British Summer Time) unless the second is asked for, and is
 * marked ambiguous so that a page can say which it is. Pure: no process time zone is read.
 */
import { isIsoDate, londonDate, londonOffsetMs, nextIsoDate } from '../shared/dates.js';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/u;
const HOUR_MS = 3_600_000;

export type LondonInstant =
  | { ok: true; instant: Date; ambiguous: boolean; zone: 'GMT' | 'BST' }
  | { ok: false; reason: 'not-a-date' | 'not-a-time' | 'skipped-by-clock-change' };

export function isWallTime(value: string): boolean {
  return HHMM.test(value);
}

/**
 * The instant at which London's clocks show `time` on `date`. `occurrence` picks which of two instants when the
 * clocks go back (the first, in BST, by default).
 */
export function londonInstant(date: string, time: string, occurrence: 'first' | 'second' = 'first'): LondonInstant {
  if (!isIsoDate(date)) return { ok: false, reason: 'not-a-date' };
  const m = HHMM.exec(time);
  if (m === null) return { ok: false, reason: 'not-a-time' };
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, Number(m[1]), Number(m[2]));
  // London is UTC+0 or UTC+1: the candidates are the wall time read as either; keep those that show it.
  const candidates = [wall - HOUR_MS, wall].filter((t) => t + londonOffsetMs(t) === wall);
  if (candidates.length === 0) return { ok: false, reason: 'skipped-by-clock-change' };
  const [first, second] = candidates as [number, number | undefined];
  const chosen = second !== undefined && occurrence === 'second' ? second : first;
  return {
    ok: true,
    instant: new Date(chosen),
    ambiguous: candidates.length === 2,
    zone: londonOffsetMs(chosen) === 0 ? 'GMT' : 'BST',
  };
}

export interface LondonWallTime {
  date: string;
  /** HH:MM on the 24-hour clock. */
  time: string;
  /** 0 Monday ... 6 Sunday. */
  weekday: number;
  zone: 'GMT' | 'BST';
}

/** What London's clocks show at an instant. */
export function londonWallTime(instant: Date): LondonWallTime {
  const offset = londonOffsetMs(instant.getTime());
  const shifted = new Date(instant.getTime() + offset);
  const time = `${String(shifted.getUTCHours()).padStart(2, '0')}:${String(shifted.getUTCMinutes()).padStart(2, '0')}`;
  return {
    date: londonDate(instant),
    time,
    weekday: (shifted.getUTCDay() + 6) % 7,
    zone: offset === 0 ? 'GMT' : 'BST',
  };
}

/** The ISO date `days` calendar days after `date`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const at = (date: string) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((at(to) - at(from)) / 86_400_000);
}

/**
 * The instants of `count` sessions every `everyWeeks` weeks from `date` at London `time`: each keeps its wall-clock
 * time, so a weekly 16:00 block that crosses a clock change is at 16:00 on both sides of it. A session whose time
 * does not exist that day (only possible between 01:00 and 02:00) makes the whole block refused.
 */
export function recurringInstants(
  date: string,
  time: string,
  count: number,
  everyWeeks = 1,
): { ok: true; instants: Date[] } | { ok: false; reason: string; date?: string } {
  const instants: Date[] = [];
  for (let i = 0; i < count; i += 1) {
    const day = addDays(date, i * 7 * everyWeeks);
    const at = londonInstant(day, time);
    if (!at.ok) return { ok: false, reason: at.reason, date: day };
    instants.push(at.instant);
  }
  return { ok: true, instants };
}

/** The London dates from `from` up to and including `to`. */
export function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to && out.length < 400; day = nextIsoDate(day)) out.push(day);
  return out;
}
