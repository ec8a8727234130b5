import { describe, expect, it } from 'vitest';
import {
  ALL_TOMS_DOMAINS,
  formatTomsScore,
  isTomsScore,
  parseTomsRating,
  parseTomsScore,
  TOMS_DOMAIN_LABELS,
  TOMS_DOMAINS,
  TOMS_STAGES,
  tomsChange,
  tomsScaleLabel,
  type TomsRating,
} from './toms.js';

const rated = (iso: string) => {
  const [year, month, day] = iso.split('-');
  return { 'ratedOn[day]': day, 'ratedOn[month]': month, 'ratedOn[year]': year };
};

const form = (overrides: Record<string, unknown> = {}) => ({
  stage: 'start',
  scale: 'core',
  ...rated('2026-12-03'),
  impairment: '2',
  activity: '1.5',
  participation: '2.5',
  wellbeing: '3',
  ...overrides,
});

const rating = (stage: TomsRating['stage'], date: string, scores: number[], carer: number | null = null) => ({
  stage,
  date,
  scale: 'core',
  scores: {
    impairment: scores[0] ?? 0,
    activity: scores[1] ?? 0,
    participation: scores[2] ?? 0,
    wellbeing: scores[3] ?? 0,
    carerWellbeing: carer,
  },
});

const problemsOf = (input: unknown) => {
  const parsed = parseTomsRating(input);
  return parsed.ok ? [] : parsed.problems;
};

describe('Therapy Outcome Measures ratings', () => {
  it('has four domains and the carer’s wellbeing, rated at the start, a review or the end', () => {
    expect(TOMS_DOMAINS).toEqual(['impairment', 'activity', 'participation', 'wellbeing']);
    expect(ALL_TOMS_DOMAINS.map((d) => TOMS_DOMAIN_LABELS[d])).toEqual([
      'Impairment',
      'Activity',
      'Participation',
      'Wellbeing',
      "Carer's wellbeing",
    ]);
    expect(TOMS_STAGES).toEqual(['start', 'review', 'end']);
  });

  it('allows every half point from 0 to 5 and nothing else', () => {
    const halves = Array.from({ length: 11 }, (_, i) => i / 2);
    expect(halves.every(isTomsScore)).toBe(true);
    for (const bad of [0.25, 5.5, -0.5, 4.75, 6, Number.NaN, '2']) expect(isTomsScore(bad)).toBe(false);
  });

  it('reads a domain typed as "2.5", "0", "5", "3.0" or given as a number', () => {
    expect(parseTomsScore('2.5', 'activity', 'Activity')).toBe(2.5);
    expect(parseTomsScore(' 0 ', 'activity', 'Activity')).toBe(0);
    expect(parseTomsScore('5', 'activity', 'Activity')).toBe(5);
    expect(parseTomsScore('3.0', 'activity', 'Activity')).toBe(3);
    expect(parseTomsScore(4.5, 'activity', 'Activity')).toBe(4.5);
  });

  it('refuses 0.25, 5.5, -0.5, 10, "x" and a list, and says what is allowed', () => {
    const refused = { field: 'activity', message: 'Activity must be from 0 to 5, in half points, like 2.5' };
    for (const bad of ['0.25', 0.25, '5.5', '-0.5', -0.5, '10', 'x', '2,5', ['2'], '.5']) {
      expect(parseTomsScore(bad, 'activity', 'Activity')).toEqual(refused);
    }
    expect(parseTomsScore('', 'wellbeing', 'Wellbeing')).toEqual({
      field: 'wellbeing',
      message: 'Enter the wellbeing rating',
    });
  });

  it('parses a whole rating on the core scale, without the carer’s wellbeing', () => {
    expect(parseTomsRating(form())).toEqual({
      ok: true,
      value: {
        stage: 'start',
        date: '2026-12-03',
        scale: 'core',
        scores: { impairment: 2, activity: 1.5, participation: 2.5, wellbeing: 3, carerWellbeing: null },
      },
    });
  });

  it('keeps the carer’s wellbeing when rated, and an adapted scale by its code', () => {
    const parsed = parseTomsRating(form({ carerWellbeing: '4.5', scale: ' DCD-Adapted ', stage: 'end' }));
    expect(parsed.ok && parsed.value.scores.carerWellbeing).toBe(4.5);
    expect(parsed.ok && parsed.value.scale).toBe('dcd-adapted');
    expect(parsed.ok && parsed.value.stage).toBe('end');
  });

  it('gives every problem on the form at once', () => {
    expect(problemsOf(form({ stage: 'middle', scale: '', activity: '5.5', carerWellbeing: '0.25' }))).toEqual([
      { field: 'stage', message: 'Select when in the episode the rating was made' },
      { field: 'scale', message: 'Select the scale used' },
      { field: 'activity', message: 'Activity must be from 0 to 5, in half points, like 2.5' },
      { field: 'carerWellbeing', message: "Carer's wellbeing must be from 0 to 5, in half points, like 2.5" },
    ]);
    expect(problemsOf(form({ scale: '<script>' }))).toEqual([
      { field: 'scale', message: 'Select the scale used from the list' },
    ]);
    expect(problemsOf(form(rated('2026-02-30')))).toEqual([
      { field: 'ratedOn', message: 'Date of the rating must be a real date', part: 'day' },
    ]);
    expect(problemsOf(null).map((p) => p.field)).toEqual([
      'stage',
      'scale',
      'ratedOn',
      'impairment',
      'activity',
      'participation',
      'wellbeing',
    ]);
  });
});

describe('TOMs change over an episode', () => {
  it('is the end rating less the start rating in each domain', () => {
    expect(
      tomsChange(rating('start', '2026-12-03', [2, 1.5, 2, 3]), rating('end', '2027-06-01', [2.5, 3.5, 4, 3])),
    ).toEqual({
      ok: true,
      value: { impairment: 0.5, activity: 2, participation: 2, wellbeing: 0, carerWellbeing: null },
    });
  });

  it('can fall, and gives the carer’s wellbeing only when rated both times', () => {
    const change = tomsChange(
      rating('start', '2026-12-03', [3, 3, 3, 3], 2),
      rating('end', '2027-06-01', [2.5, 3, 3, 1], 4.5),
    );
    expect(change).toEqual({
      ok: true,
      value: { impairment: -0.5, activity: 0, participation: 0, wellbeing: -2, carerWellbeing: 2.5 },
    });
    const once = tomsChange(rating('start', '2026-12-03', [3, 3, 3, 3], 2), rating('end', '2027-06-01', [3, 3, 3, 3]));
    expect(once.ok && once.value.carerWellbeing).toBeNull();
  });

  it('compares only a start with an end, in order, on the same scale', () => {
    const start = rating('start', '2026-12-03', [1, 1, 1, 1]);
    const end = rating('end', '2027-06-01', [2, 2, 2, 2]);
    expect(tomsChange(rating('review', '2026-12-03', [1, 1, 1, 1]), end)).toEqual({
      ok: false,
      problems: [{ field: 'start', message: 'Choose the rating from the start of the episode' }],
    });
    expect(tomsChange(start, rating('review', '2027-06-01', [2, 2, 2, 2])).ok).toBe(false);
    expect(tomsChange(start, { ...end, date: '2026-12-02' })).toEqual({
      ok: false,
      problems: [{ field: 'end', message: 'The end rating must not be before the start rating' }],
    });
    expect(tomsChange(start, { ...end, scale: 'dcd' })).toEqual({
      ok: false,
      problems: [{ field: 'end', message: 'The start and end ratings must be on the same scale to be compared' }],
    });
    expect(tomsChange(start, { ...end, date: '2026-12-03' }).ok).toBe(true);
  });

  it('writes ratings and scales for people', () => {
    expect([0, 0.5, 3, 4.5, 5].map(formatTomsScore)).toEqual(['0', '0.5', '3', '4.5', '5']);
    expect(tomsScaleLabel('core')).toBe('Core scale');
    expect(tomsScaleLabel('dcd')).toBe('Adapted scale dcd');
  });
});
