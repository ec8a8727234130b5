import { describe, expect, it } from 'vitest';
import { deriveAssessment, type AssessmentKind } from '../../../domain/record/assessments/index.js';
import type {
  AssessedChild,
  AssessmentRow,
  StoredAssessment,
  StoredValues,
} from '../../../services/record/assessments.service.js';
import { paths } from '../../paths.js';
import { formSections } from './assessment-form.view-models.js';
import { assessmentPage, childPage, choosePage, valuesView } from './assessments.view-models.js';

const CHILD: AssessedChild = {
  childId: '11111111-2222-4333-8444-555555555555',
  givenName: 'Amara',
  familyName: 'Okafor',
  dateOfBirth: '2016-05-02',
};
const ID = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

function values(instrument: AssessmentKind, input: Record<string, string>): StoredValues {
  const derived = deriveAssessment(instrument, input, { dateOfBirth: CHILD.dateOfBirth, on: '2026-12-01' });
  if (!derived.ok) throw new Error(JSON.stringify(derived.problems));
  return { instrument, scores: derived.scores, derived: derived.derived } as StoredValues;
}

function anAssessment(v: StoredValues, over: Partial<AssessmentRow> = {}): StoredAssessment {
  return {
    values: v,
    row: {
      id: ID,
      childId: CHILD.childId,
      episodeId: null,
      instrument: v.instrument,
      assessedOn: '2026-12-01',
      scores: v.scores,
      derived: v.derived,
      summary: 'the summary',
      recordedBy: 'u1',
      recordedByName: 'Cerys Clinician',
      recordedAt: '2026-12-03T10:00:00.000Z',
      updatedBy: null,
      updatedByName: null,
      updatedAt: '2026-12-03T10:00:00.000Z',
      version: 1,
      ...over,
    },
  };
}

const MABC = { manualDexterity: '7', aimingAndCatching: '8', balance: '6' };

describe('the assessment view models', () => {
  it('writes the MABC-2 zone in words, saying what it was drawn on; 7 without a test score is amber, never green', () => {
    const amber = valuesView(values('mabc2', { ...MABC, total: '7' }));
    expect(amber.zone).toEqual({ text: 'Amber: at risk of movement difficulty', classes: 'nhsuk-tag--orange' });
    expect(amber.facts[0]?.value).toBe(
      'Amber: at risk of movement difficulty (drawn on the total standard score: no total test score was entered)',
    );
    const green = valuesView(values('mabc2', { ...MABC, total: '7', totalTestScore: '68', ageBand: '7-10' }));
    expect(green.zone?.text).toBe('Green: no movement difficulty detected');
    expect(green.facts).toEqual([
      {
        key: 'Traffic-light zone (derived)',
        value: 'Green: no movement difficulty detected (drawn on the total test score, 68)',
      },
      { key: 'Total test score', value: '68' },
      { key: 'Age band', value: 'Age band 2 (7 to 10 years)' },
    ]);
    const red = valuesView(values('mabc2', { ...MABC, total: '5' }));
    expect(red.zone?.text).toBe('Red: significant movement difficulty');
    expect(red.tables[0]?.rows.at(-1)).toEqual(['Total', '5', '5th']);
  });

  it('lists the Sensory Profile 2 scores outside "just like the majority" and the DCDQ’07 age band', () => {
    const sensory = valuesView(
      values('sensory-profile-2', {
        form: 'child',
        avoidingRaw: '40',
        avoidingClassification: 'less',
        oralRaw: '12',
        oralClassification: 'just-like',
      }),
    );
    expect(sensory.facts[1]?.value).toBe('Avoiding/Avoider: less than others');
    expect(sensory.tables.map((t) => [t.caption, t.rows])).toEqual([
      ['Quadrants', [['Avoiding/Avoider', '40', 'Less than others']]],
      ['Sections', [['Oral', '12', 'Just like the majority of others']]],
    ]);
    const dcdq = valuesView(values('dcdq07', { total: '58' }));
    expect(dcdq.facts).toEqual([
      { key: 'Total score', value: '58' },
      { key: 'Age on the date completed (derived)', value: '10 years 6 months' },
      {
        key: 'Age band (derived)',
        value: '10 years 0 months to 15 years 11 months: a total of 57 or less is an indication of DCD',
      },
      { key: 'Result (derived)', value: 'Probably not DCD' },
    ]);
  });

  it('offers corrections and new assessments only to those who may change the clinical record', () => {
    const one = anAssessment(values('beery-vmi', { vmi: '85' }), {
      updatedByName: 'Tomas Triage',
      updatedAt: '2026-12-04T09:00:00.000Z',
    });
    const page = assessmentPage({ assessment: one, child: CHILD }, true);
    expect(page.title).toBe('Beery VMI, 1 December 2026');
    expect(page.editHref).toBe(paths.assessments.edit.build({ assessmentId: ID }));
    expect(page.recorded.at(-1)).toEqual({ key: 'Last corrected by', value: 'Tomas Triage, 4 December 2026' });
    expect(assessmentPage({ assessment: one, child: CHILD }, false).editHref).toBeNull();

    const list = childPage(CHILD, [one], true);
    expect(list.rows).toEqual([
      {
        date: '1 December 2026',
        instrument: 'Beery VMI',
        results: 'the summary',
        href: paths.assessments.one.build({ assessmentId: ID }),
      },
    ]);
    expect(list.recordHref).toBe(paths.assessments.choose.build({ childId: CHILD.childId }));
    expect(childPage(CHILD, [], false).recordHref).toBeNull();
    expect(choosePage(CHILD).instruments.map((i) => i.href.split('/').pop())).toEqual([
      'mabc2',
      'beery-vmi',
      'sensory-profile-2',
      'dcdq07',
      'functional',
    ]);
  });

  it('draws each form with what was sent and each field’s message', () => {
    const errors = { summary: [], fields: { vmi: { text: 'Enter the VMI standard score' } } };
    const [beery] = formSections('beery-vmi', { vmi: '300' }, errors);
    expect(beery?.inputs[0]).toMatchObject({
      name: 'vmi',
      value: '300',
      error: { text: 'Enter the VMI standard score' },
    });
    const ageBand = (v: Record<string, string>) =>
      formSections('mabc2', v)[1]?.inputs.flatMap((i) =>
        i.kind === 'radios' ? i.items.filter((o) => o.checked).map((o) => o.text) : [],
      );
    expect(ageBand({})).toEqual(['Not recorded']);
    expect(ageBand({ ageBand: '11-16' })).toEqual(['Age band 3 (11 to 16 years)']);
    const sensory = formSections('sensory-profile-2', { touchClassification: 'more' });
    const touch = sensory.find((s) => s.heading === 'Touch');
    expect(touch?.fieldset).toBe(true);
    const select = touch?.inputs[1];
    expect(select?.kind === 'select' && select.items.filter((i) => i.selected).map((i) => i.text)).toEqual([
      'More than others',
    ]);
    const dcdq = formSections('dcdq07', {});
    expect(dcdq[1]?.folded).toBe(true);
    expect(dcdq[1]?.inputs).toHaveLength(15);
    expect(dcdq[1]?.open).toBe(false);
    expect(formSections('dcdq07', { item3: '4' })[1]?.open).toBe(true);
  });
});
