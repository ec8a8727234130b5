import { describe, expect, it } from 'vitest';
import { deriveAssessment, type AssessmentKind } from '../../../domain/record/assessments/index.js';
import type { StoredValues } from '../../../services/record/assessments.service.js';
import { formOfScores, readAssessmentForm, SCORE_FIELDS } from './assessments.forms.js';

const DOB = '2016-05-02';
const TODAY = '2026-12-03';

const date = (iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { 'assessedOn[day]': day, 'assessedOn[month]': month, 'assessedOn[year]': year };
};

const read = (instrument: AssessmentKind, body: Record<string, unknown>, withVersion = false) =>
  readAssessmentForm(instrument, body, { dateOfBirth: DOB, today: TODAY, withVersion });

/** Derives an entry and gives it back as stored, for the round trip. */
function stored(instrument: AssessmentKind, input: Record<string, string>): StoredValues {
  const derived = deriveAssessment(instrument, input, { dateOfBirth: DOB, on: '2026-12-01' });
  if (!derived.ok) throw new Error(JSON.stringify(derived.problems));
  return { instrument, scores: derived.scores, derived: derived.derived } as StoredValues;
}

describe('the assessment forms', () => {
  it('reads the date and keeps the scores as sent for the domain', () => {
    expect(read('beery-vmi', { ...date('2026-12-01'), vmi: ' 115 ' })).toEqual({
      ok: true,
      assessedOn: '2026-12-01',
      version: undefined,
      fields: { vmi: ' 115 ', visualPerception: undefined, motorCoordination: undefined },
    });
    const corrected = read('functional', { ...date('2026-12-01'), version: '3', leisure: 'Swims' }, true);
    expect(corrected.ok && corrected.version).toBe(3);
  });

  it('shows the date’s problems and the scores’ together, the date first', () => {
    const form = read('mabc2', { ...date('2026-12-04'), manualDexterity: '0', aimingAndCatching: '5', balance: '5' });
    expect(form.ok ? [] : form.problems.map((p) => [p.field, p.message])).toEqual([
      ['assessedOn', 'Date of the assessment must be today or in the past'],
      ['manualDexterity', 'Enter the Manual Dexterity standard score as a whole number from 1 to 19'],
      ['total', 'Enter the total standard score'],
    ]);
    const born = read('functional', { ...date('2016-05-01'), leisure: 'Swims' });
    expect(born.ok ? [] : born.problems.map((p) => p.message)).toEqual([
      "Date of the assessment must be on or after the child's date of birth",
    ]);
  });

  it('says when a correction came without the version it was drawn at', () => {
    const form = read('beery-vmi', { ...date('2026-12-01'), vmi: '100' }, true);
    expect(!form.ok && form.versionMissing).toBe(true);
  });

  it('refuses a field the instrument’s form does not have, and a version on a new assessment', () => {
    expect(() => read('beery-vmi', { ...date('2026-12-01'), vmi: '100', zone: 'green' })).toThrow(/zone/u);
    expect(() => read('beery-vmi', { ...date('2026-12-01'), vmi: '100', version: '1' })).toThrow(/version/u);
    expect(() => read('functional', { ...date('2026-12-01'), total: '40' })).toThrow(/total/u);
  });

  it('gives every instrument’s stored scores back as its form, deriving the same again', () => {
    const entries: [AssessmentKind, Record<string, string>][] = [
      [
        'mabc2',
        {
          manualDexterity: '7',
          aimingAndCatching: '8',
          balance: '6',
          total: '7',
          totalTestScore: '68',
          ageBand: '7-10',
        },
      ],
      ['beery-vmi', { vmi: '115', motorCoordination: '70' }],
      [
        'sensory-profile-2',
        {
          form: 'short',
          touchRaw: '30',
          touchClassification: 'more',
          seekingRaw: '0',
          seekingClassification: 'just-like',
        },
      ],
      ['dcdq07', { total: '50', controlDuringMovement: '20' }],
      [
        'dcdq07',
        Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`item${String(i + 1)}`, String((i % 5) + 1)])),
      ],
      ['functional', { selfCare: 'Needs help with buttons.', leisure: 'Swims' }],
    ];
    for (const [instrument, input] of entries) {
      const values = stored(instrument, input);
      const form = formOfScores(values);
      expect(
        Object.keys(form).every((name) => SCORE_FIELDS[instrument].includes(name)),
        instrument,
      ).toBe(true);
      expect(stored(instrument, form), instrument).toEqual(values);
    }
  });
});
