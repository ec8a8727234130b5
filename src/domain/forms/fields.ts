/**
 * Otway's one form-component model (ADR 0026): the kinds of field a question can have, and how each turns what a
 * person typed into a clean answer or one plain message. The referral form, the eligibility checker and the staff
 * decision forms are pages of these fields. Pure: `web/forms/field-models.ts` gives each kind its view model and
 * `views/forms/_field.njk` its template.
 *
 * Answers are kept as a flat record of strings (lists for checkboxes): ISO dates, ten-digit NHS numbers, upper-case
 * postcodes with one space, NFC text without bidirectional controls, passwords exactly as typed. Lengths are counted
 * in code points. `parseFields` gives a staff form's values typed (a record's version as a number).
 */
import { EMAIL_MAX_LENGTH, isValidEmail, normaliseEmail } from '../accounts/email.js';
import { parseDateInput } from '../shared/date-input.js';
import { addMonthsClamped } from '../shared/dates.js';
import { normaliseNhsNumber } from '../shared/nhs-number.js';
import { cleanText, codePointLength } from '../shared/text.js';
import { DATE_PARTS, type DatePart } from '../shared/date-input.js';
import type { FactWriter } from '../eligibility/fact-writer.js';

export type AnswerValue = string | string[];
export type Answers = Record<string, AnswerValue>;

/** An answer that is one value (a radio, a date, a code), or undefined. */
export const answerText = (answers: Answers, name: string): string | undefined => {
  const value = answers[name];
  return typeof value === 'string' ? value : undefined;
};

/** An answer that is a list (checkboxes), or an empty list. */
export const answerList = (answers: Answers, name: string): string[] => {
  const value = answers[name];
  return Array.isArray(value) ? value : [];
};

export interface Option {
  value: string;
  text: string;
  hint?: string;
  /** "None of these": cannot be ticked with another option. */
  exclusive?: boolean;
  /** Accepted as an answer but not offered on the page (a declaration the page offers only without reference data). */
  hidden?: boolean;
}

interface FieldBase {
  name: string;
  label: string;
  /** How the answer is named on check-your-answers and at triage, where the page's other questions are not beside it. */
  summary?: string;
  hint?: string;
  /** Without it, an empty answer is an error with this message. */
  missing: string;
  optional?: boolean;
  autocomplete?: string;
  /** The eligibility fact this answer gives, written into the facts the engine decides from (ADR 0026). */
  fact?: FactWriter;
}

export type Field =
  | (FieldBase & {
      kind: 'text';
      max: number;
      width?: 'full' | 'two-thirds' | 'one-half' | 'one-third';
      /** Not checked for spelling (a person's name). */
      spellcheck?: false;
      /** A shape the answer must have (a code), checked after spaces are removed and, with `upper`, upper-cased. */
      pattern?: { test: RegExp; message: string; upper: boolean };
    })
  | (FieldBase & { kind: 'textarea'; max: number })
  | (FieldBase & {
      kind: 'email';
      /** A staff account's address (sign-in, invitations): checked and lower-cased as `accounts/email.ts` does. */
      account?: true;
    })
  /** Never trimmed or normalised (what was typed is what is hashed), but length-limited. */
  | (FieldBase & { kind: 'password'; max: number; tooLong: string })
  /** A whole number sent back by a hidden input (a record's version); anything else is `missing`. */
  | (FieldBase & { kind: 'hidden-number' })
  | (FieldBase & { kind: 'phone' })
  | (FieldBase & { kind: 'postcode' })
  | (FieldBase & { kind: 'nhs-number' })
  | (FieldBase & {
      kind: 'date';
      /** "Date of birth", as a message starts. */
      what: string;
      notBefore?: string;
      /** Another date answer this one cannot be before (a discharge is not before the birth), and the message. */
      notBeforeAnswer?: { name: string; message: string };
      /** A date still to come (a reply-by date); otherwise dates must be today or in the past. */
      future?: boolean;
    })
  | (FieldBase & { kind: 'radios'; options: Option[] })
  | (FieldBase & {
      kind: 'checkboxes';
      options: Option[];
      /** The message for a value not on the list; without it, `missing`. */
      invalid?: string;
    })
  /** A GP practice or school picked from the reference data (or answered in words where there is none). */
  | (FieldBase & { kind: 'practice' | 'school'; declared: Option[] });

export type FieldKind = Field['kind'];

/** One problem with one field; `part` names the box of a date that needs fixing. */
export interface FieldProblem {
  field: string;
  message: string;
  part?: 'day' | 'month' | 'year';
}

const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/u;
/** UK numbers: 10 or 11 digits starting 0, or +44 and 9 or 10 digits; spaces, dashes and brackets are ignored. */
const PHONE = /^(?:0\d{9,10}|\+44\d{9,10})$/u;
/** The shape of a UK postcode (outward code, then a digit and two letters), checked after spaces are removed. */
const POSTCODE = /^(GIR0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)\d[ABD-HJLNP-UW-Z]{2})$/u;

function one(value: unknown): string | undefined | null {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

/** The name under which a date's box is sent: `childDateOfBirth[day]`. */
export function datePartName(field: string, part: DatePart): string {
  return `${field}[${part}]`;
}

/** The form field names a field sends. */
export function sentNames(field: Field): string[] {
  return field.kind === 'date' ? DATE_PARTS.map((p) => datePartName(field.name, p)) : [field.name];
}

function parseDate(
  field: Extract<Field, { kind: 'date' }>,
  sent: Record<string, unknown>,
  today: string,
  answers: Answers,
): { value: string } | FieldProblem | null {
  const empty = DATE_PARTS.every((p) => {
    const v = sent[datePartName(field.name, p)];
    return v === undefined || (typeof v === 'string' && v.trim() === '');
  });
  if (empty && field.optional === true) return null;
  const date = parseDateInput(sent, field.name, {
    missing: field.missing,
    label: field.what,
    ...(field.future !== true && {
      notAfter: [today, `${field.what} must be today or in the past`] as [string, string],
    }),
    notBefore:
      field.notBefore === undefined
        ? [addMonthsClamped(today, -12 * 120), `${field.what} must be a real date`]
        : [field.notBefore, `${field.what} must be on or after the child's date of birth`],
  });
  if (!date.ok) return { field: field.name, message: date.message, part: date.part };
  const earliest = field.notBeforeAnswer === undefined ? undefined : answers[field.notBeforeAnswer.name];
  if (typeof earliest === 'string' && date.date < earliest) {
    return { field: field.name, message: field.notBeforeAnswer?.message ?? '', part: 'day' };
  }
  return { value: date.date };
}

/**
 * A field's clean answer (null when an optional field was left empty), or its problem. `answers` are those given
 * already, for a rule that compares with another answer.
 */
export function parseField(
  field: Field,
  sent: Record<string, unknown>,
  today: string,
  answers: Answers = {},
): { value: AnswerValue | null } | FieldProblem {
  const problem = (message: string): FieldProblem => ({ field: field.name, message });
  if (field.kind === 'date') {
    const date = parseDate(field, sent, today, answers);
    return date ?? { value: null };
  }
  if (field.kind === 'checkboxes') {
    const raw = sent[field.name];
    const ticked = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (ticked.some((v) => typeof v !== 'string' || !field.options.some((o) => o.value === v))) {
      return problem(field.invalid ?? field.missing);
    }
    const values = [...new Set(ticked as string[])];
    if (values.length === 0) return field.optional === true ? { value: [] } : problem(field.missing);
    const exclusive = field.options.find((o) => o.exclusive === true);
    if (exclusive !== undefined && values.includes(exclusive.value) && values.length > 1) {
      // "Select the difficulties, or 'None of these', not both", whether or not the message names the option already.
      const named = `, or '${exclusive.text}'`;
      return problem(`${field.missing.endsWith(named) ? field.missing : field.missing + named}, not both`);
    }
    return { value: values };
  }
  const raw = one(sent[field.name]);
  // A hidden field sent twice, or changed, is a page not sent as it was drawn: one answer is not the person's to give.
  if (field.kind === 'hidden-number') {
    return typeof raw === 'string' && /^\d{1,9}$/u.test(raw) ? { value: String(Number(raw)) } : problem(field.missing);
  }
  if (raw === null) return problem('Enter one answer only');
  if (field.kind === 'password') {
    if (raw === undefined || raw === '') return field.optional === true ? { value: null } : problem(field.missing);
    return codePointLength(raw) > field.max ? problem(field.tooLong) : { value: raw };
  }
  const text = cleanText(raw ?? '');
  if (text === '') return field.optional === true ? { value: null } : problem(field.missing);
  switch (field.kind) {
    case 'text':
      if (field.pattern !== undefined) {
        const compact = text.replace(/\s+/gu, '');
        const code = field.pattern.upper ? compact.toUpperCase() : compact;
        return field.pattern.test.test(code) ? { value: code } : problem(field.pattern.message);
      }
      return codePointLength(text) > field.max
        ? problem(`${field.label.replace(/\s*\(optional\)$/u, '')} must be ${String(field.max)} characters or fewer`)
        : { value: text };
    case 'textarea':
      return codePointLength(text) > field.max
        ? problem(`${field.label.replace(/\s*\(optional\)$/u, '')} must be ${String(field.max)} characters or fewer`)
        : { value: text };
    case 'email':
      if (field.account === true) {
        if (codePointLength(text) > EMAIL_MAX_LENGTH) {
          return problem(`Email address must be ${String(EMAIL_MAX_LENGTH)} characters or fewer`);
        }
        return isValidEmail(normaliseEmail(text))
          ? { value: normaliseEmail(text) }
          : problem('Enter an email address in the correct format, like name@nhs.net');
      }
      return text.length <= 254 && EMAIL.test(text)
        ? { value: text }
        : problem('Enter an email address in the correct format, like name@example.com');
    case 'phone': {
      const digits = text.replace(/[\s\-()]/gu, '');
      // Kept as typed (spaces and all), so that it reads back as the person wrote it; only its digits are checked.
      return PHONE.test(digits)
        ? { value: text }
        : problem('Enter a telephone number, like 01632 960 001 or 07700 900 982');
    }
    case 'postcode': {
      const compact = text.replace(/\s+/gu, '').toUpperCase();
      return POSTCODE.test(compact)
        ? { value: `${compact.slice(0, -3)} ${compact.slice(-3)}` }
        : problem('Enter a full UK postcode, like LE1 6TH');
    }
    case 'nhs-number': {
      const digits = text.replace(/[\s-]/gu, '');
      if (!/^\d+$/u.test(digits) || digits.length !== 10) return problem('NHS number must be 10 digits');
      return normaliseNhsNumber(digits) === null ? problem('Enter a valid NHS number') : { value: digits };
    }
    case 'radios':
      return field.options.some((o) => o.value === text) ? { value: text } : problem(field.missing);
    case 'practice':
    case 'school': {
      if (field.declared.some((o) => o.value === text)) return { value: text };
      const pattern = field.kind === 'practice' ? /^[A-Z0-9]{3,8}$/u : /^\d{5,8}$/u;
      const code = field.kind === 'practice' ? text.toUpperCase() : text;
      return pattern.test(code) ? { value: code } : problem(field.missing);
    }
  }
}

/** Every form field name a set of fields may send. */
export function sentNamesOf(fields: readonly Field[]): string[] {
  return fields.flatMap(sentNames);
}

export type FieldsAnswer = { ok: true; answers: Answers } | { ok: false; problems: FieldProblem[] };

/**
 * The answers after a page of fields is sent: each field's clean value replaces what was there (a field left empty
 * is removed), or every problem on the page at once.
 */
export function answerFields(
  fields: readonly Field[],
  sent: Record<string, unknown>,
  answers: Answers,
  today: string,
): FieldsAnswer {
  const problems: FieldProblem[] = [];
  const next: Answers = { ...answers };
  for (const field of fields) {
    const parsed = parseField(field, sent, today, answers);
    if ('message' in parsed) problems.push(parsed);
    else if (parsed.value === null) Reflect.deleteProperty(next, field.name);
    else next[field.name] = parsed.value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers: next };
}

/** A form sent back without what its page put in it (a hidden version missing or changed). */
export const FORM_INCOMPLETE = 'The form was not complete. Go back and try again';

/** The version of the record a page was drawn at, sent back to refuse a change made over someone else's. */
export const versionField = {
  kind: 'hidden-number',
  name: 'version',
  label: 'Version',
  missing: FORM_INCOMPLETE,
} as const satisfies Field;

/** The value each kind gives, typed: a list for checkboxes, a number for a hidden whole number, else text. */
type KindValue<F extends Field> = F extends { kind: 'checkboxes' }
  ? string[]
  : F extends { kind: 'hidden-number' }
    ? number
    : string;

/** A form's values by field name, for fields declared `as const` (so that their names and kinds are known). */
export type FieldValues<Fs extends readonly Field[]> = {
  [F in Fs[number] as F['name']]: F extends { optional: true } ? KindValue<F> | undefined : KindValue<F>;
};

export type ParsedFields<Fs extends readonly Field[]> =
  { ok: true; values: FieldValues<Fs> } | { ok: false; problems: FieldProblem[] };

/**
 * A form of fields that stands alone (a staff form: signing in, an account, a retry), parsed into typed values or
 * every problem on it. `today` is needed only by date fields.
 */
export function parseFields<const Fs extends readonly Field[]>(
  fields: Fs,
  sent: Record<string, unknown>,
  today = '',
): ParsedFields<Fs> {
  if (today === '' && fields.some((f) => f.kind === 'date')) throw new Error('A form with a date needs today');
  const answered = answerFields(fields, sent, {}, today);
  if (!answered.ok) return answered;
  const values: Record<string, AnswerValue | number | undefined> = {};
  for (const field of fields) {
    const answer = answered.answers[field.name];
    values[field.name] = field.kind === 'hidden-number' && typeof answer === 'string' ? Number(answer) : answer;
  }
  return { ok: true, values: values as FieldValues<Fs> };
}
