/**
 * The worklist's age groups become ranges of dates of birth for the database: for every date of birth and every day,
 * a child falls in the range of exactly the group their age in completed years (the domain's ageInYears, with its
 * rule for 29 February birthdays) puts them in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageInYears } from '../../src/domain/shared/dates.js';
import { AGE_BANDS, birthRange } from '../../src/services/referrals/worklist.service.js';

const DAY_MS = 86_400_000;
const day = (from: number, to: number) =>
  fc.integer({ min: from / DAY_MS, max: to / DAY_MS }).map((d) => new Date(d * DAY_MS).toISOString().slice(0, 10));
const today = day(Date.UTC(2020, 0, 1), Date.UTC(2035, 11, 31));

function inRange(dob: string, range: ReturnType<typeof birthRange>): boolean {
  return (
    (range.bornAfter === undefined || dob > range.bornAfter) &&
    (range.bornOnOrBefore === undefined || dob <= range.bornOnOrBefore)
  );
}

describe('the age groups as dates of birth', () => {
  it('put each child in exactly the group of their age in completed years', () => {
    fc.assert(
      fc.property(today, fc.integer({ min: 0, max: 25 * 366 }), (on, daysOld) => {
        const dob = new Date(Date.parse(`${on}T00:00:00Z`) - daysOld * DAY_MS).toISOString().slice(0, 10);
        const age = ageInYears(dob, on);
        const expected = AGE_BANDS.filter((b) => age >= b.from && (b.to === null || age <= b.to)).map((b) => b.id);
        const found = AGE_BANDS.filter((b) => inRange(dob, birthRange(b.id, on))).map((b) => b.id);
        expect(found).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('hold on the birthdays that matter, 29 February included', () => {
    const cases: [dob: string, on: string, band: string][] = [
      ['2021-12-07', '2026-12-07', '5-to-10'],
      ['2021-12-08', '2026-12-07', 'under-5'],
      ['2020-02-29', '2025-02-28', 'under-5'],
      ['2020-02-29', '2025-03-01', '5-to-10'],
      ['2008-02-29', '2024-02-28', '11-to-15'],
      ['2008-02-29', '2024-02-29', '16-and-over'],
    ];
    for (const [dob, on, band] of cases) {
      const found = AGE_BANDS.filter((b) => inRange(dob, birthRange(b.id, on))).map((b) => b.id);
      expect({ dob, on, found }).toEqual({ dob, on, found: [band] });
    }
  });
});
