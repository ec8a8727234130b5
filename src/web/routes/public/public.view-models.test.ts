import { describe, expect, it } from 'vitest';
import { inWords, midSentence } from './public.view-models.js';

describe('labels inside a sentence', () => {
  it('lowers a capital that only starts the label, and keeps acronyms', () => {
    expect(midSentence('A rheumatology condition')).toBe('a rheumatology condition');
    expect(midSentence('Chronic fatigue syndrome or ME')).toBe('chronic fatigue syndrome or ME');
    expect(midSentence('ADHD')).toBe('ADHD');
    expect(midSentence('')).toBe('');
  });

  it('joins a list in words', () => {
    expect(inWords(['a', 'b', 'c'], 'or')).toBe('a, b or c');
  });
});
