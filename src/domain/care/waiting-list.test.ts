import { describe, expect, it } from 'vitest';
import { addDays } from './london-time.js';
import {
  bandDateRange,
  bandDateRanges,
  bandOf,
  compareNext,
  isOverTarget,
  overTargetBefore,
  WAIT_BANDS,
  waitOf,
  type WaitFromRange,
} from './waiting-list.js';

const TODAY = '2026-12-07';

const inRange = (waitFrom: string, r: WaitFromRange) =>
  (r.onOrBefore === undefined || waitFrom <= r.onOrBefore) && (r.after === undefined || waitFrom > r.after);

describe('waitOf', () => {
  it('counts calendar days and completed weeks to today', () => {
    expect(waitOf(TODAY, TODAY)).toEqual({ days: 0, weeks: 0, extraDays: 0 });
    expect(waitOf('2026-11-30', TODAY)).toEqual({ days: 7, weeks: 1, extraDays: 0 });
    expect(waitOf('2026-11-24', TODAY)).toEqual({ days: 13, weeks: 1, extraDays: 6 });
    // Across the clock change of 25 October: calendar days, not 24-hour periods.
    expect(waitOf('2026-10-20', '2026-10-27')).toEqual({ days: 7, weeks: 1, extraDays: 0 });
  });

  it('never goes below nothing for a wait that starts later than today', () => {
    expect(waitOf('2026-12-09', TODAY).days).toBe(0);
  });
});

describe('the bands at their boundaries (completed weeks; a band holds its lower bound)', () => {
  const cases: [number, string][] = [
    [0, '0-1'],
    [6, '0-1'],
    [7, '1-2'],
    [13, '1-2'],
    [14, '2-4'],
    [27, '2-4'],
    [28, '4-12'],
    [83, '4-12'],
    [84, '12-18'],
    [125, '12-18'],
    [126, '18-52'],
    [363, '18-52'],
    [364, 'over-52'],
    [2000, 'over-52'],
  ];
  it.each(cases)('%i days waited is in %s', (days, band) => {
    const waitFrom = addDays(TODAY, -days);
    const wait = waitOf(waitFrom, TODAY);
    expect(bandOf(wait.weeks)).toBe(band);
    // The band as a range of dates holds exactly the same children.
    for (const b of WAIT_BANDS) expect(inRange(waitFrom, bandDateRange(b.id, TODAY))).toBe(b.id === band);
  });

  it('has ranges that cover every date once, whatever today is', () => {
    for (const today of ['2026-03-29', '2026-10-25', '2028-02-29']) {
      for (let days = -3; days < 800; days += 1) {
        const waitFrom = addDays(today, -days);
        const holding = bandDateRanges(today).filter((b) => inRange(waitFrom, b.range));
        expect(holding).toHaveLength(1);
      }
    }
  });
});

describe('over the target', () => {
  it('is more than the target weeks of days, not at them', () => {
    const at = waitOf(addDays(TODAY, -18 * 7), TODAY);
    const past = waitOf(addDays(TODAY, -18 * 7 - 1), TODAY);
    expect(isOverTarget(at, 18)).toBe(false);
    expect(isOverTarget(past, 18)).toBe(true);
    expect(addDays(TODAY, -18 * 7 - 1) < overTargetBefore(18, TODAY)).toBe(true);
    expect(addDays(TODAY, -18 * 7) < overTargetBefore(18, TODAY)).toBe(false);
  });
});

describe('the next order', () => {
  it('is priority, then the longest wait, then the reference', () => {
    const list = [
      { reference: 'OT-4', priority: 'routine', waitFrom: '2025-01-01' },
      { reference: 'OT-3', priority: 'soon', waitFrom: '2026-11-01' },
      { reference: 'OT-2', priority: 'urgent', waitFrom: '2026-12-01' },
      { reference: 'OT-6', priority: 'soon', waitFrom: '2026-10-01' },
      { reference: 'OT-5', priority: 'soon', waitFrom: '2026-10-01' },
    ];
    expect([...list].sort(compareNext).map((e) => e.reference)).toEqual(['OT-2', 'OT-5', 'OT-6', 'OT-3', 'OT-4']);
  });
});
