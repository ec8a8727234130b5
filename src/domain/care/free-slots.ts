/**
 * Free slots (docs/adr/0037): the start times Otway offers for an appointment, given each clinician's working pattern
 * (London local hours per weekday), the busy time of every resource the appointment needs (each clinician, and the
 * room for a clinic), its length, the slot step and a range of London dates. A slot is offered only where ALL the
 * resources are free for the whole length, inside EVERY clinician's hours that day, and not in the past; for a
 * recurring block, only where every session of the block is (each at the same London wall-clock time, so a weekly
 * 16:00 block stays at 16:00 across a clock change).
 *
 * Wall-clock times are turned into instants through london-time.ts: a time the clocks skip (01:00 to 02:00 on the
 * last Sunday of March) is never offered; a time that happens twice (the last Sunday of October) is offered once, as
 * the first of the two (BST), and marked ambiguous so the page can say so. Lengths are elapsed time: a 60-minute
 * appointment at 00:30 on the night the clocks go back ends at 01:30 GMT. Pure: no process time zone is read.
 */
import { WEEKDAYS, type WorkingPattern } from '../service/care-settings.js';
import { addDays, datesFrom, londonInstant } from './london-time.js';

const MINUTE_MS = 60_000;

export interface BusyInterval {
  startMs: number;
  endMs: number;
}

export interface FreeSlotQuery {
  /** One working pattern per clinician the appointment needs (two for a joint visit). */
  patterns: readonly WorkingPattern[];
  /** Busy time of every resource needed, in any order; overlapping intervals are fine. */
  busy: readonly BusyInterval[];
  /** The appointment's length in minutes. */
  minutes: number;
  /** Slots start on multiples of this many minutes from midnight (15: on the hour, quarter past...). */
  stepMinutes: number;
  /** London dates, inclusive. */
  from: string;
  to: string;
  /** Nothing starting before this instant is offered. */
  nowMs: number;
  /** A recurring block: every session must be free (default one session). */
  sessions?: number;
  everyWeeks?: number;
}

export interface FreeSlot {
  /** The first session's start. */
  start: Date;
  date: string;
  /** HH:MM in London. */
  time: string;
  zone: 'GMT' | 'BST';
  /** The time happens twice that day (the clocks go back): this is the first, in BST. */
  ambiguous: boolean;
}

/** The ISO weekday key (mon..sun) of a London date. */
export function weekdayOf(date: string): (typeof WEEKDAYS)[number] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return WEEKDAYS[(day + 6) % 7] ?? 'mon';
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmmOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The hours every clinician works on a date, as wall-clock minutes from midnight; null when they share none. */
export function sharedHours(patterns: readonly WorkingPattern[], date: string): { start: number; end: number } | null {
  if (patterns.length === 0) return null;
  const key = weekdayOf(date);
  let start = 0;
  let end = 24 * 60;
  for (const pattern of patterns) {
    const day = pattern[key];
    if (day === undefined) return null;
    start = Math.max(start, minutesOf(day.start));
    end = Math.min(end, minutesOf(day.end));
  }
  return start < end ? { start, end } : null;
}

/** Sorted, non-overlapping intervals covering the same time. */
export function mergeBusy(busy: readonly BusyInterval[]): BusyInterval[] {
  const sorted = [...busy].filter((b) => b.startMs < b.endMs).sort((a, b) => a.startMs - b.startMs);
  const merged: BusyInterval[] = [];
  for (const b of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && b.startMs <= last.endMs) last.endMs = Math.max(last.endMs, b.endMs);
    else merged.push({ ...b });
  }
  return merged;
}

/** Does [startMs, endMs) overlap any of the merged intervals? Binary search: the first interval ending after start. */
export function overlapsAny(merged: readonly BusyInterval[], startMs: number, endMs: number): boolean {
  let lo = 0;
  let hi = merged.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((merged[mid]?.endMs ?? Infinity) <= startMs) lo = mid + 1;
    else hi = mid;
  }
  const next = merged[lo];
  return next !== undefined && next.startMs < endMs;
}

interface DayContext {
  hours: { start: number; end: number };
  /** When the whole day is in one zone: its offset from UTC; null on a day the clocks change. */
  offsetMs: number | null;
  zone: 'GMT' | 'BST';
  /** The instant the shared working hours end; null when that time does not exist (no slot then). */
  endMs: number | null;
  utcMidnight: number;
}

/**
 * The day's working hours and zone, worked out once per date: on a day without a clock change every wall time is
 * the same offset from UTC, so candidates need no time-zone look-up of their own (which is what makes a week cheap).
 */
function dayContext(patterns: readonly WorkingPattern[], date: string): DayContext | null {
  const hours = sharedHours(patterns, date);
  if (hours === null) return null;
  const first = londonInstant(date, '00:00');
  const last = londonInstant(date, '23:59', 'second');
  const uniform = first.ok && last.ok && first.zone === last.zone;
  const zone = first.ok ? first.zone : 'GMT';
  // Working hours end before midnight (the pattern's times are at most 23:59); an end the clocks skip offers nothing.
  const end = londonInstant(date, hhmmOf(hours.end), 'second');
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return {
    hours,
    offsetMs: uniform ? (zone === 'BST' ? 3_600_000 : 0) : null,
    zone,
    endMs: end.ok ? end.instant.getTime() : null,
    utcMidnight: Date.UTC(y, m - 1, d),
  };
}

/**
 * Where a session at `wallMinutes` on `date` would be, if it fits the shared hours (start and end, as instants, within
 * the day's working hours), exists on the clock, is not in the past and is free; otherwise null.
 */
function sessionAt(
  q: FreeSlotQuery,
  merged: readonly BusyInterval[],
  days: Map<string, DayContext | null>,
  date: string,
  wallMinutes: number,
): { instant: Date; ambiguous: boolean; zone: 'GMT' | 'BST' } | null {
  let day = days.get(date);
  if (day === undefined) {
    day = dayContext(q.patterns, date);
    days.set(date, day);
  }
  if (day?.endMs == null || wallMinutes < day.hours.start || wallMinutes >= day.hours.end) return null;
  let at: { instant: Date; ambiguous: boolean; zone: 'GMT' | 'BST' };
  if (day.offsetMs !== null) {
    at = {
      instant: new Date(day.utcMidnight + wallMinutes * MINUTE_MS - day.offsetMs),
      ambiguous: false,
      zone: day.zone,
    };
  } else {
    const found = londonInstant(date, hhmmOf(wallMinutes));
    if (!found.ok) return null;
    at = found;
  }
  const startMs = at.instant.getTime();
  const endMs = startMs + q.minutes * MINUTE_MS;
  if (endMs > day.endMs || startMs < q.nowMs) return null;
  if (overlapsAny(merged, startMs, endMs)) return null;
  return at;
}

/** Every free start in the range, earliest first. */
export function freeSlots(q: FreeSlotQuery): FreeSlot[] {
  if (q.minutes <= 0 || q.stepMinutes <= 0) return [];
  const merged = mergeBusy(q.busy);
  const sessions = Math.max(1, q.sessions ?? 1);
  const everyWeeks = Math.max(1, q.everyWeeks ?? 1);
  const slots: FreeSlot[] = [];
  const days = new Map<string, DayContext | null>();
  for (const date of datesFrom(q.from, q.to)) {
    const hours = sharedHours(q.patterns, date);
    if (hours === null) continue;
    const first = Math.ceil(hours.start / q.stepMinutes) * q.stepMinutes;
    for (let m = first; m < hours.end; m += q.stepMinutes) {
      const at = sessionAt(q, merged, days, date, m);
      if (at === null) continue;
      let everyOneFree = true;
      for (let k = 1; k < sessions && everyOneFree; k += 1) {
        everyOneFree = sessionAt(q, merged, days, addDays(date, k * 7 * everyWeeks), m) !== null;
      }
      if (!everyOneFree) continue;
      slots.push({ start: at.instant, date, time: hhmmOf(m), zone: at.zone, ambiguous: at.ambiguous });
    }
  }
  return slots;
}
