import { describe, expect, it } from 'vitest';
import { deriveFunctional, FUNCTIONAL_TEXT_MAX } from './functional.js';

describe('deriveFunctional', () => {
  it('keeps the areas written, trimmed, and names them in the summary', () => {
    expect(
      deriveFunctional({ selfCare: '  Dresses with help for fastenings.  ', leisure: 'Enjoys swimming.' }),
    ).toEqual({
      ok: true,
      scores: { selfCare: 'Dresses with help for fastenings.', leisure: 'Enjoys swimming.' },
      derived: { areas: ['selfCare', 'leisure'] },
      summary: 'Functional assessment: self-care and leisure',
    });
  });

  it('takes all three areas', () => {
    const result = deriveFunctional({ selfCare: 'a', productivity: 'b', leisure: 'c' });
    expect(result.ok && result.summary).toBe('Functional assessment: self-care, productivity and leisure');
  });

  it('needs at least one area, and spaces alone are nothing', () => {
    expect(deriveFunctional({ selfCare: '   ', productivity: '' })).toEqual({
      ok: false,
      problems: [
        {
          field: 'selfCare',
          message: "Describe the child's function in at least one area: self-care, productivity or leisure",
        },
      ],
    });
  });

  it('allows 5,000 characters, counted as people see them, and no more', () => {
    const full = 'é'.normalize('NFD').repeat(FUNCTIONAL_TEXT_MAX);
    const result = deriveFunctional({ productivity: full });
    expect(result.ok && result.scores.productivity).toHaveLength(FUNCTIONAL_TEXT_MAX);
    expect(deriveFunctional({ productivity: '😀'.repeat(FUNCTIONAL_TEXT_MAX) }).ok).toBe(true);
    expect(deriveFunctional({ productivity: 'a'.repeat(FUNCTIONAL_TEXT_MAX + 1) })).toEqual({
      ok: false,
      problems: [
        { field: 'productivity', message: 'Productivity (school and play) must be 5,000 characters or fewer' },
      ],
    });
  });

  it('refuses characters that cannot be stored and values that are not text', () => {
    expect(deriveFunctional({ leisure: 'plays\u0000chess', selfCare: ['two', 'values'] })).toEqual({
      ok: false,
      problems: [
        { field: 'selfCare', message: 'Self-care contains characters that are not allowed' },
        { field: 'leisure', message: 'Leisure contains characters that are not allowed' },
      ],
    });
  });

  it('removes bidirectional controls before storing', () => {
    const result = deriveFunctional({ leisure: 'Football\u202E at weekends' });
    expect(result.ok && result.scores.leisure).toBe('Football at weekends');
  });
});
