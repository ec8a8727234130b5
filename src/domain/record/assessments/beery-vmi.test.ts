import { describe, expect, it } from 'vitest';
import { beeryCategory, beeryPercentile, deriveBeeryVmi, normalCdf } from './beery-vmi.js';

describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1, 0.841344746068543],
    [-1, 0.158655253931457],
    [-2, 0.0227501319481792],
    [-3, 0.00134989803163009],
    [3.5, 0.999767370920964],
  ])('Φ(%d) is %d to twelve places', (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 12);
  });

  it('is symmetric and reaches 0 and 1 far out', () => {
    for (const x of [0.1, 0.7, 1.3, 2.9, 6, 8]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });
});

describe('beeryPercentile', () => {
  it.each([
    [100, 50],
    [85, 16],
    [70, 2],
    [115, 84],
    [130, 98],
    [90, 25],
    [110, 75],
  ])('standard score %i is the %s percentile', (score, percentile) => {
    expect(beeryPercentile(score)).toBe(percentile);
  });

  it('gives one decimal below the 1st and above the 99th percentile', () => {
    expect(beeryPercentile(65)).toBe(1);
    expect(beeryPercentile(60)).toBe(0.4);
    expect(beeryPercentile(55)).toBe(0.1);
    expect(beeryPercentile(135)).toBe(99);
    expect(beeryPercentile(136)).toBe(99.2);
    expect(beeryPercentile(145)).toBe(99.9);
  });

  it('writes "<0.1" and ">99.9" at the ends', () => {
    expect(beeryPercentile(54)).toBe(0.1);
    expect(beeryPercentile(53)).toBe('<0.1');
    expect(beeryPercentile(45)).toBe('<0.1');
    expect(beeryPercentile(146)).toBe(99.9);
    expect(beeryPercentile(147)).toBe('>99.9');
    expect(beeryPercentile(155)).toBe('>99.9');
  });
});

describe('beeryCategory', () => {
  it.each([
    [155, 'Very high'],
    [130, 'Very high'],
    [129, 'High'],
    [120, 'High'],
    [119, 'Above average'],
    [110, 'Above average'],
    [109, 'Average'],
    [90, 'Average'],
    [89, 'Below average'],
    [80, 'Below average'],
    [79, 'Low'],
    [70, 'Low'],
    [69, 'Very low'],
    [45, 'Very low'],
  ])('%i is %s', (score, category) => {
    expect(beeryCategory(score)).toBe(category);
  });
});

describe('deriveBeeryVmi', () => {
  it('derives the VMI alone', () => {
    expect(deriveBeeryVmi({ vmi: '85' })).toEqual({
      ok: true,
      scores: { vmi: 85 },
      derived: { vmi: { percentile: 16, category: 'Below average' } },
      summary: 'Beery VMI 85 (16th percentile, below average)',
    });
  });

  it('derives the supplemental tests when they are given', () => {
    const result = deriveBeeryVmi({ vmi: '70', visualPerception: '100', motorCoordination: '147' });
    expect(result).toEqual({
      ok: true,
      scores: { vmi: 70, visualPerception: 100, motorCoordination: 147 },
      derived: {
        vmi: { percentile: 2, category: 'Low' },
        visualPerception: { percentile: 50, category: 'Average' },
        motorCoordination: { percentile: '>99.9', category: 'Very high' },
      },
      summary:
        'Beery VMI 70 (2nd percentile, low); visual perception 100 (50th percentile, average); ' +
        'motor coordination 147 (above the 99.9th percentile, very high)',
    });
  });

  it('needs the VMI standard score', () => {
    expect(deriveBeeryVmi({ visualPerception: '100' })).toEqual({
      ok: false,
      problems: [{ field: 'vmi', message: 'Enter the VMI standard score' }],
    });
  });

  it('refuses scores outside 45 to 155 or not whole, naming each field', () => {
    expect(deriveBeeryVmi({ vmi: '44', visualPerception: '156', motorCoordination: '99.5' })).toEqual({
      ok: false,
      problems: [
        { field: 'vmi', message: 'Enter the VMI standard score as a whole number from 45 to 155' },
        {
          field: 'visualPerception',
          message: 'Enter the Visual Perception standard score as a whole number from 45 to 155',
        },
        {
          field: 'motorCoordination',
          message: 'Enter the Motor Coordination standard score as a whole number from 45 to 155',
        },
      ],
    });
  });

  it('accepts the ends of the range', () => {
    expect(deriveBeeryVmi({ vmi: 45 }).ok).toBe(true);
    expect(deriveBeeryVmi({ vmi: 155 }).ok).toBe(true);
    const low = deriveBeeryVmi({ vmi: 45 });
    expect(low.ok && low.summary).toBe('Beery VMI 45 (below the 0.1st percentile, very low)');
  });
});
