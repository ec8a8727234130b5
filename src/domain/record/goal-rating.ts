/**
 * One rating of one goal (issue 14 item 5), from its form: the date, and the level reached for a goal measured by
 * Goal Attainment Scaling (-2 to +2), or the child's performance and satisfaction (1 to 10 each) for a goal measured
 * by COPM. A goal's first rating is its baseline (`set`), every later one a `review`. Also a goal's status and the
 * check that an edited goal keeps its measure once rated. Pure: nothing here reads the clock.
 */
import { parseDateInput } from '../shared/date-input.js';
import type { FieldProblem } from '../forms/fields.js';
import { parseGasLevel, type GasLevel } from './gas.js';
import type { GoalMeasure, Parsed } from './goals.js';

export const GOAL_STATUSES = ['active', 'achieved', 'discontinued'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
  active: 'Being worked on',
  achieved: 'Achieved',
  discontinued: 'Stopped',
};

export type GoalRatingKind = 'set' | 'review';

export type GoalRatingValue =
  | { measure: 'gas'; ratedOn: string; level: GasLevel }
  | { measure: 'copm'; ratedOn: string; performance: number; satisfaction: number };

export const MEASURE_LOCKED = 'A goal’s measure cannot be changed once it has been rated';

const valuesOf = (input: unknown): Record<string, unknown> =>
  typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};

/** A COPM rating: a whole number from 1 to 10, or the problem with it. */
export function parseCopmScore(sent: unknown, field: 'performance' | 'satisfaction'): number | FieldProblem {
  if (sent === undefined || (typeof sent === 'string' && sent.trim() === '')) {
    return { field, message: `Enter the ${field} rating` };
  }
  const text = typeof sent === 'number' ? String(sent) : typeof sent === 'string' ? sent.trim() : '';
  const n = /^\d{1,2}$/u.test(text) ? Number(text) : Number.NaN;
  return n >= 1 && n <= 10
    ? n
    : {
        field,
        message: `${field === 'performance' ? 'Performance' : 'Satisfaction'} must be a whole number from 1 to 10`,
      };
}

/**
 * A rating from its form (`ratedOn` as a GOV.UK date input; `level` for GAS; `performance` and `satisfaction` for
 * COPM), for a goal set on `setOn`: not before the goal was set, and not after `today`. Every problem at once.
 */
export function parseGoalRating(
  input: unknown,
  goal: { measure: GoalMeasure; setOn: string },
  today: string,
): Parsed<GoalRatingValue> {
  const sent = valuesOf(input);
  const problems: FieldProblem[] = [];
  const date = parseDateInput(sent, 'ratedOn', {
    missing: 'Enter the date of the rating',
    label: 'Date of the rating',
    notAfter: [today, 'Date of the rating must be today or in the past'],
    notBefore: [goal.setOn, 'Date of the rating must be on or after the date the goal was set'],
  });
  if (!date.ok) problems.push({ field: 'ratedOn', message: date.message, part: date.part });
  if (goal.measure === 'gas') {
    const level = parseGasLevel(sent.level, 'level');
    if (!level.ok) problems.push(...level.problems);
    if (problems.length > 0 || !date.ok || !level.ok) return { ok: false, problems };
    return { ok: true, value: { measure: 'gas', ratedOn: date.date, level: level.value } };
  }
  const performance = parseCopmScore(sent.performance, 'performance');
  const satisfaction = parseCopmScore(sent.satisfaction, 'satisfaction');
  if (typeof performance !== 'number') problems.push(performance);
  if (typeof satisfaction !== 'number') problems.push(satisfaction);
  if (problems.length > 0 || !date.ok || typeof performance !== 'number' || typeof satisfaction !== 'number') {
    return { ok: false, problems };
  }
  return { ok: true, value: { measure: 'copm', ratedOn: date.date, performance, satisfaction } };
}

/** A goal's status from its form, or the problem with it. */
export function parseGoalStatus(sent: unknown): GoalStatus | FieldProblem {
  return typeof sent === 'string' && (GOAL_STATUSES as readonly string[]).includes(sent)
    ? (sent as GoalStatus)
    : { field: 'status', message: 'Select where the goal stands' };
}

/** The problem with an edit that changes the measure of a goal already rated, or null. */
export function measureChangeProblem(
  stored: GoalMeasure,
  edited: GoalMeasure,
  ratingCount: number,
): FieldProblem | null {
  return stored !== edited && ratingCount > 0 ? { field: 'measure', message: MEASURE_LOCKED } : null;
}

/** The first rating of a goal is its baseline, every later one a review. */
export function ratingKind(earlierRatings: number): GoalRatingKind {
  return earlierRatings === 0 ? 'set' : 'review';
}
