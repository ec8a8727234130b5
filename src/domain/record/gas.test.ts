import { describe, expect, it } from 'vitest';
import {
  formatGasLevel,
  formatTScore,
  GAS_LEVEL_LABELS,
  GAS_LEVELS,
  gasChange,
  gasLevelField,
  gasTScore,
  isUsualBaseline,
  parseGasLevel,
  parseGasScale,
  type GasLevel,
} from './gas.js';

const score = (levels: GasLevel[], weights?: number[]) => {
  const result = gasTScore(levels.map((level, i) => ({ level, weight: weights?.[i] })));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
};

describe('Goal Attainment Scaling levels and ratings', () => {
  it('has five levels from -2 to +2, 0 being the expected outcome', () => {
    expect(GAS_LEVELS).toEqual([-2, -1, 0, 1, 2]);
    expect(GAS_LEVEL_LABELS['0']).toBe('Expected outcome');
    expect(GAS_LEVEL_LABELS['-2']).toBe('Much less than expected');
    expect(GAS_LEVELS.map(gasLevelField)).toEqual(['level-2', 'level-1', 'level0', 'level1', 'level2']);
  });

  it('reads each level typed or given as a number, with or without a plus sign', () => {
    expect(['-2', '-1', '0', '1', '2'].map((s) => parseGasLevel(s))).toEqual(
      GAS_LEVELS.map((value) => ({ ok: true, value })),
    );
    expect(parseGasLevel('+2')).toEqual({ ok: true, value: 2 });
    expect(parseGasLevel(' -1 ')).toEqual({ ok: true, value: -1 });
    expect(parseGasLevel(-2)).toEqual({ ok: true, value: -2 });
    expect(parseGasLevel('-0')).toEqual({ ok: true, value: 0 });
    expect(Object.is((parseGasLevel('-0') as { value: number }).value, 0)).toBe(true);
  });

  it('refuses 2.5, -3, 3, "x", "1e0", a list and nothing, naming the field', () => {
    const refused = {
      ok: false,
      problems: [{ field: 'rating', message: 'Rating must be a whole number from -2 to +2' }],
    };
    for (const bad of ['2.5', 2.5, '-3', -3, '3', 'x', '1e0', '0x1', Number.NaN, Infinity, ['1'], true]) {
      expect(parseGasLevel(bad)).toEqual(refused);
    }
    expect(parseGasLevel('', 'review')).toEqual({
      ok: false,
      problems: [{ field: 'review', message: 'Select the level the child has reached' }],
    });
    expect(parseGasLevel(undefined).ok).toBe(false);
  });

  it('expects a baseline below the expected outcome', () => {
    expect(isUsualBaseline(-2)).toBe(true);
    expect(isUsualBaseline(-1)).toBe(true);
    expect(isUsualBaseline(0)).toBe(false);
    expect(isUsualBaseline(1)).toBe(false);
  });

  it('gives the change from baseline to review', () => {
    expect(gasChange(-2, 1)).toBe(3);
    expect(gasChange(-1, -1)).toBe(0);
    expect(gasChange(-1, -2)).toBe(-1);
  });

  it('writes levels with their sign and a true minus', () => {
    expect(GAS_LEVELS.map(formatGasLevel)).toEqual(['\u22122', '\u22121', '0', '+1', '+2']);
  });
});

describe("a goal's GAS scale", () => {
  it('needs the expected outcome; the other levels may be left empty', () => {
    expect(parseGasScale({ level0: '  Fastens 3 of 5 buttons ' })).toEqual({
      ok: true,
      value: { '-2': null, '-1': null, '0': 'Fastens 3 of 5 buttons', '1': null, '2': null },
    });
    expect(
      parseGasScale({ 'level-2': 'None', 'level-1': 'One', level0: 'Three', level1: 'Four', level2: 'All' }),
    ).toEqual({
      ok: true,
      value: { '-2': 'None', '-1': 'One', '0': 'Three', '1': 'Four', '2': 'All' },
    });
  });

  it('says when the expected outcome is missing, too long or sent twice', () => {
    expect(parseGasScale({ level0: '  ', level1: 'Four' })).toEqual({
      ok: false,
      problems: [{ field: 'level0', message: 'Describe the expected outcome (0)' }],
    });
    expect(parseGasScale({ level0: 'ok', level2: 'x'.repeat(501) })).toEqual({
      ok: false,
      problems: [{ field: 'level2', message: "'Much more than expected' must be 500 characters or fewer" }],
    });
    expect(parseGasScale({ level0: 'x'.repeat(500) }).ok).toBe(true);
    expect(parseGasScale({ level0: ['a', 'b'] })).toEqual({
      ok: false,
      problems: [{ field: 'level0', message: "Enter one description for 'Expected outcome'" }],
    });
    expect(parseGasScale(null).ok).toBe(false);
  });
});

describe('the GAS T-score (Kiresuk and Sherman, rho 0.3)', () => {
  it('is 50 when every goal is at its expected outcome, whatever the weights', () => {
    expect(score([0, 0, 0])).toBe(50);
    expect(score([0])).toBe(50);
    expect(score([0, 0], [1, 3])).toBe(50);
  });

  it('gives 63.69 for three goals at +1 with equal weights: 50 + 30/√(0.7·3 + 0.3·9)', () => {
    expect(score([1, 1, 1])).toBeCloseTo(50 + 30 / Math.sqrt(4.8), 10);
    expect(score([1, 1, 1])).toBeCloseTo(63.693, 3);
    expect(formatTScore(score([1, 1, 1]))).toBe('63.7');
  });

  it('gives 36.31 for three goals at -1 and the usual baselines of all -2 or all -1', () => {
    expect(score([-1, -1, -1])).toBeCloseTo(36.307, 3);
    expect(score([-2, -2, -2])).toBeCloseTo(50 - 60 / Math.sqrt(4.8), 10);
    expect(score([-2, -2, -2])).toBeCloseTo(22.614, 3);
  });

  it('gives one goal at +1 a T of 60 and at +2 a T of 70 (one goal: the denominator is the weight)', () => {
    expect(score([1])).toBeCloseTo(60, 10);
    expect(score([2])).toBeCloseTo(70, 10);
    expect(score([-2])).toBeCloseTo(30, 10);
  });

  it('gives the whole range for five goals: all +2 is 50 + 100/√(3.5 + 7.5)', () => {
    expect(score([2, 2, 2, 2, 2])).toBeCloseTo(50 + 100 / Math.sqrt(11), 10);
    expect(score([2, 2, 2, 2, 2])).toBeCloseTo(80.151, 3);
    expect(score([-2, -1, 0, 1, 2])).toBe(50);
  });

  it('weights goals: +1 with weight 2 and -1 with weight 1 is 50 + 10/√(0.7·5 + 0.3·9)', () => {
    expect(score([1, -1], [2, 1])).toBeCloseTo(50 + 10 / Math.sqrt(3.5 + 2.7), 10);
    expect(score([1, -1], [2, 1])).toBeCloseTo(54.016, 3);
    expect(score([1, 1, 1], [2, 2, 2])).toBeCloseTo(score([1, 1, 1]), 10);
  });

  it('takes another correlation: with rho 0 three goals at +1 give 50 + 30/√3', () => {
    const r = gasTScore([{ level: 1 }, { level: 1 }, { level: 1 }], 0);
    expect(r.ok && r.value).toBeCloseTo(50 + 30 / Math.sqrt(3), 10);
  });

  it('gives problems rather than a score for no goals, a bad rating, a bad weight or a bad rho', () => {
    expect(gasTScore([])).toEqual({ ok: false, problems: [{ field: 'goals', message: 'Rate at least one goal' }] });
    expect(gasTScore([{ level: 0 }, { level: 2.5 as GasLevel }])).toEqual({
      ok: false,
      problems: [{ field: 'goals[1]', message: 'Rating must be a whole number from -2 to +2' }],
    });
    expect(gasTScore([{ level: -3 as GasLevel }]).ok).toBe(false);
    for (const weight of [0, -1, Number.NaN, Infinity]) {
      expect(gasTScore([{ level: 1, weight }])).toEqual({
        ok: false,
        problems: [{ field: 'goals[0]', message: 'Weight must be a number greater than 0' }],
      });
    }
    for (const rho of [-0.1, 1, Number.NaN]) expect(gasTScore([{ level: 1 }], rho).ok).toBe(false);
  });

  it('reports a T-score to one decimal place', () => {
    expect(formatTScore(50)).toBe('50.0');
    expect(formatTScore(36.307)).toBe('36.3');
    expect(formatTScore(80.151)).toBe('80.2');
  });
});
