/**
 * Break-glass access (issue 14 item 9): a clinician with no relationship to a child may open the record in an
 * emergency by giving a reason. The access lasts the service's `breakGlassMinutes` from when it starts, is shown on
 * the record's banner, audited as such and listed for the Caldicott guardian to review. It ends exactly at its expiry:
 * at that instant it is no longer active. Pure: `now` is always given.
 */
import type { FieldProblem } from '../forms/fields.js';
import { cleanText, codePointLength, hasUnsafeCharacters } from '../shared/text.js';

export const REASON_MIN = 10;
export const REASON_MAX = 1000;
export const MINUTES_MIN = 15;
export const MINUTES_MAX = 1440;

export interface BreakGlassAccess {
  reason: string;
  startedAt: Date;
  /** How long it lasts, from the service's settings when it started. */
  minutes: number;
}

export type BreakGlassStart = { ok: true; value: BreakGlassAccess } | { ok: false; problems: FieldProblem[] };

/** The reason as typed, cleaned, or the message saying what is wrong with it. */
function reasonOf(sent: unknown): { value: string } | { message: string } {
  if (Array.isArray(sent)) return { message: 'Enter one answer only' };
  const reason = typeof sent === 'string' ? cleanText(sent) : '';
  if (reason === '') return { message: 'Enter why you need to open this record in an emergency' };
  if (hasUnsafeCharacters(reason)) return { message: 'Reason must not include characters that cannot be shown' };
  const length = codePointLength(reason);
  if (length < REASON_MIN) return { message: `Reason must be ${String(REASON_MIN)} characters or more` };
  if (length > REASON_MAX) return { message: 'Reason must be 1,000 characters or fewer' };
  return { value: reason };
}

/**
 * Starts a break-glass access: a reason of 10 to 1,000 characters (counted after trimming), the start instant and
 * the minutes from the settings (15 to 1,440). Without a good reason there is no access.
 */
export function startBreakGlass(input: { reason: unknown; startedAt: Date; minutes: number }): BreakGlassStart {
  const problems: FieldProblem[] = [];
  const reason = reasonOf(input.reason);
  if ('message' in reason) problems.push({ field: 'reason', message: reason.message });
  if (Number.isNaN(input.startedAt.getTime()))
    problems.push({ field: 'startedAt', message: 'Start must be a real time' });
  const { minutes } = input;
  if (!Number.isInteger(minutes) || minutes < MINUTES_MIN || minutes > MINUTES_MAX) {
    problems.push({ field: 'minutes', message: 'Break-glass time must be a whole number of minutes from 15 to 1,440' });
  }
  if (problems.length > 0 || 'message' in reason) return { ok: false, problems };
  return { ok: true, value: { reason: reason.value, startedAt: input.startedAt, minutes } };
}

/** The instant a break-glass access ends. */
export function breakGlassEndsAt(access: BreakGlassAccess): Date {
  return new Date(access.startedAt.getTime() + access.minutes * 60_000);
}

/** True from the instant the access starts until just before it ends; not active at the end instant itself. */
export function breakGlassActive(access: BreakGlassAccess, now: Date): boolean {
  const at = now.getTime();
  return access.startedAt.getTime() <= at && at < breakGlassEndsAt(access).getTime();
}

/** Whole minutes left, rounded up, for the banner ("17 minutes left"); 0 once it has ended. */
export function breakGlassMinutesLeft(access: BreakGlassAccess, now: Date): number {
  if (!breakGlassActive(access, now)) return 0;
  return Math.ceil((breakGlassEndsAt(access).getTime() - now.getTime()) / 60_000);
}
