import { describe, expect, it } from 'vitest';
import {
  MEASURE_LOCKED,
  measureChangeProblem,
  parseCopmScore,
  parseGoalRating,
  parseGoalStatus,
  ratingKind,
} from './goal-rating.js';

const on = (iso: string) => {
  const [year, month, day] = iso.split('-');
  return { 'ratedOn[day]': day, 'ratedOn[month]': month, 'ratedOn[year]': year };
};
const GAS = { measure: 'gas', setOn: '2026-11-01' } as const;
const COPM = { measure: 'copm', setOn: '2026-11-01' } as const;
const TODAY = '2026-12-03';

describe('a goal rating', () => {
  it('takes a GAS level from -2 to +2', () => {
    for (const level of ['-2', '-1', '0', '+1', '2']) {
      const parsed = parseGoalRating({ ...on('2026-12-01'), level }, GAS, TODAY);
      expect(parsed).toEqual({ ok: true, value: { measure: 'gas', ratedOn: '2026-12-01', level: Number(level) } });
    }
  });

  it('refuses a GAS level outside -2 to +2, or not whole', () => {
    for (const level of ['3', '-3', '1.5', 'x']) {
      const parsed = parseGoalRating({ ...on('2026-12-01'), level }, GAS, TODAY);
      expect(parsed).toEqual({
        ok: false,
        problems: [{ field: 'level', message: 'Rating must be a whole number from -2 to +2' }],
      });
    }
  });

  it('takes COPM performance and satisfaction from 1 to 10 and refuses others', () => {
    expect(parseGoalRating({ ...on('2026-12-01'), performance: '3', satisfaction: '10' }, COPM, TODAY)).toEqual({
      ok: true,
      value: { measure: 'copm', ratedOn: '2026-12-01', performance: 3, satisfaction: 10 },
    });
    const bad = parseGoalRating({ ...on('2026-12-01'), performance: '0', satisfaction: '11' }, COPM, TODAY);
    expect(bad.ok ? [] : bad.problems.map((p) => p.message)).toEqual([
      'Performance must be a whole number from 1 to 10',
      'Satisfaction must be a whole number from 1 to 10',
    ]);
    expect(parseCopmScore('', 'performance')).toEqual({
      field: 'performance',
      message: 'Enter the performance rating',
    });
  });

  it('is dated between the goal being set and today', () => {
    const early = parseGoalRating({ ...on('2026-10-31'), level: '0' }, GAS, TODAY);
    expect(early.ok ? [] : early.problems).toEqual([
      { field: 'ratedOn', message: 'Date of the rating must be on or after the date the goal was set', part: 'day' },
    ]);
    const late = parseGoalRating({ ...on('2026-12-04'), level: '0' }, GAS, TODAY);
    expect(late.ok ? [] : late.problems.map((p) => p.message)).toEqual([
      'Date of the rating must be today or in the past',
    ]);
    const none = parseGoalRating({}, GAS, TODAY);
    expect(none.ok ? [] : none.problems.map((p) => p.field)).toEqual(['ratedOn', 'level']);
  });

  it('is the baseline first, a review after', () => {
    expect(ratingKind(0)).toBe('set');
    expect(ratingKind(2)).toBe('review');
  });
});

describe('a goal edit', () => {
  it('keeps the measure once the goal is rated', () => {
    expect(measureChangeProblem('gas', 'copm', 1)).toEqual({ field: 'measure', message: MEASURE_LOCKED });
    expect(measureChangeProblem('gas', 'copm', 0)).toBeNull();
    expect(measureChangeProblem('gas', 'gas', 3)).toBeNull();
  });

  it('takes a status from the list only', () => {
    expect(parseGoalStatus('achieved')).toBe('achieved');
    expect(parseGoalStatus('done')).toEqual({ field: 'status', message: 'Select where the goal stands' });
  });
});
