import { describe, expect, it } from 'vitest';
import { ageInMonths, dcdqBand, deriveDcdq07, yearsAndMonths } from './dcdq07.js';

const DOB = '2018-06-15';
const at = (on: string) => ({ dateOfBirth: DOB, on });
const items = (ratings: number[]) => Object.fromEntries(ratings.map((r, i) => [`item${String(i + 1)}`, String(r)]));

describe('ageInMonths', () => {
  it('counts completed calendar months, the month completed on the day of the birth', () => {
    expect(ageInMonths('2018-06-15', '2018-06-15')).toBe(0);
    expect(ageInMonths('2018-06-15', '2018-07-14')).toBe(0);
    expect(ageInMonths('2018-06-15', '2018-07-15')).toBe(1);
    expect(ageInMonths('2018-06-15', '2026-06-14')).toBe(95);
    expect(ageInMonths('2018-06-15', '2026-06-15')).toBe(96);
  });

  it('completes a month on the 1st of the next month when the month has no such day', () => {
    expect(ageInMonths('2023-01-31', '2023-02-28')).toBe(0);
    expect(ageInMonths('2023-01-31', '2023-03-01')).toBe(1);
    expect(ageInMonths('2023-01-31', '2023-04-30')).toBe(2);
    expect(ageInMonths('2023-01-31', '2023-05-01')).toBe(3);
  });

  it('gives a 29 February birthday its year on 1 March in a common year, on the day in a leap year', () => {
    expect(ageInMonths('2016-02-29', '2021-02-28')).toBe(59);
    expect(ageInMonths('2016-02-29', '2021-03-01')).toBe(60);
    expect(ageInMonths('2016-02-29', '2024-02-28')).toBe(95);
    expect(ageInMonths('2016-02-29', '2024-02-29')).toBe(96);
  });

  it('refuses what is not a real date (a programming error, not user input)', () => {
    expect(() => ageInMonths('2018-02-30', '2026-01-01')).toThrow(RangeError);
  });
});

describe('the age bands', () => {
  it.each([
    [59, undefined],
    [60, 46],
    [95, 46],
    [96, 55],
    [119, 55],
    [120, 57],
    [191, 57],
    [192, undefined],
  ])('at %i months the indication cut-off is %s', (months, cutOff) => {
    expect(dcdqBand(months)?.indicationUpTo).toBe(cutOff);
  });

  it('writes ages in years and months', () => {
    expect(yearsAndMonths(95)).toBe('7 years 11 months');
    expect(yearsAndMonths(121)).toBe('10 years 1 month');
    expect(yearsAndMonths(13)).toBe('1 year 1 month');
  });
});

describe('deriveDcdq07 results at the band edges', () => {
  it.each([
    // Band 5y0m to 7y11m: 15 to 46 is an indication.
    ['2023-06-15', '46', 'indication', 60],
    ['2023-06-15', '47', 'probably-not', 60],
    ['2026-06-14', '46', 'indication', 95],
    ['2026-06-14', '47', 'probably-not', 95],
    // Band 8y0m to 9y11m: 15 to 55.
    ['2026-06-15', '47', 'indication', 96],
    ['2026-06-15', '55', 'indication', 96],
    ['2026-06-15', '56', 'probably-not', 96],
    ['2028-06-14', '56', 'probably-not', 119],
    // Band 10y0m to 15y11m: 15 to 57.
    ['2028-06-15', '56', 'indication', 120],
    ['2028-06-15', '57', 'indication', 120],
    ['2028-06-15', '58', 'probably-not', 120],
    ['2034-06-14', '57', 'indication', 191],
  ])('completed on %s, a total of %s is %s (age %i months)', (on, total, result, months) => {
    const derived = deriveDcdq07({ total }, at(on));
    expect(derived.ok && derived.derived.result).toBe(result);
    expect(derived.ok && derived.derived.ageMonths).toBe(months);
  });

  it('gives no result the day before the 5th birthday or on the 16th', () => {
    expect(deriveDcdq07({ total: '40' }, at('2023-06-14'))).toEqual({
      ok: false,
      problems: [
        {
          field: 'on',
          message:
            "The DCDQ'07 is for children aged 5 years 0 months to 15 years 11 months: the child was 4 years 11 months on 14 June 2023",
        },
      ],
    });
    const sixteen = deriveDcdq07({ total: '40' }, at('2034-06-15'));
    expect(!sixteen.ok && sixteen.problems[0]?.message).toContain('the child was 16 years 0 months on 15 June 2034');
  });

  it('moves a 29 February child into the next band on 1 March in a common year', () => {
    const before = deriveDcdq07({ total: '50' }, { dateOfBirth: '2016-02-29', on: '2026-02-28' });
    const after = deriveDcdq07({ total: '50' }, { dateOfBirth: '2016-02-29', on: '2026-03-01' });
    expect(before.ok && [before.derived.ageMonths, before.derived.result]).toEqual([119, 'indication']);
    expect(after.ok && [after.derived.ageMonths, after.derived.result]).toEqual([120, 'indication']);
    const edge = deriveDcdq07({ total: '56' }, { dateOfBirth: '2016-02-29', on: '2026-02-28' });
    expect(edge.ok && edge.derived.result).toBe('probably-not');
    const edgeAfter = deriveDcdq07({ total: '56' }, { dateOfBirth: '2016-02-29', on: '2026-03-01' });
    expect(edgeAfter.ok && edgeAfter.derived.result).toBe('indication');
  });
});

describe('deriveDcdq07 input', () => {
  it('works out the total and subscales from the 15 ratings', () => {
    const ratings = [3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 4, 4, 4, 4, 4];
    expect(deriveDcdq07(items(ratings), at('2025-01-10'))).toEqual({
      ok: true,
      scores: {
        items: ratings,
        total: 46,
        subscales: { controlDuringMovement: 18, fineMotorHandwriting: 8, generalCoordination: 20 },
      },
      derived: { ageMonths: 78, band: { fromMonths: 60, toMonths: 95, indicationUpTo: 46 }, result: 'indication' },
      summary: "DCDQ'07 total 46 at 6 years 6 months: Indication of DCD or suspect DCD",
    });
  });

  it('refuses a total typed beside the ratings that does not agree with them', () => {
    const ratings = [3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 4, 4, 4, 4, 4];
    const agreeing = deriveDcdq07({ ...items(ratings), total: '46' }, at('2025-01-10'));
    expect(agreeing.ok && agreeing.scores.total).toBe(46);
    const adrift = deriveDcdq07({ ...items(ratings), total: '47' }, at('2025-01-10'));
    expect(!adrift.ok && adrift.problems).toEqual([
      { field: 'total', message: 'The total score must be the sum of the 15 ratings (46)' },
    ]);
  });

  it('needs every rating once one is given, each from 1 to 5', () => {
    const given = { ...items([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]), item14: '6' };
    const result = deriveDcdq07(given, at('2025-01-10'));
    expect(!result.ok && result.problems).toEqual([
      { field: 'item14', message: 'Enter the rating for item 14 as a whole number from 1 to 5' },
      { field: 'item15', message: 'Enter the rating for item 15' },
    ]);
  });

  it('takes the total alone, or with subscales that must add up to it', () => {
    const alone = deriveDcdq07({ total: '60' }, at('2025-01-10'));
    expect(alone.ok && alone.scores).toEqual({ total: 60 });
    const parts = { controlDuringMovement: '25', fineMotorHandwriting: '15', generalCoordination: '20' };
    const matching = deriveDcdq07({ total: '60', ...parts }, at('2025-01-10'));
    expect(matching.ok && matching.scores.subscales).toEqual({
      controlDuringMovement: 25,
      fineMotorHandwriting: 15,
      generalCoordination: 20,
    });
    const adrift = deriveDcdq07({ total: '61', ...parts }, at('2025-01-10'));
    expect(!adrift.ok && adrift.problems).toEqual([
      { field: 'total', message: 'The total score must be the sum of the three subscale scores (60)' },
    ]);
  });

  it('checks the total and each subscale against its range', () => {
    const result = deriveDcdq07(
      { total: '14', controlDuringMovement: '31', fineMotorHandwriting: '3', generalCoordination: '25' },
      at('2025-01-10'),
    );
    expect(!result.ok && result.problems).toEqual([
      { field: 'total', message: 'Enter the total score as a whole number from 15 to 75' },
      {
        field: 'controlDuringMovement',
        message: 'Enter the control during movement score as a whole number from 6 to 30',
      },
      {
        field: 'fineMotorHandwriting',
        message: 'Enter the fine motor and handwriting score as a whole number from 4 to 20',
      },
    ]);
    const empty = deriveDcdq07({}, at('2025-01-10'));
    expect(!empty.ok && empty.problems).toEqual([{ field: 'total', message: 'Enter the total score' }]);
  });

  it('says so, rather than throwing, when the dates are wrong', () => {
    const notReal = deriveDcdq07({ total: '50' }, { dateOfBirth: '2018-02-30', on: '2025-01-10' });
    expect(!notReal.ok && notReal.problems[0]?.field).toBe('dateOfBirth');
    const beforeBirth = deriveDcdq07({ total: '50' }, { dateOfBirth: DOB, on: '2018-06-14' });
    expect(!beforeBirth.ok && beforeBirth.problems).toEqual([
      { field: 'on', message: "The date completed must be on or after the child's date of birth" },
    ]);
    const badOn = deriveDcdq07({ total: '50' }, { dateOfBirth: DOB, on: '10/01/2025' });
    expect(!badOn.ok && badOn.problems[0]?.field).toBe('on');
  });
});
