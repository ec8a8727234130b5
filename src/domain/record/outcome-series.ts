/**
 * A child's outcome ratings turned into series for the chart and the table beside it (issue 14 item 5): one series
 * per goal rated with GAS, one each for COPM performance and satisfaction, and one per TOMs domain, each sorted by
 * date and carrying the range of its measure so that the chart's axis shows the whole scale, not just the ratings.
 * Series of one measure share a chart, since their scales agree. Pure.
 */
import type { GasLevel } from './gas.js';
import type { CopmScores } from './copm.js';
import { ALL_TOMS_DOMAINS, TOMS_DOMAIN_LABELS, type TomsScores } from './toms.js';

export type OutcomeMeasure = 'gas' | 'copm' | 'toms';

export interface AxisRange {
  min: number;
  max: number;
}

/** The whole scale of each measure: GAS -2 to +2, COPM 1 to 10, TOMs 0 to 5. */
export const MEASURE_RANGES: Record<OutcomeMeasure, AxisRange> = {
  gas: { min: -2, max: 2 },
  copm: { min: 1, max: 10 },
  toms: { min: 0, max: 5 },
};

export const MEASURE_LABELS: Record<OutcomeMeasure, string> = {
  gas: 'Goal Attainment Scaling',
  copm: 'Canadian Occupational Performance Measure',
  toms: 'Therapy Outcome Measures',
};

/** One rating of a child, as the record keeps it. */
export type DatedRating =
  | { measure: 'gas'; goalId: string; goalName: string; date: string; level: GasLevel }
  | { measure: 'copm'; date: string; scores: CopmScores }
  | { measure: 'toms'; date: string; scores: TomsScores };

export interface SeriesPoint {
  /** ISO date of the rating. */
  date: string;
  value: number;
}

export interface OutcomeSeries {
  /** Unique among a child's series: `gas-<goal id>`, `copm-performance`, `toms-activity`. */
  id: string;
  measure: OutcomeMeasure;
  name: string;
  range: AxisRange;
  points: SeriesPoint[];
}

/** The series of one measure, to be drawn on one chart. */
export interface OutcomeChartGroup {
  measure: OutcomeMeasure;
  title: string;
  range: AxisRange;
  series: OutcomeSeries[];
}

const MEASURE_ORDER: readonly OutcomeMeasure[] = ['gas', 'copm', 'toms'];

/** Keeps a series' points in date order; ratings on the same day keep the order they were given in. */
function byDate(points: SeriesPoint[]): SeriesPoint[] {
  return points
    .map((point, i) => ({ point, i }))
    .sort((a, b) => (a.point.date < b.point.date ? -1 : a.point.date > b.point.date ? 1 : a.i - b.i))
    .map(({ point }) => point);
}

/**
 * Every series a child's ratings make, GAS goals first (in the order each goal was first given), then COPM
 * performance and satisfaction, then the TOMs domains in their usual order (the carer's wellbeing only when it was
 * rated). A series has at least one point; ratings that are not finite numbers are left out rather than drawn.
 */
export function outcomeSeries(ratings: readonly DatedRating[]): OutcomeSeries[] {
  const found = new Map<string, OutcomeSeries>();
  const add = (id: string, measure: OutcomeMeasure, name: string, date: string, value: number | null) => {
    if (value === null || !Number.isFinite(value)) return;
    const series = found.get(id) ?? { id, measure, name, range: MEASURE_RANGES[measure], points: [] };
    series.points.push({ date, value });
    found.set(id, series);
  };
  for (const rating of ratings) {
    if (rating.measure === 'gas') {
      add(`gas-${rating.goalId}`, 'gas', rating.goalName, rating.date, rating.level);
    } else if (rating.measure === 'copm') {
      add('copm-performance', 'copm', 'Performance', rating.date, rating.scores.performance);
      add('copm-satisfaction', 'copm', 'Satisfaction', rating.date, rating.scores.satisfaction);
    }
  }
  // TOMs domains keep their usual order whatever order the ratings came in.
  const toms = ratings.filter((r) => r.measure === 'toms');
  for (const domain of ALL_TOMS_DOMAINS) {
    for (const rating of toms) {
      add(`toms-${domain}`, 'toms', TOMS_DOMAIN_LABELS[domain], rating.date, rating.scores[domain]);
    }
  }
  const all = [...found.values()].map((series) => ({ ...series, points: byDate(series.points) }));
  return MEASURE_ORDER.flatMap((measure) => all.filter((series) => series.measure === measure));
}

/** The series grouped one chart per measure, in the order GAS, COPM, TOMs; a measure never rated has no chart. */
export function outcomeChartGroups(ratings: readonly DatedRating[]): OutcomeChartGroup[] {
  const series = outcomeSeries(ratings);
  return MEASURE_ORDER.flatMap((measure) => {
    const own = series.filter((s) => s.measure === measure);
    return own.length === 0
      ? []
      : [{ measure, title: MEASURE_LABELS[measure], range: MEASURE_RANGES[measure], series: own }];
  });
}
