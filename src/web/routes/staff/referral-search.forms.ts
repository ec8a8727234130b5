/**
 * The "Find a referral" form: one GET form, the way to search chosen with radios (each with its boxes revealed, or all
 * shown without JavaScript). Its fields become one search, or messages in the GOV.UK pattern's words linked to the
 * box to fix. A name on its own is refused: it could match too many children, so a date of birth is needed with it.
 */
import { parseDateInput, type DatePart } from '../../../domain/shared/date-input.js';
import { normaliseReference } from '../../../domain/referrals/reference.js';
import { nameKey } from '../../../domain/referrals/child-match.js';
import { normaliseNhsNumber } from '../../../domain/shared/nhs-number.js';
import type { ReferralSearch, SearchKind } from '../../../services/referrals/referral-search.service.js';
import { UnexpectedFieldsError } from '../../forms/form.js';

export const SEARCH_KINDS: readonly SearchKind[] = ['reference', 'name', 'nhs-number'];

export const SEARCH_FIELDS = [
  'by',
  'reference',
  'familyName',
  'givenName',
  'dateOfBirth[day]',
  'dateOfBirth[month]',
  'dateOfBirth[year]',
  'nhsNumber',
] as const;

const MAX_NAME = 100;
const MAX_REFERENCE = 40;
const MAX_NHS_NUMBER = 20;

export type SearchForm =
  /** Nothing asked yet: the page shows the empty form. */
  | { state: 'empty' }
  | { state: 'search'; search: ReferralSearch; values: Record<string, string> }
  | {
      state: 'invalid';
      /** The kind chosen, when one was: the audit records it. */
      kind: SearchKind | null;
      problems: [field: string, message: string, anchor: string][];
      values: Record<string, string>;
    };

/** A query value as text: a repeated parameter (an array) or anything else is not one the form sends. */
function asText(value: unknown): string | null {
  return typeof value === 'string' ? value : value === undefined ? '' : null;
}

export function parseSearchForm(
  query: Record<string, unknown>,
  options: { referencePrefix: string; today: string; mayUseNhsNumber: boolean },
): SearchForm {
  const unexpected = Object.keys(query).filter((k) => !(SEARCH_FIELDS as readonly string[]).includes(k));
  if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
  if (Object.keys(query).length === 0) return { state: 'empty' };

  const values: Record<string, string> = {};
  const repeated: string[] = [];
  for (const name of SEARCH_FIELDS) {
    const text = asText(query[name]);
    if (text === null) repeated.push(name);
    values[name] = text ?? '';
  }
  const by = SEARCH_KINDS.find((k) => k === values.by) ?? null;
  const invalid = (problems: [string, string, string][]): SearchForm => ({
    state: 'invalid',
    kind: by,
    problems,
    values,
  });

  if (by === null || (by === 'nhs-number' && !options.mayUseNhsNumber)) {
    return invalid([['by', 'Select how you want to find the referral', 'by']]);
  }
  if (repeated.length > 0) {
    const field = repeated[0] ?? 'by';
    const name = field.startsWith('dateOfBirth') ? 'dateOfBirth' : field;
    return invalid([
      [name, 'The search was not complete. Enter it again', name === 'dateOfBirth' ? 'dateOfBirth-day' : name],
    ]);
  }

  if (by === 'reference') {
    const typed = values.reference?.trim() ?? '';
    if (typed === '') return invalid([['reference', 'Enter the referral’s reference', 'reference']]);
    const example = `${options.referencePrefix}-7K3M-9QX2`;
    const reference =
      typed.length > MAX_REFERENCE
        ? null
        : (normaliseReference(typed, options.referencePrefix) ??
          normaliseReference(`${options.referencePrefix}${typed}`, options.referencePrefix));
    if (reference === null) {
      return invalid([['reference', `Enter a reference in the right format, like ${example}`, 'reference']]);
    }
    return { state: 'search', search: { kind: 'reference', reference }, values };
  }

  if (by === 'nhs-number') {
    const typed = values.nhsNumber?.trim() ?? '';
    if (typed === '') return invalid([['nhsNumber', 'Enter the child’s NHS number', 'nhsNumber']]);
    const digits = typed.replace(/\s/gu, '');
    if (typed.length > MAX_NHS_NUMBER || !/^\d{10}$/u.test(digits)) {
      return invalid([['nhsNumber', 'NHS number must be 10 digits', 'nhsNumber']]);
    }
    const nhsNumber = normaliseNhsNumber(digits);
    if (nhsNumber === null) return invalid([['nhsNumber', 'Enter a valid NHS number', 'nhsNumber']]);
    return { state: 'search', search: { kind: 'nhs-number', nhsNumber }, values };
  }

  const problems: [string, string, string][] = [];
  const familyName = values.familyName?.trim() ?? '';
  const givenName = values.givenName?.trim() ?? '';
  if (familyName === '' || nameKey(familyName) === '') {
    problems.push(['familyName', 'Enter the child’s family name', 'familyName']);
  } else if (familyName.length > MAX_NAME) {
    problems.push(['familyName', `Family name must be ${String(MAX_NAME)} characters or fewer`, 'familyName']);
  }
  if (givenName.length > MAX_NAME) {
    problems.push(['givenName', `Given name must be ${String(MAX_NAME)} characters or fewer`, 'givenName']);
  }
  const born = parseDateInput(values, 'dateOfBirth', {
    // A name alone could match many children: the date of birth narrows it to the one being asked about.
    missing: 'Enter the child’s date of birth: a name on its own could find too many children',
    label: 'Date of birth',
    notAfter: [options.today, 'Date of birth must be today or in the past'],
  });
  if (!born.ok) problems.push(['dateOfBirth', born.message, `dateOfBirth-${born.part satisfies DatePart}`]);
  if (problems.length > 0 || !born.ok) return invalid(problems);
  return {
    state: 'search',
    search: {
      kind: 'name',
      familyName,
      givenName: givenName === '' || nameKey(givenName) === '' ? null : givenName,
      dateOfBirth: born.date,
    },
    values,
  };
}
