/**
 * The exceptions of regulation 8(2) of the SEND Regulations 2014 (issue 15 item 2): the health body need not give
 * its advice within six weeks where it is impractical because of (a) exceptional personal circumstances affecting
 * the child or their parent, (b) the child or their parent being absent from the area for a continuous period of not
 * less than four weeks, or (c) the child failing to keep an appointment for an examination or a test made within the
 * six weeks. An exception is recorded with its dates and evidence beside the request; it never moves the due date,
 * so the tracker and the report still show the statutory date and whether an exception applies.
 *
 * Dates are London calendar dates; a period is inclusive of both ends. `startsOn` is the first day of the
 * circumstances or the absence (the date of the missed appointment), `endsOn` the last day (not the day they came
 * back). Pure.
 */
import { daysBetween } from '../care/london-time.js';
import { parseDateInput } from '../shared/date-input.js';
import { formatLongDate } from '../shared/dates.js';
import { cleanText, codePointLength } from '../shared/text.js';
import type { FieldProblem } from '../forms/fields.js';

export const EXCEPTION_KINDS = ['personal-circumstances', 'away-from-area', 'missed-appointment'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export const EXCEPTION_LABELS: Record<ExceptionKind, string> = {
  'personal-circumstances': 'Exceptional personal circumstances affecting the child or their parent',
  'away-from-area': 'The child or their parent away from the area for at least 4 weeks in a row',
  'missed-appointment': 'The child did not attend an appointment for an examination or test',
};

/** What each exception means in the regulation's terms, for the form's hints. */
export const EXCEPTION_HINTS: Record<ExceptionKind, string> = {
  'personal-circumstances':
    'Regulation 8(2)(a): for example a bereavement, a serious illness or a crisis at home. Give the date they began and, if they have ended, the date they ended.',
  'away-from-area':
    'Regulation 8(2)(b): at least 28 days in a row of the time away must fall within the 6 weeks. Give the first and the last day away.',
  'missed-appointment':
    'Regulation 8(2)(c): an appointment for an examination or test made within the 6 weeks. Give the date of the appointment.',
};

/** Four continuous weeks, counted in calendar days. */
export const AWAY_MIN_DAYS = 28;
export const EVIDENCE_MIN = 10;
export const EVIDENCE_MAX = 2000;

export const EXCEPTION_KIND_FIELD = 'kind';
/** Date inputs, sent as `startsOn[day]`, `startsOn[month]`, `startsOn[year]` (and `endsOn[...]`). */
export const STARTS_ON_FIELD = 'startsOn';
export const ENDS_ON_FIELD = 'endsOn';
export const EVIDENCE_FIELD = 'evidence';

export interface ExceptionInput {
  kind: ExceptionKind;
  startsOn: string;
  endsOn: string | null;
  evidence: string;
}

export function isExceptionKind(value: unknown): value is ExceptionKind {
  return typeof value === 'string' && (EXCEPTION_KINDS as readonly string[]).includes(value);
}

/** Calendar days from `from` to `to`, both counted. */
const inclusiveDays = (from: string, to: string) => daysBetween(from, to) + 1;
const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);
const plural = (n: number) => `${String(n)} ${n === 1 ? 'day' : 'days'}`;

/** How many days of an absence fall within the request's period (0 when none do). */
export function daysAwayWithin(
  absence: { startsOn: string; endsOn: string },
  period: { receivedOn: string; dueOn: string },
): number {
  const from = later(absence.startsOn, period.receivedOn);
  const to = earlier(absence.endsOn, period.dueOn);
  return to < from ? 0 : inclusiveDays(from, to);
}

function parseEvidence(sent: unknown): string | FieldProblem {
  const problem = (message: string): FieldProblem => ({ field: EVIDENCE_FIELD, message });
  if (sent !== undefined && typeof sent !== 'string') return problem('Enter the evidence once');
  const text = cleanText(sent ?? '');
  if (text === '') return problem('Enter the evidence that the exception applies');
  const length = codePointLength(text);
  if (length < EVIDENCE_MIN) return problem(`Evidence must be ${String(EVIDENCE_MIN)} characters or more`);
  if (length > EVIDENCE_MAX) {
    return problem(`Evidence must be ${EVIDENCE_MAX.toLocaleString('en-GB')} characters or fewer`);
  }
  return text;
}

const DATE_WORDS: Record<ExceptionKind, { starts: [string, string]; ends: [string, string] }> = {
  'personal-circumstances': {
    starts: ['Enter the date the circumstances began', 'Date the circumstances began'],
    ends: ['Enter the date the circumstances ended', 'Date the circumstances ended'],
  },
  'away-from-area': {
    starts: ['Enter the first day away', 'First day away'],
    ends: ['Enter the last day away', 'Last day away'],
  },
  'missed-appointment': {
    starts: ['Enter the date of the appointment', 'Date of the appointment'],
    ends: ['', ''],
  },
};

const isEmptyDate = (sent: Record<string, unknown>, name: string) =>
  ['day', 'month', 'year'].every((p) => {
    const v = sent[`${name}[${p}]`];
    return v === undefined || (typeof v === 'string' && v.trim() === '');
  });

/** The rules of each kind for dates already known to be real; problems in the form's order. */
function periodProblems(
  kind: ExceptionKind,
  startsOn: string,
  endsOn: string | null,
  period: { receivedOn: string; dueOn: string },
): FieldProblem[] {
  const words = DATE_WORDS[kind];
  const received = formatLongDate(period.receivedOn);
  const due = formatLongDate(period.dueOn);
  const at = (field: string, message: string): FieldProblem[] => [{ field, message, part: 'day' }];
  if (endsOn !== null && endsOn < startsOn) {
    return at(ENDS_ON_FIELD, `${words.ends[1]} must be the same as or after the ${words.starts[1].toLowerCase()}`);
  }
  switch (kind) {
    case 'personal-circumstances':
      if (startsOn > period.dueOn) {
        return at(STARTS_ON_FIELD, `${words.starts[1]} must be on or before ${due}, the date the advice is due`);
      }
      if (endsOn !== null && endsOn < period.receivedOn) {
        return at(ENDS_ON_FIELD, `${words.ends[1]} must be on or after ${received}, the date the request was received`);
      }
      return [];
    case 'away-from-area': {
      const end = endsOn ?? startsOn;
      const away = inclusiveDays(startsOn, end);
      if (away < AWAY_MIN_DAYS) {
        return at(
          ENDS_ON_FIELD,
          `The time away must be at least 4 weeks (${String(AWAY_MIN_DAYS)} days) in a row: these dates are ${plural(away)}`,
        );
      }
      const within = daysAwayWithin({ startsOn, endsOn: end }, period);
      if (within < AWAY_MIN_DAYS) {
        return at(
          STARTS_ON_FIELD,
          `At least ${String(AWAY_MIN_DAYS)} days of the time away must fall between ${received} and ${due}: ${within === 0 ? 'none do' : `only ${plural(within)} ${within === 1 ? 'does' : 'do'}`}`,
        );
      }
      return [];
    }
    case 'missed-appointment':
      if (startsOn < period.receivedOn || startsOn > period.dueOn) {
        return at(STARTS_ON_FIELD, `${words.starts[1]} must be between ${received} and ${due}`);
      }
      return [];
  }
}

/**
 * Validates a recorded exception against the request's period [receivedOn, dueOn] (both days counted):
 *  personal-circumstances: startsOn (and optional endsOn) overlapping the period; evidence required.
 *  away-from-area: startsOn and endsOn required, at least 28 CONTINUOUS days (four weeks) of the absence falling
 *    within the period (the overlap with the period counts, not the whole absence); evidence.
 *  missed-appointment: startsOn = the date of the appointment for an examination or test, within the period; evidence
 *    (an end date sent with it is ignored).
 *  Evidence 10..2000 characters, trimmed. Dates are GOV.UK date inputs: `startsOn[day]`, `startsOn[month]`,
 *  `startsOn[year]` and `endsOn[...]`. With `today`, a missed appointment cannot be in the future.
 */
export function parseException(
  sent: Record<string, unknown>,
  period: { receivedOn: string; dueOn: string },
  today?: string,
): { ok: true; value: ExceptionInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const kind = sent[EXCEPTION_KIND_FIELD];
  if (!isExceptionKind(kind)) {
    problems.push({ field: EXCEPTION_KIND_FIELD, message: 'Select which exception applies' });
  }
  const words = DATE_WORDS[isExceptionKind(kind) ? kind : 'personal-circumstances'];
  const starts = parseDateInput(sent, STARTS_ON_FIELD, {
    missing: words.starts[0],
    label: words.starts[1],
    ...(kind === 'missed-appointment' &&
      today !== undefined && {
        notAfter: [today, `${words.starts[1]} must be today or in the past`] as [string, string],
      }),
  });
  if (!starts.ok) problems.push({ field: STARTS_ON_FIELD, message: starts.message, part: starts.part });

  let endsOn: string | null = null;
  const endsWanted = kind === 'away-from-area' || (kind !== 'missed-appointment' && !isEmptyDate(sent, ENDS_ON_FIELD));
  if (endsWanted) {
    const ends = parseDateInput(sent, ENDS_ON_FIELD, { missing: words.ends[0], label: words.ends[1] });
    if (ends.ok) endsOn = ends.date;
    else problems.push({ field: ENDS_ON_FIELD, message: ends.message, part: ends.part });
  }

  const evidence = parseEvidence(sent[EVIDENCE_FIELD]);
  if (typeof evidence !== 'string') problems.push(evidence);

  const datesReal = starts.ok && (!endsWanted || endsOn !== null);
  if (isExceptionKind(kind) && datesReal) {
    // Placed before the evidence's problem, so that the summary lists problems in the form's order.
    const found = periodProblems(kind, starts.date, endsOn, period);
    const evidenceAt = problems.findIndex((p) => p.field === EVIDENCE_FIELD);
    problems.splice(evidenceAt === -1 ? problems.length : evidenceAt, 0, ...found);
  }
  if (problems.length > 0 || !isExceptionKind(kind) || !starts.ok || typeof evidence !== 'string') {
    return { ok: false, problems };
  }
  return { ok: true, value: { kind, startsOn: starts.date, endsOn, evidence } };
}

/** Whether any of these (not withdrawn) exceptions lets the advice be given after the due date lawfully. */
export function exceptionApplies(exceptions: readonly { kind: string; withdrawnAt: string | null }[]): boolean {
  return exceptions.some((e) => e.withdrawnAt === null && isExceptionKind(e.kind));
}

/** One line for the tracker and the request's page: "Away from the area from 1 March 2027 to 5 April 2027". */
export function describeException(exception: Pick<ExceptionInput, 'kind' | 'startsOn' | 'endsOn'>): string {
  const from = formatLongDate(exception.startsOn);
  const to = exception.endsOn === null ? null : formatLongDate(exception.endsOn);
  switch (exception.kind) {
    case 'personal-circumstances':
      return to === null
        ? `Exceptional personal circumstances from ${from}`
        : `Exceptional personal circumstances from ${from} to ${to}`;
    case 'away-from-area':
      return `Away from the area from ${from} to ${to ?? from}`;
    case 'missed-appointment':
      return `Did not attend an appointment for an examination or test on ${from}`;
  }
}
