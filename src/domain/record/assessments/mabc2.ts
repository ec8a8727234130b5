/**
 * Movement ABC-2 (Movement Assessment Battery for Children, second edition): the clinician records the three
 * component standard scores and the total standard score read from the record form; Otway derives each percentile
 * and the traffic-light zone of the total. Standard scores run from 1 to 19 (mean 10, SD 3). No test item content is
 * stored or shown. Pure.
 */
import {
  fieldsOf,
  ordinal,
  readChoice,
  readOptionalScore,
  readScore,
  type AssessmentProblem,
  type Derivation,
  type ScoreField,
} from './parse.js';

export const MABC2_AGE_BANDS = ['3-6', '7-10', '11-16'] as const;
export type Mabc2AgeBand = (typeof MABC2_AGE_BANDS)[number];

export const MABC2_AGE_BAND_LABELS: Record<Mabc2AgeBand, string> = {
  '3-6': 'Age band 1 (3 to 6 years)',
  '7-10': 'Age band 2 (7 to 10 years)',
  '11-16': 'Age band 3 (11 to 16 years)',
};

export const MABC2_COMPONENTS = ['manualDexterity', 'aimingAndCatching', 'balance', 'total'] as const;
export type Mabc2Component = (typeof MABC2_COMPONENTS)[number];

export const MABC2_COMPONENT_LABELS: Record<Mabc2Component, string> = {
  manualDexterity: 'Manual Dexterity',
  aimingAndCatching: 'Aiming and Catching',
  balance: 'Balance',
  total: 'Total test score',
};

const WHAT: Record<Mabc2Component, string> = {
  manualDexterity: 'the Manual Dexterity standard score',
  aimingAndCatching: 'the Aiming and Catching standard score',
  balance: 'the Balance standard score',
  total: 'the total standard score',
};

/**
 * The manual's correspondence of standard score to percentile, index 0 for standard score 1. The ends (0.1, 0.5,
 * 99.5, 99.9) are the manual's; the rest are the normal curve's values rounded to whole numbers.
 */
const PERCENTILE_BY_STANDARD_SCORE: readonly number[] = [
  0.1, 0.5, 1, 2, 5, 9, 16, 25, 37, 50, 63, 75, 84, 91, 95, 98, 99, 99.5, 99.9,
];

export const MABC2_MIN = 1;
export const MABC2_MAX = 19;

export type Mabc2Zone = 'red' | 'amber' | 'green';

export const MABC2_ZONE_LABELS: Record<Mabc2Zone, string> = {
  red: 'Red: significant movement difficulty',
  amber: 'Amber: at risk of movement difficulty',
  green: 'Green: no movement difficulty detected',
};

/** The percentile for a standard score from 1 to 19, as the manual gives it. */
export function mabc2Percentile(standardScore: number): number {
  const p = PERCENTILE_BY_STANDARD_SCORE[standardScore - MABC2_MIN];
  if (!Number.isInteger(standardScore) || p === undefined) {
    throw new RangeError(`Not a Movement ABC-2 standard score: ${String(standardScore)}`);
  }
  return p;
}

/** The total test score (the sum of the eight item standard scores) runs from 8 to 152. */
export const MABC2_TOTAL_TEST_SCORE_MIN = 8;
export const MABC2_TOTAL_TEST_SCORE_MAX = 152;

/**
 * The traffic-light zone. The manual draws it on the total test score: red at 56 or below (at or below the 5th
 * percentile, a significant movement difficulty), amber from 57 to 67 (up to the 15th, at risk), green from 68. The
 * total standard score alone cannot draw the amber line: a standard score of 7 (the 16th percentile) covers total test
 * scores on both sides of 67. Without the total test score, 7 is therefore shown as amber, so that a child at risk is
 * never shown as green for want of a number (a clinical safety choice: docs/clinical-safety/hazard-log.md).
 */
export function mabc2Zone(totalStandardScore: number, totalTestScore?: number): Mabc2Zone {
  mabc2Percentile(totalStandardScore);
  if (totalTestScore !== undefined) {
    if (totalTestScore <= 56) return 'red';
    if (totalTestScore <= 67) return 'amber';
    return 'green';
  }
  if (totalStandardScore <= 5) return 'red';
  if (totalStandardScore <= 7) return 'amber';
  return 'green';
}

export type Mabc2Scores = Record<Mabc2Component, number> & { totalTestScore?: number; ageBand?: Mabc2AgeBand };

export interface Mabc2Derived {
  percentiles: Record<Mabc2Component, number>;
  zone: Mabc2Zone;
}

/**
 * Reads a Movement ABC-2 entry (fields `manualDexterity`, `aimingAndCatching`, `balance`, `total`, and optionally
 * `ageBand`) and derives the percentiles and the zone, or says what to fix.
 */
export function deriveMabc2(input: unknown): Derivation<Mabc2Scores, Mabc2Derived> {
  const fields = fieldsOf(input);
  const problems: AssessmentProblem[] = [];
  const read = (component: Mabc2Component) => {
    const spec: ScoreField = { field: component, what: WHAT[component], min: MABC2_MIN, max: MABC2_MAX };
    return readScore(fields, spec, problems);
  };
  const [manualDexterity, aimingAndCatching, balance, total] = MABC2_COMPONENTS.map(read);
  const totalTestScore = readOptionalScore(
    fields,
    {
      field: 'totalTestScore',
      what: 'the total test score',
      min: MABC2_TOTAL_TEST_SCORE_MIN,
      max: MABC2_TOTAL_TEST_SCORE_MAX,
    },
    problems,
  );
  const band = readChoice(fields.ageBand, MABC2_AGE_BANDS);
  if (!band.ok) problems.push({ field: 'ageBand', message: 'Select the age band from the list' });
  if (
    problems.length > 0 ||
    !band.ok ||
    manualDexterity === undefined ||
    aimingAndCatching === undefined ||
    balance === undefined ||
    total === undefined
  ) {
    return { ok: false, problems };
  }
  const scores: Mabc2Scores = {
    manualDexterity,
    aimingAndCatching,
    balance,
    total,
    ...(totalTestScore !== undefined && { totalTestScore }),
    ...(band.value !== undefined && { ageBand: band.value }),
  };
  const percentiles = {
    manualDexterity: mabc2Percentile(manualDexterity),
    aimingAndCatching: mabc2Percentile(aimingAndCatching),
    balance: mabc2Percentile(balance),
    total: mabc2Percentile(total),
  };
  const zone = mabc2Zone(total, totalTestScore);
  return {
    ok: true,
    scores,
    derived: { percentiles, zone },
    summary: `MABC-2 total ${String(total)} (${ordinal(percentiles.total)} percentile, ${zone})`,
  };
}
