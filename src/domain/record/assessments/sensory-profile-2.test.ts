import { describe, expect, it } from 'vitest';
import {
  deriveSensoryProfile2,
  directionOf,
  SENSORY_CLASSIFICATION_LABELS,
  SENSORY_SCALES,
  sensoryMaximaProblems,
  type SensoryProfileMaxima,
} from './sensory-profile-2.js';

const MAXIMA: SensoryProfileMaxima = { toddler: { seeking: 50, avoiding: 40, touch: 30 } };

describe('Sensory Profile 2 classifications', () => {
  it('has the five-point scale in the publisher’s words', () => {
    expect(Object.values(SENSORY_CLASSIFICATION_LABELS)).toEqual([
      'Much less than others',
      'Less than others',
      'Just like the majority of others',
      'More than others',
      'Much more than others',
    ]);
  });

  it('gives the direction of each classification, none for the majority', () => {
    expect(directionOf('much-less')).toBe('less');
    expect(directionOf('less')).toBe('less');
    expect(directionOf('just-like')).toBeUndefined();
    expect(directionOf('more')).toBe('more');
    expect(directionOf('much-more')).toBe('more');
  });

  it('has four quadrants and nine sections', () => {
    expect(SENSORY_SCALES).toHaveLength(13);
  });
});

describe('deriveSensoryProfile2', () => {
  it('stores raw scores and classifications and lists those outside the majority, quadrants first', () => {
    const result = deriveSensoryProfile2({
      form: 'child',
      seekingRaw: '30',
      seekingClassification: 'just-like',
      avoidingRaw: '62',
      avoidingClassification: 'much-more',
      registrationRaw: '55',
      registrationClassification: 'more',
      visualRaw: '8',
      visualClassification: 'less',
      touchRaw: '40',
      touchClassification: 'much-more',
    });
    expect(result).toEqual({
      ok: true,
      scores: {
        form: 'child',
        scales: {
          seeking: { raw: 30, classification: 'just-like' },
          avoiding: { raw: 62, classification: 'much-more' },
          registration: { raw: 55, classification: 'more' },
          visual: { raw: 8, classification: 'less' },
          touch: { raw: 40, classification: 'much-more' },
        },
      },
      derived: {
        outside: [
          { scale: 'avoiding', kind: 'quadrant', classification: 'much-more', direction: 'more' },
          { scale: 'registration', kind: 'quadrant', classification: 'more', direction: 'more' },
          { scale: 'visual', kind: 'section', classification: 'less', direction: 'less' },
          { scale: 'touch', kind: 'section', classification: 'much-more', direction: 'more' },
        ],
      },
      summary:
        'Sensory Profile 2 (child form): much more than others in Avoiding/Avoider and Touch; ' +
        'more than others in Registration/Bystander; less than others in Visual',
    });
  });

  it('says so when every score recorded is just like the majority', () => {
    const result = deriveSensoryProfile2({ form: 'short', oralRaw: 0, oralClassification: 'just-like' });
    expect(result.ok && result.summary).toBe(
      'Sensory Profile 2 (short form): every score recorded is just like the majority of others',
    );
    expect(result.ok && result.derived.outside).toEqual([]);
  });

  it('needs the form and at least one scale', () => {
    expect(deriveSensoryProfile2({})).toEqual({
      ok: false,
      problems: [
        { field: 'form', message: 'Select which form was used' },
        { field: 'seekingRaw', message: 'Enter the raw score and classification of at least one quadrant or section' },
      ],
    });
  });

  it('needs both the raw score and the classification of a scale begun', () => {
    expect(deriveSensoryProfile2({ form: 'child', touchRaw: '12', socialEmotionalClassification: 'less' })).toEqual({
      ok: false,
      problems: [
        { field: 'touchClassification', message: 'Select the Touch classification' },
        { field: 'socialEmotionalRaw', message: 'Enter the Social-Emotional raw score' },
      ],
    });
  });

  it('refuses a classification that is not on the scale, and a form that is not one of the four', () => {
    const result = deriveSensoryProfile2({ form: 'adult', oralRaw: '3', oralClassification: 'typical' });
    expect(!result.ok && result.problems).toEqual([
      { field: 'form', message: 'Select which form was used' },
      { field: 'oralClassification', message: 'Select the Oral classification' },
    ]);
  });

  it('checks the raw score against the ceiling when no maximum is configured', () => {
    const ok = deriveSensoryProfile2({ form: 'child', auditoryRaw: '150', auditoryClassification: 'more' });
    expect(ok.ok).toBe(true);
    for (const raw of ['151', '-1', '12.5', 'lots']) {
      expect(deriveSensoryProfile2({ form: 'child', auditoryRaw: raw, auditoryClassification: 'more' })).toEqual({
        ok: false,
        problems: [{ field: 'auditoryRaw', message: 'Enter the Auditory raw score as a whole number from 0 to 150' }],
      });
    }
  });

  it('checks the raw score against the configured maximum for that scale on that form', () => {
    const at = deriveSensoryProfile2({ form: 'toddler', seekingRaw: '50', seekingClassification: 'more' }, MAXIMA);
    expect(at.ok).toBe(true);
    const over = deriveSensoryProfile2({ form: 'toddler', seekingRaw: '51', seekingClassification: 'more' }, MAXIMA);
    expect(!over.ok && over.problems).toEqual([
      { field: 'seekingRaw', message: 'Enter the Seeking/Seeker raw score as a whole number from 0 to 50' },
    ]);
  });

  it('refuses a scale that a configured form does not report', () => {
    const result = deriveSensoryProfile2({ form: 'toddler', conductRaw: '10', conductClassification: 'less' }, MAXIMA);
    expect(!result.ok && result.problems).toEqual([
      { field: 'conductRaw', message: 'The toddler form has no Conduct score: leave it empty' },
    ]);
  });
});

describe('sensoryMaximaProblems', () => {
  it('accepts whole multiples of 5 from 5 to 150', () => {
    expect(sensoryMaximaProblems({ child: { seeking: 95, registration: 110, visual: 5, touch: 150 } })).toEqual([]);
  });

  it('refuses anything else, one message each', () => {
    expect(sensoryMaximaProblems({ child: { seeking: 96 }, infant: { oral: 0, auditory: 155, visual: 7.5 } })).toEqual([
      "The child form's maximum for seeking must be a multiple of 5 from 5 to 150",
      "The infant form's maximum for oral must be a multiple of 5 from 5 to 150",
      "The infant form's maximum for auditory must be a multiple of 5 from 5 to 150",
      "The infant form's maximum for visual must be a multiple of 5 from 5 to 150",
    ]);
  });
});
