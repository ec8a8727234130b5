/**
 * The GOV.UK date input: day, month and year in three boxes (named `name[day]`, `name[month]`, `name[year]`, as
 * nhsuk-frontend's dateInput macro names them), turned into an ISO date or one message in the pattern's own words,
 * linked to the first box that needs fixing.
 */
import { isIsoDate } from './dates.js';

export const DATE_PARTS = ['day', 'month', 'year'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

export interface DateRules {
  /** "Enter the child's date of birth". */
  missing: string;
  /** How the date is named at the start of a message: "Date of birth". */
  label: string;
  /** The latest date allowed, with the message when it is later: ["2026-11-27", "Date of birth must be today or in the past"]. */
  notAfter?: [string, string];
  notBefore?: [string, string];
}

export type DateResult = { ok: true; date: string } | { ok: false; message: string; part: DatePart };

/** The form field names of a date input called `name`. */
export function dateFieldNames(name: string): string[] {
  return DATE_PARTS.map((part) => `${name}[${part}]`);
}

function partOf(values: Record<string, unknown>, name: string, part: DatePart): string {
  const value = values[`${name}[${part}]`];
  return typeof value === 'string' ? value.trim() : '';
}

function listed(parts: DatePart[]): string {
  return parts.length === 1 ? `a ${parts[0] ?? ''}` : `a ${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

export function parseDateInput(values: Record<string, unknown>, name: string, rules: DateRules): DateResult {
  if (DATE_PARTS.some((p) => Array.isArray(values[`${name}[${p}]`]))) {
    return { ok: false, message: `${rules.label} must be a real date`, part: 'day' };
  }
  const [day, month, year] = DATE_PARTS.map((p) => partOf(values, name, p)) as [string, string, string];
  const empty = DATE_PARTS.filter((_, i) => [day, month, year][i] === '');
  if (empty.length === 3) return { ok: false, message: rules.missing, part: 'day' };
  const firstEmpty = empty[0];
  if (firstEmpty !== undefined) {
    return { ok: false, message: `${rules.label} must include ${listed(empty)}`, part: firstEmpty };
  }
  if (!/^\d{1,2}$/u.test(day) || !/^\d{1,2}$/u.test(month)) {
    return { ok: false, message: `${rules.label} must be a real date`, part: /^\d{1,2}$/u.test(day) ? 'month' : 'day' };
  }
  if (!/^\d{4}$/u.test(year)) return { ok: false, message: 'Year must include 4 numbers', part: 'year' };
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isIsoDate(date)) return { ok: false, message: `${rules.label} must be a real date`, part: 'day' };
  if (rules.notAfter !== undefined && date > rules.notAfter[0]) {
    return { ok: false, message: rules.notAfter[1], part: 'day' };
  }
  if (rules.notBefore !== undefined && date < rules.notBefore[0]) {
    return { ok: false, message: rules.notBefore[1], part: 'day' };
  }
  return { ok: true, date };
}

/** The three boxes' values to show again, from a date already given. */
export function dateParts(date: string | undefined): Record<DatePart, string> {
  if (date === undefined) return { day: '', month: '', year: '' };
  const [year = '', month = '', day = ''] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}
