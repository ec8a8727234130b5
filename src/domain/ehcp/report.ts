/**
 * The timeliness report of statutory EHCP health advice (issue 15 item 3): requests received and answered each
 * month, the share answered within six weeks, and the exceptions of regulation 8(2) used. The same figures as the
 * tracker, from the same dates: a request is answered on the date its advice was sent, and within six weeks when
 * that date is on or before its due date (exceptions never move the due date; they are counted beside it). The
 * statutory figures are for EHC needs assessments; annual review contributions are counted apart. Pure.
 */
import { daysInMonth, formatLongDate, isIsoDate } from '../shared/dates.js';
import type { RequestKind } from './clock.js';
import { EXCEPTION_KINDS, type ExceptionKind } from './exceptions.js';

export interface ReportRequest {
  kind: RequestKind;
  receivedOn: string;
  dueOn: string;
  status: 'open' | 'answered' | 'withdrawn';
  answeredOn: string | null;
  /** The kinds of the request's exceptions that are not withdrawn. */
  exceptionKinds: readonly ExceptionKind[];
}

export interface MonthRow {
  /** 'YYYY-MM', or 'total' for the total row. */
  month: string;
  /** 'November 2026', or 'Total'. */
  label: string;
  received: number;
  answered: number;
  answeredWithinSixWeeks: number;
  sharePercent: number | null;
  answeredLateWithException: number;
  answeredLateWithoutException: number;
  /** Requests answered in the month on which an exception of each kind was recorded (each request once per kind). */
  exceptionsUsed: Record<ExceptionKind, number>;
}

/** The most months one report covers (ten years). */
export const REPORT_MAX_MONTHS = 120;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/u;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthAt = (index: number) =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

/** 'November 2026' for '2026-11'. */
export function monthLabel(month: string): string {
  if (!isMonth(month)) throw new RangeError(`Not a month: ${month}`);
  return formatLongDate(`${month}-01`).replace(/^1 /u, '');
}

/**
 * Within as a whole percent of answered, null when none were answered. Rounded to the nearest, except that a share
 * with one late is never shown as 100% and a share with one on time never as 0%.
 */
export function sharePercent(within: number, answered: number): number | null {
  if (answered === 0) return null;
  const rounded = Math.round((within * 100) / answered);
  if (rounded === 100 && within < answered) return 99;
  if (rounded === 0 && within > 0) return 1;
  return rounded;
}

const noExceptions = (): Record<ExceptionKind, number> =>
  Object.fromEntries(EXCEPTION_KINDS.map((k) => [k, 0])) as Record<ExceptionKind, number>;

function emptyRow(month: string, label: string): MonthRow {
  return {
    month,
    label,
    received: 0,
    answered: 0,
    answeredWithinSixWeeks: 0,
    sharePercent: null,
    answeredLateWithException: 0,
    answeredLateWithoutException: 0,
    exceptionsUsed: noExceptions(),
  };
}

/** The date a request counts as answered on, or null (a withdrawn request is never answered). */
function answeredOnOf(request: ReportRequest): string | null {
  return request.status === 'answered' && request.answeredOn !== null && isIsoDate(request.answeredOn)
    ? request.answeredOn
    : null;
}

function addAnswered(row: MonthRow, request: ReportRequest, answeredOn: string): void {
  row.answered += 1;
  if (answeredOn <= request.dueOn) row.answeredWithinSixWeeks += 1;
  else if (request.exceptionKinds.length > 0) row.answeredLateWithException += 1;
  else row.answeredLateWithoutException += 1;
  for (const kind of new Set(request.exceptionKinds)) {
    if (EXCEPTION_KINDS.includes(kind)) row.exceptionsUsed[kind] += 1;
  }
}

/**
 * Rows for each month from `from` to `to` ('YYYY-MM', inclusive, oldest first) and a total row. Statutory figures are
 * for needs assessments only; annual reviews are counted separately (annualReviewsReceived/Answered/OnTime).
 * received = received in that month; answered = answered (advice sent) in that month; within six weeks =
 * answeredOn <= dueOn; share = within / answered, rounded to a whole percent, null when none answered; exceptions
 * used = exceptions (not withdrawn) on requests answered that month, by kind. Withdrawn requests are counted as
 * received but never as answered.
 */
export function timelinessReport(
  requests: readonly ReportRequest[],
  from: string,
  to: string,
): { months: MonthRow[]; total: MonthRow; annualReviews: { received: number; answered: number; onTime: number } } {
  if (!isMonth(from) || !isMonth(to)) throw new RangeError(`Not a range of months: ${from} to ${to}`);
  const [first, last] = [monthIndex(from), monthIndex(to)];
  if (last < first || last - first >= REPORT_MAX_MONTHS) {
    throw new RangeError(`Not a range of 1 to ${String(REPORT_MAX_MONTHS)} months: ${from} to ${to}`);
  }
  const months: MonthRow[] = [];
  for (let i = first; i <= last; i += 1) months.push(emptyRow(monthAt(i), monthLabel(monthAt(i))));
  const rowOf = (date: string): MonthRow | undefined => {
    const index = monthIndex(date.slice(0, 7)) - first;
    return index >= 0 && index < months.length ? months[index] : undefined;
  };
  const annualReviews = { received: 0, answered: 0, onTime: 0 };
  for (const request of requests) {
    const answeredOn = answeredOnOf(request);
    if (request.kind === 'annual-review') {
      if (rowOf(request.receivedOn) !== undefined) annualReviews.received += 1;
      if (answeredOn !== null && rowOf(answeredOn) !== undefined) {
        annualReviews.answered += 1;
        if (answeredOn <= request.dueOn) annualReviews.onTime += 1;
      }
      continue;
    }
    const receivedRow = rowOf(request.receivedOn);
    if (receivedRow !== undefined) receivedRow.received += 1;
    const answeredRow = answeredOn === null ? undefined : rowOf(answeredOn);
    if (answeredRow !== undefined && answeredOn !== null) addAnswered(answeredRow, request, answeredOn);
  }
  const total = emptyRow('total', 'Total');
  for (const row of months) {
    row.sharePercent = sharePercent(row.answeredWithinSixWeeks, row.answered);
    total.received += row.received;
    total.answered += row.answered;
    total.answeredWithinSixWeeks += row.answeredWithinSixWeeks;
    total.answeredLateWithException += row.answeredLateWithException;
    total.answeredLateWithoutException += row.answeredLateWithoutException;
    for (const kind of EXCEPTION_KINDS) total.exceptionsUsed[kind] += row.exceptionsUsed[kind];
  }
  total.sharePercent = sharePercent(total.answeredWithinSixWeeks, total.answered);
  return { months, total, annualReviews };
}

/** The last `n` months ending with the month of `today`, as { from, to }. */
export function lastMonths(today: string, n: number): { from: string; to: string } {
  if (!isIsoDate(today)) throw new RangeError(`Not an ISO date: ${today}`);
  if (!Number.isInteger(n) || n < 1 || n > REPORT_MAX_MONTHS) {
    throw new RangeError(`Not a number of months: ${String(n)}`);
  }
  const to = today.slice(0, 7);
  return { from: monthAt(monthIndex(to) - (n - 1)), to };
}

/** The first and last dates of a range of months, for the query that reads a report's requests (received or answered in it). */
export function monthsSpan(from: string, to: string): { firstDay: string; lastDay: string } {
  if (!isMonth(from) || !isMonth(to)) throw new RangeError(`Not a range of months: ${from} to ${to}`);
  const days = daysInMonth(Number(to.slice(0, 4)), Number(to.slice(5, 7)));
  return { firstDay: `${from}-01`, lastDay: `${to}-${String(days).padStart(2, '0')}` };
}
