import { describe, expect, it } from 'vitest';
import { inWords, midSentence, referrersWhoMayRefer } from './public.view-models.js';

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

describe('who may refer, in words', () => {
  it('gives each referrer its examples in words, without repeating the label or showing raw data', async () => {
    const { definitionFrom } = await import('../../../domain/eligibility/test-kit.js');
    const llrJson = await import('../../../../service-definitions/llr-childrens-ot.json', { with: { type: 'json' } });
    const rows = referrersWhoMayRefer(definitionFrom(llrJson.default));
    expect(rows.find((r) => r.label === 'A GP')).toEqual({ label: 'A GP', examples: null });
    expect(rows.find((r) => r.label === 'Education or teaching staff')?.examples).toBe('SENCO');
    expect(rows.find((r) => r.label === "A children's centre or early years setting")?.examples).toBeNull();
    expect(rows.find((r) => r.label === 'A health professional')?.examples).toMatch(/^LPT FYPC .* or health visitor$/u);
    expect(JSON.stringify(rows)).not.toMatch(/including|\//u);
  });
});
