/**
 * Beery VMI (Beery-Buktenica Developmental Test of Visual-Motor Integration, sixth edition): the clinician records the
 * VMI standard score and, when given, the Visual Perception and Motor Coordination supplemental standard scores
 * (each 45 to 155, mean 100, SD 15); Otway derives the percentile from the normal curve and the descriptive
 * category. No test item content is stored or shown. Pure.
 */
import {
  fieldsOf,
  ordinal,
  readOptionalScore,
  readScore,
  type AssessmentProblem,
  type Derivation,
  type ScoreField,
} from './parse.js';

export const BEERY_MIN = 45;
export const BEERY_MAX = 155;
const MEAN = 100;
const SD = 15;

export const BEERY_TESTS = ['vmi', 'visualPerception', 'motorCoordination'] as const;
export type BeeryTest = (typeof BEERY_TESTS)[number];

export const BEERY_TEST_LABELS: Record<BeeryTest, string> = {
  vmi: 'Visual-Motor Integration',
  visualPerception: 'Visual Perception',
  motorCoordination: 'Motor Coordination',
};

const WHAT: Record<BeeryTest, string> = {
  vmi: 'the VMI standard score',
  visualPerception: 'the Visual Perception standard score',
  motorCoordination: 'the Motor Coordination standard score',
};

export type BeeryCategory = 'Very high' | 'High' | 'Above average' | 'Average' | 'Below average' | 'Low' | 'Very low';

/** The manual's bands, highest first: the lowest standard score of each. */
const CATEGORIES: readonly (readonly [number, BeeryCategory])[] = [
  [130, 'Very high'],
  [120, 'High'],
  [110, 'Above average'],
  [90, 'Average'],
  [80, 'Below average'],
  [70, 'Low'],
];

/** A percentile as the manual prints it: whole numbers from 1 to 99, one decimal beyond, and "<0.1" or ">99.9". */
export type BeeryPercentile = number | '<0.1' | '>99.9';

/**
 * The standard normal cumulative distribution, Φ(x), to double precision: Hart's rational approximation (1968) in
 * the form W. J. West gives ("Better approximations to cumulative normal functions", 2005). Written here so that
 * percentiles need no dependency.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  let tail: number;
  if (z > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      tail = (e * n) / d;
    } else {
      let f = z + 0.65;
      f = z + 4 / f;
      f = z + 3 / f;
      f = z + 2 / f;
      f = z + 1 / f;
      tail = e / f / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/**
 * The percentile of a standard score (mean 100, SD 15) from the normal curve, rounded as the manual does: to a whole
 * number from 1 to 99, to one decimal below 1 and above 99, and "<0.1" or ">99.9" beyond. 100 is the 50th, 85 the
 * 16th, 70 the 2nd, 115 the 84th.
 */
export function beeryPercentile(standardScore: number): BeeryPercentile {
  const p = normalCdf((standardScore - MEAN) / SD) * 100;
  if (p < 0.1) return '<0.1';
  if (p > 99.9) return '>99.9';
  const tenths = Math.round(p * 10) / 10;
  return tenths >= 1 && tenths <= 99 ? Math.round(p) : tenths;
}

/** The descriptive category of a standard score: Very high 130 and above down to Very low below 70. */
export function beeryCategory(standardScore: number): BeeryCategory {
  return CATEGORIES.find(([lowest]) => standardScore >= lowest)?.[1] ?? 'Very low';
}

/** "16th percentile", "below the 0.1st percentile", "above the 99.9th percentile". */
export function beeryPercentileText(p: BeeryPercentile): string {
  if (p === '<0.1') return 'below the 0.1st percentile';
  if (p === '>99.9') return 'above the 99.9th percentile';
  return `${ordinal(p)} percentile`;
}

export type BeeryScores = { vmi: number } & Partial<Record<Exclude<BeeryTest, 'vmi'>, number>>;

export interface BeeryResult {
  percentile: BeeryPercentile;
  category: BeeryCategory;
}

export type BeeryDerived = { vmi: BeeryResult } & Partial<Record<Exclude<BeeryTest, 'vmi'>, BeeryResult>>;

const spec = (test: BeeryTest): ScoreField => ({ field: test, what: WHAT[test], min: BEERY_MIN, max: BEERY_MAX });

const result = (score: number): BeeryResult => ({
  percentile: beeryPercentile(score),
  category: beeryCategory(score),
});

/**
 * Reads a Beery VMI entry (field `vmi`, and optionally `visualPerception` and `motorCoordination`) and derives each
 * percentile and category, or says what to fix.
 */
export function deriveBeeryVmi(input: unknown): Derivation<BeeryScores, BeeryDerived> {
  const fields = fieldsOf(input);
  const problems: AssessmentProblem[] = [];
  const vmi = readScore(fields, spec('vmi'), problems);
  const visualPerception = readOptionalScore(fields, spec('visualPerception'), problems);
  const motorCoordination = readOptionalScore(fields, spec('motorCoordination'), problems);
  if (problems.length > 0 || vmi === undefined) return { ok: false, problems };
  const scores: BeeryScores = { vmi };
  const derived: BeeryDerived = { vmi: result(vmi) };
  if (visualPerception !== undefined) {
    scores.visualPerception = visualPerception;
    derived.visualPerception = result(visualPerception);
  }
  if (motorCoordination !== undefined) {
    scores.motorCoordination = motorCoordination;
    derived.motorCoordination = result(motorCoordination);
  }
  const parts = BEERY_TESTS.flatMap((test) => {
    const score = scores[test];
    const found = derived[test];
    if (score === undefined || found === undefined) return [];
    const name = test === 'vmi' ? 'Beery VMI' : BEERY_TEST_LABELS[test].toLowerCase();
    return [`${name} ${String(score)} (${beeryPercentileText(found.percentile)}, ${found.category.toLowerCase()})`];
  });
  return { ok: true, scores, derived, summary: parts.join('; ') };
}
