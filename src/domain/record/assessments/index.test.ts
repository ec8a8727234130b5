import { describe, expect, it } from 'vitest';
import { ASSESSMENT_KINDS, ASSESSMENT_LABELS, deriveAssessment, isAssessmentKind } from './index.js';

const CONTEXT = { dateOfBirth: '2017-09-01', on: '2026-12-03' };

describe('assessment kinds', () => {
  it('has a label for every kind', () => {
    expect(ASSESSMENT_KINDS.map((kind) => ASSESSMENT_LABELS[kind])).toEqual([
      'Movement ABC-2',
      'Beery VMI',
      'Sensory Profile 2',
      "DCDQ'07",
      'Functional assessment',
    ]);
  });

  it('knows its kinds and nothing else', () => {
    expect(ASSESSMENT_KINDS.every(isAssessmentKind)).toBe(true);
    expect(isAssessmentKind('mabc3')).toBe(false);
    expect(isAssessmentKind('toString')).toBe(false);
    expect(isAssessmentKind(undefined)).toBe(false);
  });
});

describe('deriveAssessment', () => {
  it('derives each kind from form strings with its one-line summary', () => {
    const summaries = [
      deriveAssessment('mabc2', { manualDexterity: '7', aimingAndCatching: '8', balance: '6', total: '6' }, CONTEXT),
      deriveAssessment('beery-vmi', { vmi: '115' }, CONTEXT),
      deriveAssessment('sensory-profile-2', { form: 'child', touchRaw: '30', touchClassification: 'more' }, CONTEXT),
      deriveAssessment('dcdq07', { total: '55' }, CONTEXT),
      deriveAssessment('functional', { productivity: 'Handwriting is slow.' }, CONTEXT),
    ].map((result) => (result.ok ? result.summary : result.problems));
    expect(summaries).toEqual([
      'MABC-2 total 6 (9th percentile, amber)',
      'Beery VMI 115 (84th percentile, above average)',
      'Sensory Profile 2 (child form): more than others in Touch',
      "DCDQ'07 total 55 at 9 years 3 months: Indication of DCD or suspect DCD",
      'Functional assessment: productivity',
    ]);
  });

  it('gives each kind its own typed scores', () => {
    const result = deriveAssessment('dcdq07', { total: '60' }, CONTEXT);
    expect(result.ok && result.scores.total).toBe(60);
    expect(result.ok && result.derived.result).toBe('probably-not');
  });

  it('passes the service’s Sensory Profile 2 maxima through', () => {
    const input = { form: 'child', seekingRaw: '96', seekingClassification: 'more' };
    expect(deriveAssessment('sensory-profile-2', input, CONTEXT).ok).toBe(true);
    const capped = deriveAssessment('sensory-profile-2', input, {
      ...CONTEXT,
      sensoryProfileMaxima: { child: { seeking: 95 } },
    });
    expect(!capped.ok && capped.problems).toEqual([
      { field: 'seekingRaw', message: 'Enter the Seeking/Seeker raw score as a whole number from 0 to 95' },
    ]);
  });

  it('answers problems, never a throw, for any input', () => {
    for (const kind of ASSESSMENT_KINDS) {
      for (const input of [undefined, null, 'text', 42, [], { total: {} }]) {
        const result = deriveAssessment(kind, input, CONTEXT);
        expect(result.ok).toBe(false);
      }
    }
  });
});
