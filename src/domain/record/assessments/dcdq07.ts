/**
 * DCDQ'07 (Developmental Coordination Disorder Questionnaire, 2007 revision): a parent rates 15 items from 1 to 5.
 * The clinician records the 15 ratings, or just the total (15 to 75) with the three subscale totals if wanted; Otway
 * works out the child's age in years and months on the day the questionnaire was completed, and from the age band's
 * cut-off whether the total is an "Indication of DCD or suspect DCD" or "Probably not DCD". The questionnaire is for
 * children from 5 years 0 months to 15 years 11 months; outside that there is no result. No item wording is stored.
 * Pure: dates are calendar dates (`YYYY-MM-DD`) passed in.
 */
import { daysInMonth, formatLongDate, isIsoDate } from '../../shared/dates.js';
import {
  fieldsOf,
  isBlank,
  wholeNumber,
  readOptionalScore,
  readScore,
  type AssessmentProblem,
  type Derivation,
  type ScoreField,
} from './parse.js';

export const DCDQ_ITEMS = 15;

export const DCDQ_SUBSCALES = ['controlDuringMovement', 'fineMotorHandwriting', 'generalCoordination'] as const;
export type DcdqSubscale = (typeof DCDQ_SUBSCALES)[number];

export const DCDQ_SUBSCALE_LABELS: Record<DcdqSubscale, string> = {
  controlDuringMovement: 'Control during movement',
  fineMotorHandwriting: 'Fine motor and handwriting',
  generalCoordination: 'General coordination',
};

/** Which items (1-based, inclusive) make up each subscale: 6, 4 and 5 items. */
const SUBSCALE_ITEMS: Record<DcdqSubscale, readonly [number, number]> = {
  controlDuringMovement: [1, 6],
  fineMotorHandwriting: [7, 10],
  generalCoordination: [11, 15],
};

const itemCount = (s: DcdqSubscale) => SUBSCALE_ITEMS[s][1] - SUBSCALE_ITEMS[s][0] + 1;

export type DcdqResult = 'indication' | 'probably-not';

export const DCDQ_RESULT_LABELS: Record<DcdqResult, string> = {
  indication: 'Indication of DCD or suspect DCD',
  'probably-not': 'Probably not DCD',
};

export interface DcdqBand {
  /** Ages in completed months, inclusive. */
  fromMonths: number;
  toMonths: number;
  /** The highest total that is an indication of DCD. */
  indicationUpTo: number;
}

/** The manual's age bands: 5y0m to 7y11m, 8y0m to 9y11m, 10y0m to 15y11m. */
export const DCDQ_BANDS: readonly DcdqBand[] = [
  { fromMonths: 60, toMonths: 95, indicationUpTo: 46 },
  { fromMonths: 96, toMonths: 119, indicationUpTo: 55 },
  { fromMonths: 120, toMonths: 191, indicationUpTo: 57 },
];

const parts = (iso: string) => [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))] as const;

/**
 * Age in completed calendar months on `on`. A month is completed on the day of the month of the birth; in a month
 * without that day (born on the 31st, or on 29 February) it is completed on the 1st of the next month, as
 * `ageInYears` treats a 29 February birthday. Both must be real ISO dates, `on` not before `dob`.
 */
export function ageInMonths(dob: string, on: string): number {
  if (!isIsoDate(dob) || !isIsoDate(on)) throw new RangeError(`Not ISO dates: ${dob}, ${on}`);
  const [by, bm, bd] = parts(dob);
  const [oy, om, od] = parts(on);
  const months = (oy - by) * 12 + (om - bm);
  // In a month shorter than the birth day, the anniversary falls on the next month's 1st: not yet reached here.
  const reached = bd <= daysInMonth(oy, om) && od >= bd;
  return months - (reached ? 0 : 1);
}

/** "7 years 11 months", "10 years 1 month". */
export function yearsAndMonths(months: number): string {
  const [y, m] = [Math.floor(months / 12), months % 12];
  return `${String(y)} ${y === 1 ? 'year' : 'years'} ${String(m)} ${m === 1 ? 'month' : 'months'}`;
}

/** The age band for an age in completed months, or undefined outside 5 years 0 months to 15 years 11 months. */
export function dcdqBand(months: number): DcdqBand | undefined {
  return DCDQ_BANDS.find((b) => months >= b.fromMonths && months <= b.toMonths);
}

/** The result for a total in an age band: at or below the band's cut-off is an indication of DCD. */
export function dcdqResult(total: number, band: DcdqBand): DcdqResult {
  return total <= band.indicationUpTo ? 'indication' : 'probably-not';
}

export interface DcdqScores {
  /** The 15 ratings in order, when they were recorded. */
  items?: number[];
  total: number;
  subscales?: Partial<Record<DcdqSubscale, number>>;
}

export interface DcdqDerived {
  ageMonths: number;
  band: DcdqBand;
  result: DcdqResult;
}

const itemField = (n: number) => `item${String(n)}`;
const TOTAL: ScoreField = { field: 'total', what: 'the total score', min: 15, max: 75 };
const subscaleSpec = (s: DcdqSubscale): ScoreField => ({
  field: s,
  what: `the ${DCDQ_SUBSCALE_LABELS[s].toLowerCase()} score`,
  min: itemCount(s),
  max: itemCount(s) * 5,
});

const ITEM_FIELDS = Array.from({ length: DCDQ_ITEMS }, (_, i) => itemField(i + 1));

/** The 15 ratings, every one needed once any is given; undefined while any is missing or wrong. */
function readItems(fields: Record<string, unknown>, problems: AssessmentProblem[]): number[] | undefined {
  const items = ITEM_FIELDS.map((name, i) =>
    readScore(fields, { field: name, what: `the rating for item ${String(i + 1)}`, min: 1, max: 5 }, problems),
  );
  return items.every((n) => n !== undefined) ? items : undefined;
}

const sum = (numbers: readonly number[]) => numbers.reduce((a, b) => a + b, 0);

/** The total and subscales worked out from the ratings; a total typed beside them must agree. */
function fromItems(fields: Record<string, unknown>, problems: AssessmentProblem[]): DcdqScores | undefined {
  const items = readItems(fields, problems);
  if (items === undefined) return undefined;
  const total = sum(items);
  const typed = fields[TOTAL.field];
  if (!isBlank(typed) && wholeNumber(typed) !== total) {
    problems.push({
      field: TOTAL.field,
      message: `The total score must be the sum of the 15 ratings (${String(total)})`,
    });
    return undefined;
  }
  const subscales = Object.fromEntries(
    DCDQ_SUBSCALES.map((s) => [s, sum(items.slice(SUBSCALE_ITEMS[s][0] - 1, SUBSCALE_ITEMS[s][1]))]),
  );
  return { items, total, subscales };
}

/** The total as typed, with any subscales typed beside it; all three subscales must add up to the total. */
function fromTotal(fields: Record<string, unknown>, problems: AssessmentProblem[]): DcdqScores | undefined {
  const total = readScore(fields, TOTAL, problems);
  const subscales: Partial<Record<DcdqSubscale, number>> = {};
  for (const s of DCDQ_SUBSCALES) {
    const score = readOptionalScore(fields, subscaleSpec(s), problems);
    if (score !== undefined) subscales[s] = score;
  }
  if (total === undefined) return undefined;
  const given = DCDQ_SUBSCALES.map((s) => subscales[s]);
  if (given.every((n) => n !== undefined) && sum(given) !== total) {
    problems.push({
      field: TOTAL.field,
      message: `The total score must be the sum of the three subscale scores (${String(sum(given))})`,
    });
  }
  return { total, ...(Object.keys(subscales).length > 0 && { subscales }) };
}

function ageProblem(dob: string, on: string): AssessmentProblem | { months: number; band: DcdqBand } {
  if (!isIsoDate(dob)) return { field: 'dateOfBirth', message: "The child's date of birth is not a real date" };
  if (!isIsoDate(on)) return { field: 'on', message: 'Enter the date the questionnaire was completed as a real date' };
  if (on < dob) return { field: 'on', message: "The date completed must be on or after the child's date of birth" };
  const months = ageInMonths(dob, on);
  const band = dcdqBand(months);
  if (band === undefined) {
    return {
      field: 'on',
      message: `The DCDQ'07 is for children aged 5 years 0 months to 15 years 11 months: the child was ${yearsAndMonths(months)} on ${formatLongDate(on)}`,
    };
  }
  return { months, band };
}

/**
 * Reads a DCDQ'07 entry (`item1` to `item15`, or `total` with optional `controlDuringMovement`,
 * `fineMotorHandwriting` and `generalCoordination`) for a child born on `dateOfBirth`, completed on `on`, and derives
 * the age band and result, or says what to fix. Given the items, the total and subscales are worked out from them.
 */
export function deriveDcdq07(
  input: unknown,
  context: { dateOfBirth: string; on: string },
): Derivation<DcdqScores, DcdqDerived> {
  const fields = fieldsOf(input);
  const problems: AssessmentProblem[] = [];
  const scores = ITEM_FIELDS.some((name) => !isBlank(fields[name]))
    ? fromItems(fields, problems)
    : fromTotal(fields, problems);
  const age = ageProblem(context.dateOfBirth, context.on);
  if ('field' in age) problems.push(age);
  if (problems.length > 0 || scores === undefined || 'field' in age) return { ok: false, problems };
  const { total } = scores;
  const result = dcdqResult(total, age.band);
  return {
    ok: true,
    scores,
    derived: { ageMonths: age.months, band: age.band, result },
    summary: `DCDQ'07 total ${String(total)} at ${yearsAndMonths(age.months)}: ${DCDQ_RESULT_LABELS[result]}`,
  };
}
