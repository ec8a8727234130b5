/**
 * The six-week clock of statutory EHCP health advice (issue 15 items 1 and 3; hazard "EHCP deadline missed or
 * miscalculated"). When a local authority asks for health advice for an EHC needs assessment, the advice must be
 * given within six weeks of the request being received (SEND Regulations 2014, regulation 8(1)), unless an exception
 * of regulation 8(2) applies (exceptions.ts: they never move the due date). Every date here is a Europe/London
 * calendar date 'YYYY-MM-DD': the date a request was received is the London date its instant falls on, never the UTC
 * date (an e-mail at 00:30 BST arrived on the London date, although UTC still shows the day before). Pure: `today`
 * and instants are given; the process time zone is never read.
 */
import { addDays, daysBetween, londonInstant } from '../care/london-time.js';
import { parseDateInput } from '../shared/date-input.js';
import { addMonthsClamped, formatLongDate, isIsoDate, londonDate } from '../shared/dates.js';
import { cleanText } from '../shared/text.js';
import type { FieldProblem } from '../forms/fields.js';

/** Six weeks, counted in calendar days (regulation 8(1)); a law, not a setting. */
export const STATUTORY_DAYS = 42;

export const REQUEST_KINDS = ['needs-assessment', 'annual-review'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const REQUEST_KIND_LABELS: Record<RequestKind, string> = {
  'needs-assessment': 'EHC needs assessment',
  'annual-review': 'Annual review',
};

export function isRequestKind(value: unknown): value is RequestKind {
  return typeof value === 'string' && (REQUEST_KINDS as readonly string[]).includes(value);
}

/** The London calendar date an instant falls on (what "received on" means when an e-mail's time is known). */
export function receivedOnOf(receivedAt: Date): string {
  if (Number.isNaN(receivedAt.getTime())) throw new RangeError('Not an instant');
  return londonDate(receivedAt);
}

/** Regulation 8: received plus six weeks (42 calendar days), as a London calendar date 'YYYY-MM-DD'. */
export function statutoryDueOn(receivedOn: string): string {
  if (!isIsoDate(receivedOn)) throw new RangeError(`Not an ISO date: ${receivedOn}`);
  return addDays(receivedOn, STATUTORY_DAYS);
}

/** Calendar days from today to the due date: 0 on the due date, negative once overdue. */
export function daysLeft(dueOn: string, today: string): number {
  if (!isIsoDate(dueOn)) throw new RangeError(`Not an ISO date: ${dueOn}`);
  if (!isIsoDate(today)) throw new RangeError(`Not an ISO date: ${today}`);
  return daysBetween(today, dueOn);
}

/** "12 days left", "1 day left", "Due today", "Overdue by 1 day", "Overdue by 3 days". */
export function daysLeftText(days: number): string {
  const plural = (n: number) => `${String(n)} ${n === 1 ? 'day' : 'days'}`;
  if (days > 0) return `${plural(days)} left`;
  if (days === 0) return 'Due today';
  return `Overdue by ${plural(-days)}`;
}

export type Rag = 'green' | 'amber' | 'red';

export interface RagSettings {
  amberAtDaysLeft: number;
  redAtDaysLeft: number;
}

/** red at redAtDaysLeft or fewer (and overdue), amber at amberAtDaysLeft or fewer, else green. */
export function ragOf(daysLeft: number, settings: RagSettings): Rag {
  if (daysLeft <= settings.redAtDaysLeft) return 'red';
  if (daysLeft <= settings.amberAtDaysLeft) return 'amber';
  return 'green';
}

/** Words for a tag, so that the colour is never the only sign (WCAG 1.4.1). */
export const RAG_LABELS: Record<Rag, string> = {
  green: 'On track',
  amber: 'Due soon',
  red: 'Urgent',
};

/** nhsuk-frontend tag modifiers for each status. */
export const RAG_TAG_CLASSES: Record<Rag, string> = {
  green: 'nhsuk-tag--green',
  amber: 'nhsuk-tag--yellow',
  red: 'nhsuk-tag--red',
};

/** An open request turns red with no draft advice and has not been escalated yet: escalate it to the service manager. */
export function needsEscalation(
  input: { status: string; dueOn: string; today: string; hasDraft: boolean; escalatedAt: string | null },
  settings: RagSettings,
): boolean {
  if (input.status !== 'open' || input.hasDraft || input.escalatedAt !== null) return false;
  return ragOf(daysLeft(input.dueOn, input.today), settings) === 'red';
}

/** The names the log form sends the date received under: `receivedOn[day]`, `receivedOn[month]`, `receivedOn[year]`. */
export const RECEIVED_DATE_FIELD = 'receivedOn';
/** The optional London time it was received, 'HH:MM' on the 24-hour clock (an e-mail's time). */
export const RECEIVED_TIME_FIELD = 'receivedTime';

/** "9:05", "09:05", "09.05" or "0905" as 'HH:MM', or null. */
function wallTime(value: string): string | null {
  const m = /^(\d{1,2})[:.]?(\d{2})$/u.exec(value);
  if (m === null) return null;
  const [hours, minutes] = [Number(m[1]), Number(m[2])];
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/**
 * Parses the log form's received date (day, month, year fields like the rest of Otway's date inputs, and an optional
 * time 'HH:MM' in London time) into { receivedOn, receivedAt|null }; problems for impossible or future dates (future
 * = after today, or a time after `now`), or a date more than a year ago. A time the clocks skip (01:30 on the last
 * Sunday in March) is refused; a time that happens twice (01:30 on the last Sunday in October) is the first, in BST.
 */
export function parseReceived(
  sent: Record<string, unknown>,
  today: string,
  now: Date,
): { ok: true; value: { receivedOn: string; receivedAt: string | null } } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const yearAgo = addMonthsClamped(today, -12);
  const date = parseDateInput(sent, RECEIVED_DATE_FIELD, {
    missing: 'Enter the date the request was received',
    label: 'Date received',
    notAfter: [today, 'Date received must be today or in the past'],
    notBefore: [yearAgo, `Date received must be on or after ${formatLongDate(yearAgo)}, a year ago`],
  });
  if (!date.ok) problems.push({ field: RECEIVED_DATE_FIELD, message: date.message, part: date.part });

  const rawTime = sent[RECEIVED_TIME_FIELD];
  const timeProblem = (message: string) => problems.push({ field: RECEIVED_TIME_FIELD, message });
  let receivedAt: string | null = null;
  if (rawTime !== undefined && typeof rawTime !== 'string') {
    timeProblem('Enter the time received once, like 09:30');
  } else {
    const typed = cleanText(rawTime ?? '');
    const time = typed === '' ? null : wallTime(typed);
    if (typed !== '' && time === null) {
      timeProblem('Time received must be a real time on the 24-hour clock, like 09:30 or 16:45');
    } else if (time !== null && date.ok) {
      const at = londonInstant(date.date, time);
      if (!at.ok) {
        timeProblem(`Time received does not exist on ${formatLongDate(date.date)}: the clocks went forward at 1am`);
      } else if (at.instant.getTime() > now.getTime()) {
        timeProblem('Time received must be in the past');
      } else {
        receivedAt = at.instant.toISOString();
      }
    }
  }
  if (problems.length > 0 || !date.ok) return { ok: false, problems };
  return { ok: true, value: { receivedOn: date.date, receivedAt } };
}

/** The name the log form sends an annual review's due date under (`dueOn[day]` and so on): the authority's date. */
export const DUE_DATE_FIELD = 'dueOn';

/**
 * An annual review's due date, which the authority sets (the six weeks apply to needs assessments only): after the
 * date received and no more than a year after it.
 */
export function parseAuthorityDueOn(
  sent: Record<string, unknown>,
  receivedOn: string,
): { ok: true; value: string } | { ok: false; problems: FieldProblem[] } {
  const latest = addMonthsClamped(receivedOn, 12);
  const due = parseDateInput(sent, DUE_DATE_FIELD, {
    missing: 'Enter the date the authority needs the advice by',
    label: 'Date advice is due',
    notAfter: [latest, `Date advice is due must be on or before ${formatLongDate(latest)}`],
    notBefore: [
      addDays(receivedOn, 1),
      `Date advice is due must be after ${formatLongDate(receivedOn)}, the date the request was received`,
    ],
  });
  if (!due.ok) return { ok: false, problems: [{ field: DUE_DATE_FIELD, message: due.message, part: due.part }] };
  return { ok: true, value: due.date };
}

/** The due date of a request: the statutory date for a needs assessment, the authority's for an annual review. */
export function dueOnOf(kind: RequestKind, receivedOn: string, authorityDueOn: string | null): string {
  if (kind === 'needs-assessment') return statutoryDueOn(receivedOn);
  if (authorityDueOn === null || !isIsoDate(authorityDueOn) || authorityDueOn <= receivedOn) {
    throw new RangeError('An annual review needs the authority’s due date, after the date received');
  }
  return authorityDueOn;
}
