/**
 * What every standardised assessment shares: the result of deriving one from what a clinician typed, and reading
 * whole numbers and choices out of a form's raw values (strings from a form, or numbers from a test or an import)
 * without ever throwing at user input. Pure.
 */

/** One problem with one field, in GOV.UK style; `field` is the form field's name, for the error summary's link. */
export interface AssessmentProblem {
  field: string;
  message: string;
}

/**
 * An assessment read and derived: `scores` is what is stored (numbers and classifications only, never test content),
 * `derived` what is computed from them, and `summary` one line for the child's timeline.
 */
export type Derivation<S, D> =
  { ok: true; scores: S; derived: D; summary: string } | { ok: false; problems: AssessmentProblem[] };

/** The raw input as a record of field values; anything that is not an object reads as an empty form. */
export function fieldsOf(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}

/** True when a field was left empty: absent, null, or only spaces. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

const WHOLE = /^[+-]?\d{1,6}$/u;

/**
 * A whole number from a form value ("12", " 12 ", or 12), or null when it is not one (12.5, "12a", "1e1", ""). The
 * caller checks the range, so that the message can say what the range is.
 */
export function wholeNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return WHOLE.test(text) ? Number(text) : null;
}

export interface ScoreField {
  /** The form field's name. */
  field: string;
  /** How a message names it: "the total standard score". */
  what: string;
  min: number;
  max: number;
}

/**
 * Reads a required whole-number score within its range. An empty field is "Enter the total standard score"; anything
 * else wrong is "Enter the total standard score as a whole number from 1 to 19".
 */
export function readScore(
  fields: Record<string, unknown>,
  spec: ScoreField,
  problems: AssessmentProblem[],
): number | undefined {
  const value = fields[spec.field];
  if (isBlank(value)) {
    problems.push({ field: spec.field, message: `Enter ${spec.what}` });
    return undefined;
  }
  return readPresentScore(value, spec, problems);
}

/** Reads an optional whole-number score: an empty field is undefined and no problem. */
export function readOptionalScore(
  fields: Record<string, unknown>,
  spec: ScoreField,
  problems: AssessmentProblem[],
): number | undefined {
  const value = fields[spec.field];
  return isBlank(value) ? undefined : readPresentScore(value, spec, problems);
}

function readPresentScore(value: unknown, spec: ScoreField, problems: AssessmentProblem[]): number | undefined {
  const n = wholeNumber(value);
  if (n === null || n < spec.min || n > spec.max) {
    problems.push({
      field: spec.field,
      message: `Enter ${spec.what} as a whole number from ${String(spec.min)} to ${String(spec.max)}`,
    });
    return undefined;
  }
  return n;
}

/** Reads a value that must be one of a fixed list of codes (a radio), trimmed; undefined when empty. */
export function readChoice<T extends string>(
  value: unknown,
  choices: readonly T[],
): { ok: true; value: T | undefined } | { ok: false } {
  if (isBlank(value)) return { ok: true, value: undefined };
  if (typeof value !== 'string') return { ok: false };
  const text = value.trim();
  const found = choices.find((c) => c === text);
  return found === undefined ? { ok: false } : { ok: true, value: found };
}

/** "1st", "2nd", "3rd", "11th", "22nd", "0.5th": a percentile as it is read aloud. */
export function ordinal(n: number): string {
  const text = String(n);
  const whole = Math.trunc(n);
  if (!Number.isInteger(n)) {
    const last = text.slice(-1);
    return `${text}${last === '1' ? 'st' : last === '2' ? 'nd' : last === '3' ? 'rd' : 'th'}`;
  }
  const tens = whole % 100;
  if (tens >= 11 && tens <= 13) return `${text}th`;
  const units = whole % 10;
  return `${text}${units === 1 ? 'st' : units === 2 ? 'nd' : units === 3 ? 'rd' : 'th'}`;
}
