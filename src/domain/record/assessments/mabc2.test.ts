import { describe, expect, it } from 'vitest';
import { deriveMabc2, mabc2Percentile, mabc2Zone, type Mabc2Zone } from './mabc2.js';

const ENTRY = { manualDexterity: '8', aimingAndCatching: '9', balance: '5', total: '6' };

/** Every standard score with the manual's percentile and the zone of a total with that score. */
const TABLE: readonly [number, number, Mabc2Zone][] = [
  [1, 0.1, 'red'],
  [2, 0.5, 'red'],
  [3, 1, 'red'],
  [4, 2, 'red'],
  [5, 5, 'red'],
  [6, 9, 'amber'],
  [7, 16, 'amber'],
  [8, 25, 'green'],
  [9, 37, 'green'],
  [10, 50, 'green'],
  [11, 63, 'green'],
  [12, 75, 'green'],
  [13, 84, 'green'],
  [14, 91, 'green'],
  [15, 95, 'green'],
  [16, 98, 'green'],
  [17, 99, 'green'],
  [18, 99.5, 'green'],
  [19, 99.9, 'green'],
];

describe('Movement ABC-2 percentiles and zones', () => {
  it.each(TABLE)('standard score %i is the %s percentile, %s as a total', (score, percentile, zone) => {
    expect(mabc2Percentile(score)).toBe(percentile);
    expect(mabc2Zone(score)).toBe(zone);
  });

  it('without the total test score, shows a standard score of 7 as amber: it covers total test scores either side of 67', () => {
    expect(mabc2Zone(5)).toBe('red');
    expect(mabc2Zone(6)).toBe('amber');
    expect(mabc2Zone(7)).toBe('amber');
    expect(mabc2Zone(8)).toBe('green');
  });

  it('draws the zone on the total test score when it is given: red to 56, amber 57 to 67, green from 68', () => {
    expect(mabc2Zone(5, 56)).toBe('red');
    expect(mabc2Zone(6, 57)).toBe('amber');
    expect(mabc2Zone(7, 67)).toBe('amber');
    expect(mabc2Zone(7, 68)).toBe('green');
    expect(mabc2Zone(10, 80)).toBe('green');
  });

  it('refuses a number that is not a standard score (a programming error, not user input)', () => {
    expect(() => mabc2Percentile(0)).toThrow(RangeError);
    expect(() => mabc2Percentile(20)).toThrow(RangeError);
    expect(() => mabc2Percentile(6.5)).toThrow(RangeError);
  });
});

describe('deriveMabc2', () => {
  it('stores the four standard scores and derives each percentile and the zone of the total', () => {
    const result = deriveMabc2({ ...ENTRY, ageBand: '7-10' });
    expect(result).toEqual({
      ok: true,
      scores: { manualDexterity: 8, aimingAndCatching: 9, balance: 5, total: 6, ageBand: '7-10' },
      derived: {
        percentiles: { manualDexterity: 25, aimingAndCatching: 37, balance: 5, total: 9 },
        zone: 'amber',
      },
      summary: 'MABC-2 total 6 (9th percentile, amber)',
    });
  });

  it('stores the total test score when given and draws the zone from it', () => {
    const green = deriveMabc2({ ...ENTRY, total: '7', totalTestScore: '68' });
    expect(green.ok && green.scores.totalTestScore).toBe(68);
    expect(green.ok && green.summary).toBe('MABC-2 total 7 (16th percentile, green)');
    const amber = deriveMabc2({ ...ENTRY, total: '7', totalTestScore: '67' });
    expect(amber.ok && amber.derived.zone).toBe('amber');
    for (const bad of ['7', '153', '60.5', 'sixty'])
      expect(deriveMabc2({ ...ENTRY, totalTestScore: bad })).toEqual({
        ok: false,
        problems: [{ field: 'totalTestScore', message: 'Enter the total test score as a whole number from 8 to 152' }],
      });
  });

  it('takes numbers as well as form strings, and the age band is optional', () => {
    const result = deriveMabc2({ manualDexterity: 1, aimingAndCatching: 19, balance: 10, total: 3 });
    expect(result.ok && result.scores).toEqual({ manualDexterity: 1, aimingAndCatching: 19, balance: 10, total: 3 });
    expect(result.ok && result.summary).toBe('MABC-2 total 3 (1st percentile, red)');
  });

  it('writes the ends of the scale as the manual does', () => {
    const bottom = deriveMabc2({ ...ENTRY, total: '1' });
    expect(bottom.ok && bottom.summary).toBe('MABC-2 total 1 (0.1st percentile, red)');
    const top = deriveMabc2({ ...ENTRY, total: ' 19 ' });
    expect(top.ok && top.summary).toBe('MABC-2 total 19 (99.9th percentile, green)');
  });

  it('asks for every missing score by name', () => {
    const result = deriveMabc2({});
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'manualDexterity', message: 'Enter the Manual Dexterity standard score' },
        { field: 'aimingAndCatching', message: 'Enter the Aiming and Catching standard score' },
        { field: 'balance', message: 'Enter the Balance standard score' },
        { field: 'total', message: 'Enter the total standard score' },
      ],
    });
  });

  it.each(['0', '20', '6.5', 'six', '1e1', '-3'])('refuses a total of %j with the range in the message', (total) => {
    expect(deriveMabc2({ ...ENTRY, total })).toEqual({
      ok: false,
      problems: [{ field: 'total', message: 'Enter the total standard score as a whole number from 1 to 19' }],
    });
  });

  it('refuses an age band that is not on the list', () => {
    expect(deriveMabc2({ ...ENTRY, ageBand: '17-25' })).toEqual({
      ok: false,
      problems: [{ field: 'ageBand', message: 'Select the age band from the list' }],
    });
  });

  it('reads anything that is not an object as an empty form, without throwing', () => {
    for (const input of [null, undefined, 'total=6', 6, ['6']]) {
      const result = deriveMabc2(input);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.problems).toHaveLength(4);
    }
  });
});
