import { describe, expect, it } from 'vitest';
import { reReferralWindow } from '../eligibility/criteria/referrer.js';
import { nextIsoDate } from '../shared/dates.js';
import { reReferralUntil, withinReReferralWindow } from './re-referral-window.js';

const standing = (discharges: string[], today: string, months = 6) => {
  const result = withinReReferralWindow(
    discharges.map((dischargedOn) => ({ dischargedOn })),
    today,
    months,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
};

describe('the last day a parent may re-refer', () => {
  it.each([
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-03-31', 6, '2026-09-30'],
    ['2026-01-15', 6, '2026-07-15'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-31', 1, '2027-01-31'],
    ['2026-05-10', 60, '2031-05-10'],
  ])('after a discharge on %s with a %i-month window is %s', (dischargedOn, months, until) => {
    expect(reReferralUntil(dischargedOn, months)).toBe(until);
  });

  it('agrees with the eligibility engine on every day of a leap year', () => {
    let day = '2027-06-01';
    for (let i = 0; i < 366; i++) {
      const engine = reReferralWindow('2027-08-31', 6, day);
      const record = standing(['2027-08-31'], day);
      if (engine.state !== 'future') expect(record).toMatchObject({ state: engine.state, until: engine.lastDay });
      else expect(record).toEqual({ state: 'none' });
      day = nextIsoDate(day);
    }
  });
});

describe('whether a parent is inside the re-referral window', () => {
  it('is within on the day of discharge and on the last day, and ended the day after', () => {
    expect(standing(['2026-08-31'], '2026-08-31')).toEqual({
      state: 'within',
      dischargedOn: '2026-08-31',
      until: '2027-02-28',
    });
    expect(standing(['2026-08-31'], '2027-02-28').state).toBe('within');
    expect(standing(['2026-08-31'], '2027-03-01')).toEqual({
      state: 'ended',
      dischargedOn: '2026-08-31',
      until: '2027-02-28',
    });
  });

  it('chooses the latest discharge, in whatever order they come', () => {
    expect(standing(['2026-09-01', '2024-01-10', '2025-05-05'], '2027-01-01')).toMatchObject({
      dischargedOn: '2026-09-01',
      state: 'within',
    });
  });

  it('is ended when the latest discharge window has passed, even if an earlier one was longer ago', () => {
    expect(standing(['2024-01-10', '2025-05-05'], '2026-01-01')).toMatchObject({
      dischargedOn: '2025-05-05',
      state: 'ended',
      until: '2025-11-05',
    });
  });

  it('ignores a discharge dated after today', () => {
    expect(standing(['2026-01-10', '2027-03-01'], '2026-05-01')).toMatchObject({ dischargedOn: '2026-01-10' });
    expect(standing(['2027-03-01'], '2026-05-01')).toEqual({ state: 'none' });
  });

  it('is none for a child never discharged', () => {
    expect(standing([], '2026-05-01')).toEqual({ state: 'none' });
  });

  it('uses the window given: 3 months ends sooner than 6', () => {
    expect(standing(['2026-01-10'], '2026-05-01', 3).state).toBe('ended');
    expect(standing(['2026-01-10'], '2026-05-01', 6).state).toBe('within');
  });

  it('refuses bad dates and a bad window, naming each', () => {
    expect(withinReReferralWindow([{ dischargedOn: '2026-02-30' }], '1 May', 0)).toEqual({
      ok: false,
      problems: [
        { field: 'today', message: 'Today must be a real date' },
        { field: 'windowMonths', message: 'The re-referral window must be a whole number of months, 1 or more' },
        { field: 'discharges[0].dischargedOn', message: 'Date of discharge must be a real date' },
      ],
    });
    expect(withinReReferralWindow([], '2026-05-01', 2.5).ok).toBe(false);
  });
});
