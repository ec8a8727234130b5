import { describe, expect, it } from 'vitest';
import { freshness, STALE_AFTER_DAYS } from './freshness.js';

const base = { fileName: 'f.csv', source: 'snapshot' as const, finishedAt: '2026-12-01T10:00:00.000Z' };

describe('reference data freshness', () => {
  it('counts from the publisher’s date and warns once it is older than the cycle', () => {
    const practices = { ...base, kind: 'practices' as const, dataDate: '2026-09-01' };
    expect(freshness(practices, '2026-12-05')).toMatchObject({ asOf: '2026-09-01', ageDays: 95, stale: false });
    expect(freshness(practices, '2026-12-06')).toMatchObject({ ageDays: 96, stale: true });
    const schools = { ...base, kind: 'schools' as const, dataDate: '2026-11-01' };
    expect(freshness(schools, '2026-12-06')).toMatchObject({ ageDays: 35, stale: false });
    expect(freshness(schools, '2026-12-07').stale).toBe(true);
    expect(STALE_AFTER_DAYS.schools).toBeLessThan(STALE_AFTER_DAYS.practices);
  });

  it('counts from the day of the import when the publisher’s date is not known', () => {
    const f = freshness({ ...base, kind: 'schools', source: 'file', dataDate: null }, '2026-12-02');
    expect(f).toMatchObject({ asOf: '2026-12-01', ageDays: 1, stale: false });
  });
});
