import { describe, expect, it } from 'vitest';
import { MEASURE_RANGES, outcomeChartGroups, outcomeSeries, type DatedRating } from './outcome-series.js';
import type { TomsScores } from './toms.js';

const toms = (date: string, [impairment, activity, participation, wellbeing]: number[], carer: number | null = null) =>
  ({
    measure: 'toms',
    date,
    scores: {
      impairment: impairment ?? 0,
      activity: activity ?? 0,
      participation: participation ?? 0,
      wellbeing: wellbeing ?? 0,
      carerWellbeing: carer,
    } satisfies TomsScores,
  }) as const;

const RATINGS: DatedRating[] = [
  toms('2027-06-01', [3, 4, 4, 3.5]),
  { measure: 'gas', goalId: 'g2', goalName: 'Goal 2: scissors', date: '2026-12-03', level: -1 },
  { measure: 'copm', date: '2027-03-03', scores: { performance: 5.5, satisfaction: 6 } },
  { measure: 'gas', goalId: 'g1', goalName: 'Goal 1: buttons', date: '2027-03-31', level: 1 },
  toms('2026-12-03', [2, 1.5, 2, 3]),
  { measure: 'gas', goalId: 'g1', goalName: 'Goal 1: buttons', date: '2026-12-03', level: -2 },
  { measure: 'copm', date: '2026-12-03', scores: { performance: 3.5, satisfaction: 2.3 } },
];

describe('outcome series for the chart', () => {
  it('makes one series per GAS goal, COPM score and TOMs domain, in measure order', () => {
    expect(outcomeSeries(RATINGS).map((s) => s.id)).toEqual([
      'gas-g2',
      'gas-g1',
      'copm-performance',
      'copm-satisfaction',
      'toms-impairment',
      'toms-activity',
      'toms-participation',
      'toms-wellbeing',
    ]);
  });

  it('sorts each series by date whatever order the ratings came in', () => {
    const series = outcomeSeries(RATINGS);
    expect(series.find((s) => s.id === 'gas-g1')?.points).toEqual([
      { date: '2026-12-03', value: -2 },
      { date: '2027-03-31', value: 1 },
    ]);
    expect(series.find((s) => s.id === 'copm-satisfaction')?.points).toEqual([
      { date: '2026-12-03', value: 2.3 },
      { date: '2027-03-03', value: 6 },
    ]);
    expect(series.find((s) => s.id === 'toms-activity')?.points).toEqual([
      { date: '2026-12-03', value: 1.5 },
      { date: '2027-06-01', value: 4 },
    ]);
  });

  it('keeps ratings on the same day in the order given', () => {
    const sameDay: DatedRating[] = [
      { measure: 'gas', goalId: 'g', goalName: 'G', date: '2027-01-02', level: 0 },
      { measure: 'gas', goalId: 'g', goalName: 'G', date: '2027-01-01', level: -1 },
      { measure: 'gas', goalId: 'g', goalName: 'G', date: '2027-01-02', level: 1 },
    ];
    expect(outcomeSeries(sameDay)[0]?.points.map((p) => p.value)).toEqual([-1, 0, 1]);
  });

  it('names each series and gives it the range of its measure', () => {
    const series = outcomeSeries(RATINGS);
    expect(series.map((s) => s.name)).toEqual([
      'Goal 2: scissors',
      'Goal 1: buttons',
      'Performance',
      'Satisfaction',
      'Impairment',
      'Activity',
      'Participation',
      'Wellbeing',
    ]);
    expect(series[0]?.range).toEqual({ min: -2, max: 2 });
    expect(series[2]?.range).toEqual({ min: 1, max: 10 });
    expect(series[4]?.range).toEqual({ min: 0, max: 5 });
    expect(MEASURE_RANGES).toEqual({ gas: { min: -2, max: 2 }, copm: { min: 1, max: 10 }, toms: { min: 0, max: 5 } });
  });

  it('adds the carer’s wellbeing only when it was rated, with only the dates it was rated', () => {
    expect(outcomeSeries([toms('2026-12-03', [1, 1, 1, 1])]).map((s) => s.id)).not.toContain('toms-carerWellbeing');
    const withCarer = outcomeSeries([toms('2026-12-03', [1, 1, 1, 1]), toms('2027-06-01', [2, 2, 2, 2], 3.5)]);
    expect(withCarer.find((s) => s.id === 'toms-carerWellbeing')).toEqual({
      id: 'toms-carerWellbeing',
      measure: 'toms',
      name: "Carer's wellbeing",
      range: { min: 0, max: 5 },
      points: [{ date: '2027-06-01', value: 3.5 }],
    });
  });

  it('leaves out values that are not finite numbers rather than drawing them', () => {
    const series = outcomeSeries([
      { measure: 'copm', date: '2026-12-03', scores: { performance: Number.NaN, satisfaction: 4 } },
    ]);
    expect(series.map((s) => s.id)).toEqual(['copm-satisfaction']);
  });

  it('has no series for no ratings', () => {
    expect(outcomeSeries([])).toEqual([]);
    expect(outcomeChartGroups([])).toEqual([]);
  });

  it('groups the series one chart per measure rated, each titled and with its range', () => {
    const groups = outcomeChartGroups(RATINGS);
    expect(groups.map((g) => [g.measure, g.title, g.range, g.series.length])).toEqual([
      ['gas', 'Goal Attainment Scaling', { min: -2, max: 2 }, 2],
      ['copm', 'Canadian Occupational Performance Measure', { min: 1, max: 10 }, 2],
      ['toms', 'Therapy Outcome Measures', { min: 0, max: 5 }, 4],
    ]);
    expect(outcomeChartGroups([RATINGS[2]!]).map((g) => g.measure)).toEqual(['copm']);
  });
});
