/**
 * The waiting list's arithmetic (issue 13 item 1): how long a child has waited, the NHS England community
 * waiting-list band it falls in, whether that is over the service's target for its priority, and who is next.
 *
 * The convention, used everywhere (the pages, the counts, the export): a wait is counted in whole calendar days from
 * `wait_from` (the day the referral was received, moved on by the days triage was paused: wait-start.ts) to today's
 * London date, and in COMPLETED weeks, `floor(days / 7)`. A band "a-b weeks" holds the children whose completed weeks
 * are at least a and less than b: a child who has waited exactly 7 days (1 completed week) is in "1-2 weeks", one who
 * has waited 6 days is in "0-1 week". The last band, "over 52 weeks", holds 52 completed weeks and more (364 days
 * on), as NHS England's "52+ weeks" does. A child is over the target when they have waited longer than it: more
 * than `targetWeeks * 7` days (exactly 18 weeks against an 18 week target is at the target, not over).
 *
 * Because a band is a range of completed weeks, it is a range of `wait_from` dates for a given today
 * (`bandDateRanges`), so the database counts each band with a range condition on the index's last column.
 */
import { PRIORITIES, type Priority } from '../referrals/lifecycle.js';
import { addDays, daysBetween } from './london-time.js';

export const WAIT_BANDS = [
  { id: '0-1', label: '0 to 1 week', fromWeeks: 0, toWeeks: 1 },
  { id: '1-2', label: '1 to 2 weeks', fromWeeks: 1, toWeeks: 2 },
  { id: '2-4', label: '2 to 4 weeks', fromWeeks: 2, toWeeks: 4 },
  { id: '4-12', label: '4 to 12 weeks', fromWeeks: 4, toWeeks: 12 },
  { id: '12-18', label: '12 to 18 weeks', fromWeeks: 12, toWeeks: 18 },
  { id: '18-52', label: '18 to 52 weeks', fromWeeks: 18, toWeeks: 52 },
  { id: 'over-52', label: 'Over 52 weeks', fromWeeks: 52, toWeeks: null },
] as const;

export type WaitBand = (typeof WAIT_BANDS)[number]['id'];
export const WAIT_BAND_IDS: readonly WaitBand[] = WAIT_BANDS.map((b) => b.id);

export function isWaitBand(value: unknown): value is WaitBand {
  return typeof value === 'string' && (WAIT_BAND_IDS as readonly string[]).includes(value);
}

export interface Wait {
  /** Whole calendar days from wait_from to today; 0 when wait_from is today (or, wrongly, later). */
  days: number;
  /** Completed weeks: floor(days / 7). */
  weeks: number;
  /** The days beyond the completed weeks (0 to 6). */
  extraDays: number;
}

export function waitOf(waitFrom: string, today: string): Wait {
  const days = Math.max(0, daysBetween(waitFrom, today));
  const weeks = Math.floor(days / 7);
  return { days, weeks, extraDays: days - weeks * 7 };
}

/** The band of a wait of `weeks` completed weeks. */
export function bandOf(weeks: number): WaitBand {
  const found = WAIT_BANDS.find((b) => weeks >= b.fromWeeks && (b.toWeeks === null || weeks < b.toWeeks));
  return found?.id ?? 'over-52';
}

export function bandLabel(band: WaitBand): string {
  return WAIT_BANDS.find((b) => b.id === band)?.label ?? band;
}

/** Over the target: waited more than `targetWeeks` whole weeks' worth of days. */
export function isOverTarget(wait: Wait, targetWeeks: number): boolean {
  return wait.days > targetWeeks * 7;
}

/**
 * The wait_from dates of a band on `today`: on or before `onOrBefore` and after `after` (either end open). The first
 * band is open at the top too, so that the bands' counts always add up to the whole list.
 */
export interface WaitFromRange {
  onOrBefore?: string;
  after?: string;
}

export function bandDateRange(band: WaitBand, today: string): WaitFromRange {
  const b = WAIT_BANDS.find((x) => x.id === band) ?? WAIT_BANDS[0];
  return {
    // At least fromWeeks completed weeks: at least 7 * fromWeeks days, so wait_from on or before that many days ago.
    ...(b.fromWeeks > 0 && { onOrBefore: addDays(today, -7 * b.fromWeeks) }),
    // Fewer than toWeeks completed weeks: fewer than 7 * toWeeks days, so wait_from after that many days ago.
    ...(b.toWeeks !== null && { after: addDays(today, -7 * b.toWeeks) }),
  };
}

export function bandDateRanges(today: string): { band: WaitBand; range: WaitFromRange }[] {
  return WAIT_BANDS.map((b) => ({ band: b.id, range: bandDateRange(b.id, today) }));
}

/** A child over a target of `targetWeeks` on `today` has a wait_from before this date. */
export function overTargetBefore(targetWeeks: number, today: string): string {
  return addDays(today, -7 * targetWeeks);
}

/** Urgent first, then soon, then routine; a priority the list does not know goes last. */
export function priorityRank(priority: string): number {
  const i = (PRIORITIES as readonly string[]).indexOf(priority);
  return i === -1 ? PRIORITIES.length : i;
}

export interface Orderable {
  priority: string;
  waitFrom: string;
  reference: string;
}

/**
 * The "next" order: priority (urgent, soon, routine), then the longest wait first (the earliest wait_from), then the
 * referral's reference, so that two children of the same priority and wait always come in the same order.
 */
export function compareNext(a: Orderable, b: Orderable): number {
  return (
    priorityRank(a.priority) - priorityRank(b.priority) ||
    a.waitFrom.localeCompare(b.waitFrom) ||
    a.reference.localeCompare(b.reference)
  );
}

export const PRIORITY_ORDER: readonly Priority[] = PRIORITIES;
