/**
 * Goal Attainment Scaling (Kiresuk and Sherman, 1968): each goal is given five levels of outcome from -2 (much less
 * than expected) to +2 (much more than expected), with 0 the outcome expected by the review date. The child is rated
 * on the scale when the goal is set (the baseline, normally -1 or -2) and again at review, and a set of goals gives
 * one T-score, 50 when every goal is met as expected. Pure.
 */
import { cleanText, codePointLength } from '../shared/text.js';
import type { FieldProblem } from '../forms/fields.js';
import type { Parsed } from './goals.js';

export const GAS_LEVELS = [-2, -1, 0, 1, 2] as const;
export type GasLevel = (typeof GAS_LEVELS)[number];

export const GAS_LEVEL_LABELS: Record<`${GasLevel}`, string> = {
  '-2': 'Much less than expected',
  '-1': 'Somewhat less than expected',
  '0': 'Expected outcome',
  '1': 'Somewhat more than expected',
  '2': 'Much more than expected',
};

/** The form field that describes each level: `level-2`, `level-1`, `level0`, `level1`, `level2`. */
export const gasLevelField = (level: GasLevel): string => `level${String(level)}`;

/** A level as the key of a scale: -1 is "-1". */
const keyOf = (level: GasLevel) => String(level) as `${GasLevel}`;

/** The correlation between goals that Kiresuk and Sherman assumed, used unless another is given. */
export const GAS_RHO = 0.3;

export const GAS_DESCRIPTION_MAX = 500;

/** What each level of one goal's scale looks like; only the expected outcome (0) must be described. */
export type GasScale = Record<`${GasLevel}`, string | null>;

/** When a goal was rated: when it was set (the baseline) or at its review. */
export type GasStage = 'set' | 'review';

/** True for a whole number from -2 to +2, the only ratings GAS allows. */
export function isGasLevel(value: unknown): value is GasLevel {
  return typeof value === 'number' && (GAS_LEVELS as readonly number[]).includes(value);
}

/**
 * A rating from what was sent: a whole number from -2 to +2, typed ("+1", " -2 ") or given as a number. Anything
 * else (2.5, -3, "x", nothing) is the field's problem.
 */
export function parseGasLevel(sent: unknown, field = 'rating'): Parsed<GasLevel> {
  const problem = (message: string): Parsed<GasLevel> => ({ ok: false, problems: [{ field, message }] });
  if (sent === undefined || (typeof sent === 'string' && sent.trim() === '')) {
    return problem('Select the level the child has reached');
  }
  const text = typeof sent === 'number' ? String(sent) : typeof sent === 'string' ? sent.trim() : '';
  const level = /^[+-]?\d+$/u.test(text) ? Number(text) : Number.NaN;
  return isGasLevel(level)
    ? { ok: true, value: level === 0 ? 0 : level }
    : problem('Rating must be a whole number from -2 to +2');
}

/**
 * One goal's scale from its form (`level-2` to `level2`): each description trimmed and at most
 * `GAS_DESCRIPTION_MAX` characters; the expected outcome (`level0`) must be given, the others may be left empty.
 */
export function parseGasScale(input: unknown): Parsed<GasScale> {
  const sent = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const problems: FieldProblem[] = [];
  const scale: GasScale = { '-2': null, '-1': null, '0': null, '1': null, '2': null };
  for (const level of GAS_LEVELS) {
    const field = gasLevelField(level);
    const raw = sent[field];
    const text = typeof raw === 'string' ? cleanText(raw) : '';
    const label = GAS_LEVEL_LABELS[keyOf(level)];
    if (raw !== undefined && typeof raw !== 'string') {
      problems.push({ field, message: `Enter one description for '${label}'` });
    } else if (text === '' && level === 0) {
      problems.push({ field, message: 'Describe the expected outcome (0)' });
    } else if (codePointLength(text) > GAS_DESCRIPTION_MAX) {
      problems.push({ field, message: `'${label}' must be ${String(GAS_DESCRIPTION_MAX)} characters or fewer` });
    } else {
      scale[keyOf(level)] = text === '' ? null : text;
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: scale };
}

/** A baseline is normally below the expected outcome (-1 or -2); one at 0 or above is worth checking. */
export function isUsualBaseline(level: GasLevel): boolean {
  return level < 0;
}

/** How far a goal moved from its baseline to its review: +3 from -2 to +1. */
export function gasChange(baseline: GasLevel, review: GasLevel): number {
  return review - baseline;
}

/** One goal's rating for the T-score, with its weight (1 unless the team weights goals by importance). */
export interface GasScored {
  level: GasLevel;
  weight?: number;
}

/**
 * The GAS T-score of a set of goals (Kiresuk and Sherman):
 *
 *   T = 50 + 10·Σ(wᵢxᵢ) / √((1 − ρ)·Σwᵢ² + ρ·(Σwᵢ)²)
 *
 * with xᵢ each goal's level, wᵢ its weight (1 by default) and ρ the assumed correlation between goals (0.3). Every
 * goal at its expected outcome gives 50 whatever the weights; three goals at +1 with equal weights give
 * 50 + 30/√(2.1 + 2.7) = 63.69. No goals, a level outside -2 to +2, or a weight that is not a positive number is a
 * problem rather than a score.
 */
export function gasTScore(goals: readonly GasScored[], rho: number = GAS_RHO): Parsed<number> {
  if (goals.length === 0) return { ok: false, problems: [{ field: 'goals', message: 'Rate at least one goal' }] };
  const problems: FieldProblem[] = [];
  goals.forEach((goal, i) => {
    if (!isGasLevel(goal.level)) {
      problems.push({ field: `goals[${String(i)}]`, message: 'Rating must be a whole number from -2 to +2' });
    }
    const weight = goal.weight ?? 1;
    if (!Number.isFinite(weight) || weight <= 0) {
      problems.push({ field: `goals[${String(i)}]`, message: 'Weight must be a number greater than 0' });
    }
  });
  if (!Number.isFinite(rho) || rho < 0 || rho >= 1) {
    problems.push({ field: 'rho', message: 'The correlation between goals must be at least 0 and less than 1' });
  }
  if (problems.length > 0) return { ok: false, problems };
  let weighted = 0;
  let weights = 0;
  let squares = 0;
  for (const goal of goals) {
    const weight = goal.weight ?? 1;
    weighted += weight * goal.level;
    weights += weight;
    squares += weight * weight;
  }
  return { ok: true, value: 50 + (10 * weighted) / Math.sqrt((1 - rho) * squares + rho * weights * weights) };
}

/** A T-score as reported: to one decimal place, 63.69 is "63.7". */
export function formatTScore(score: number): string {
  return (Math.round(score * 10) / 10).toFixed(1);
}

/** A level as people read it, with its sign: "+2", "0", "−1" (a true minus sign, read aloud as minus). */
export function formatGasLevel(level: number): string {
  if (level > 0) return `+${String(level)}`;
  return level < 0 ? `\u2212${String(-level)}` : '0';
}
