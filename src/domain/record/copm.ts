/**
 * The Canadian Occupational Performance Measure (Law et al.): the child and family name up to five occupational
 * performance problems, rate how important each is (1 to 10), and rate the child's performance and their
 * satisfaction with it (1 to 10) at the initial assessment and again at reassessment. The performance score is the
 * mean of the problems' performance ratings, the satisfaction score the mean of their satisfaction ratings, each to
 * one decimal place as the COPM form reports them; a change of 2 points or more between assessments is clinically
 * important. Only the ratings are kept; nothing of the COPM's own text is reproduced. Pure.
 */
import { parseDateInput } from '../shared/date-input.js';
import { cleanText, codePointLength } from '../shared/text.js';
import type { FieldProblem } from '../forms/fields.js';
import type { Parsed } from './goals.js';

export const COPM_MAX_PROBLEMS = 5;
export const COPM_PROBLEM_MAX = 300;
/** The smallest change in a score that is clinically important (Law et al.). */
export const COPM_IMPORTANT_CHANGE = 2;

export interface CopmProblem {
  /** The occupational performance problem in the family's words. */
  description: string;
  /** How important it is to the child and family, 1 to 10, rated at the initial assessment. */
  importance: number;
}

/** One problem's ratings at one assessment, 1 to 10 each. */
export interface CopmRating {
  performance: number;
  satisfaction: number;
}

export interface CopmAssessment {
  /** ISO date of the assessment. */
  date: string;
  /** One rating per problem, in the problems' order. */
  ratings: CopmRating[];
}

export interface CopmScores {
  performance: number;
  satisfaction: number;
}

export interface CopmScoreChange {
  /** Reassessment score less initial score, to one decimal place. */
  change: number;
  /** A change of 2 or more (Law et al.). */
  important: boolean;
}

/** The form field of one problem's value: `performance1` is the first problem's performance rating. */
export const copmField = (name: 'problem' | 'importance' | 'performance' | 'satisfaction', n: number): string =>
  `${name}${String(n)}`;

const valuesOf = (input: unknown): Record<string, unknown> =>
  typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};

const isBlank = (value: unknown): boolean => value === undefined || (typeof value === 'string' && value.trim() === '');

/** A whole number from 1 to 10, or the problem with it. */
function oneToTen(sent: unknown, field: string, what: string): number | FieldProblem {
  if (isBlank(sent)) return { field, message: `Enter the ${what} rating` };
  const text = typeof sent === 'number' ? String(sent) : typeof sent === 'string' ? sent.trim() : '';
  const n = /^\d{1,2}$/u.test(text) ? Number(text) : Number.NaN;
  return n >= 1 && n <= 10
    ? n
    : { field, message: `${what.charAt(0).toUpperCase()}${what.slice(1)} must be a whole number from 1 to 10` };
}

function ratingAt(sent: Record<string, unknown>, n: number, problems: FieldProblem[]): CopmRating | null {
  const performance = oneToTen(sent[copmField('performance', n)], copmField('performance', n), 'performance');
  const satisfaction = oneToTen(sent[copmField('satisfaction', n)], copmField('satisfaction', n), 'satisfaction');
  if (typeof performance !== 'number') problems.push(performance);
  if (typeof satisfaction !== 'number') problems.push(satisfaction);
  return typeof performance === 'number' && typeof satisfaction === 'number' ? { performance, satisfaction } : null;
}

/**
 * The initial assessment from its form: the date (`assessedOn` as a GOV.UK date input) and up to five problems
 * (`problem1`, `importance1`, `performance1`, `satisfaction1`, then `…2` to `…5`). A row left wholly empty is
 * skipped; at least one problem is needed.
 */
export function parseCopmInitial(input: unknown): Parsed<{ problems: CopmProblem[]; initial: CopmAssessment }> {
  const sent = valuesOf(input);
  const problems: FieldProblem[] = [];
  const date = parseDateInput(sent, 'assessedOn', {
    missing: 'Enter the date of the assessment',
    label: 'Date of the assessment',
  });
  if (!date.ok) problems.push({ field: 'assessedOn', message: date.message, part: date.part });
  const found: CopmProblem[] = [];
  const ratings: CopmRating[] = [];
  for (let n = 1; n <= COPM_MAX_PROBLEMS; n += 1) {
    const names = (['problem', 'importance', 'performance', 'satisfaction'] as const).map((f) => copmField(f, n));
    if (names.every((name) => isBlank(sent[name]))) continue;
    const raw = sent[copmField('problem', n)];
    const description = typeof raw === 'string' ? cleanText(raw) : '';
    if (description === '') {
      problems.push({
        field: copmField('problem', n),
        message: `Describe occupational performance problem ${String(n)}`,
      });
    } else if (codePointLength(description) > COPM_PROBLEM_MAX) {
      problems.push({
        field: copmField('problem', n),
        message: `Problem ${String(n)} must be ${String(COPM_PROBLEM_MAX)} characters or fewer`,
      });
    }
    const importance = oneToTen(sent[copmField('importance', n)], copmField('importance', n), 'importance');
    if (typeof importance !== 'number') problems.push(importance);
    const rating = ratingAt(sent, n, problems);
    if (typeof importance === 'number' && rating !== null) {
      found.push({ description, importance });
      ratings.push(rating);
    }
  }
  if (problems.length === 0 && found.length === 0) {
    problems.push({ field: copmField('problem', 1), message: 'Enter at least one occupational performance problem' });
  }
  if (problems.length > 0 || !date.ok) return { ok: false, problems };
  return { ok: true, value: { problems: found, initial: { date: date.date, ratings } } };
}

/**
 * A reassessment from its form: a new performance and satisfaction rating for every problem named at the initial
 * assessment (`performance1`, `satisfaction1` and so on), on a date after it.
 */
export function parseCopmReassessment(
  input: unknown,
  problemsNamed: readonly CopmProblem[],
  initialDate: string,
): Parsed<CopmAssessment> {
  const sent = valuesOf(input);
  const problems: FieldProblem[] = [];
  const date = parseDateInput(sent, 'assessedOn', {
    missing: 'Enter the date of the reassessment',
    label: 'Date of the reassessment',
  });
  if (!date.ok) problems.push({ field: 'assessedOn', message: date.message, part: date.part });
  else if (date.date <= initialDate) {
    problems.push({
      field: 'assessedOn',
      message: 'Date of the reassessment must be after the initial assessment',
      part: 'day',
    });
  }
  const ratings: CopmRating[] = [];
  problemsNamed.forEach((_, i) => {
    const rating = ratingAt(sent, i + 1, problems);
    if (rating !== null) ratings.push(rating);
  });
  if (problems.length > 0 || !date.ok) return { ok: false, problems };
  return { ok: true, value: { date: date.date, ratings } };
}

/** A mean of whole-number ratings to one decimal place, halves rounded up: 9 over 4 problems is 2.3. */
function meanToOneDecimal(values: readonly number[]): number {
  const sum = values.reduce((a, b) => a + b, 0);
  return Math.round((sum * 10) / values.length) / 10;
}

/**
 * The performance and satisfaction scores of one assessment: the mean of its problems' ratings, to one decimal
 * place. Null for an assessment with no ratings, which has no score.
 */
export function copmScores(assessment: CopmAssessment): CopmScores | null {
  if (assessment.ratings.length === 0) return null;
  return {
    performance: meanToOneDecimal(assessment.ratings.map((r) => r.performance)),
    satisfaction: meanToOneDecimal(assessment.ratings.map((r) => r.satisfaction)),
  };
}

/** Reassessment less initial, from the scores as reported, flagged when 2 or more. */
function scoreChange(initial: number, reassessed: number): CopmScoreChange {
  const change = Math.round((reassessed - initial) * 10) / 10;
  return { change, important: change >= COPM_IMPORTANT_CHANGE };
}

/**
 * The change in each score from the initial assessment to the reassessment, each flagged when it is clinically
 * important (2 points or more). Null when either assessment has no ratings or they rated different numbers of
 * problems, since the scores would not be of the same problems.
 */
export function copmChange(
  initial: CopmAssessment,
  reassessment: CopmAssessment,
): { performance: CopmScoreChange; satisfaction: CopmScoreChange } | null {
  const before = copmScores(initial);
  const after = copmScores(reassessment);
  if (before === null || after === null || initial.ratings.length !== reassessment.ratings.length) return null;
  return {
    performance: scoreChange(before.performance, after.performance),
    satisfaction: scoreChange(before.satisfaction, after.satisfaction),
  };
}

/** A COPM score as reported, always with its decimal: 7 is "7.0". */
export function formatCopmScore(score: number): string {
  return score.toFixed(1);
}
