/**
 * A GP practice or school the referrer cannot find ("I cannot find it"), or that the reference data does not hold:
 * typed on a page of its own, its code checked when given, and counted by the eligibility rules only through that code.
 */
import { describe, expect, it } from 'vitest';
import llrJson from '../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import { definitionFrom } from '../eligibility/test-kit.js';
import { referralFacts } from './eligibility-facts.js';
import { answerPage, NOT_LISTED, pagesFor, referralPages, type QuestionContext } from './questions.js';

const definition = definitionFrom(llrJson);
const TODAY = '2026-11-27';
const loaded: QuestionContext = { definition, today: TODAY, practicesLoaded: true, schoolsLoaded: true };
const empty: QuestionContext = { ...loaded, practicesLoaded: false, schoolsLoaded: false };

const page = (id: string) => {
  const p = referralPages(loaded).find((x) => x.id === id);
  if (p === undefined) throw new Error(`no page ${id}`);
  return p;
};
const declared = (ctx: QuestionContext, id: string) => {
  const f = referralPages(ctx).find((x) => x.id === id)?.fields[0];
  return f?.kind === 'practice' || f?.kind === 'school' ? f.declared.map((o) => o.value) : [];
};

const gpTyped = {
  childGpName: 'Canal Street Surgery',
  childGpAddressLine1: '1 Canal Street',
  childGpAddressLine2: '',
  childGpTown: 'Leicester',
  childGpPostcode: 'le1 6fb',
};

describe('a practice or school typed by the referrer', () => {
  it('can be typed whether or not the reference data is there, and not knowing or having none stay answers', () => {
    expect(declared(loaded, 'child-gp')).toEqual([NOT_LISTED, 'not-known', 'none']);
    expect(declared(loaded, 'child-school')).toEqual([NOT_LISTED, 'not-known', 'none']);
    // With nothing to search, in the area or not is asked, and either way the practice or school is then typed.
    expect(declared(empty, 'child-gp')).toEqual(['in-area', 'outside-area', 'not-known', 'none']);
    expect(declared(empty, 'child-school')).toEqual(['in-area', 'outside-area', 'not-known', 'none']);
    for (const answer of ['in-area', 'outside-area']) {
      const pages = pagesFor(empty, { referrerType: 'parent-carer', childGp: answer, childSchool: answer });
      expect(pages.map((p) => p.id)).toEqual(expect.arrayContaining(['child-gp-details', 'child-school-details']));
    }
    const ids = (answers: Record<string, string>) =>
      pagesFor(loaded, { referrerType: 'parent-carer', ...answers }).map((p) => p.id);
    expect(ids({ childGp: 'C82044' })).not.toContain('child-gp-details');
    expect(ids({ childGp: NOT_LISTED })).toContain('child-gp-details');
    expect(ids({ childSchool: NOT_LISTED })).toContain('child-school-details');
    expect(ids({ childSchool: 'none' })).not.toContain('child-school-details');
  });

  it('needs a name, an address and a postcode; the ODS code is optional, checked and tidied', () => {
    const details = page('child-gp-details');
    expect(answerPage(details, { ...gpTyped, childGpCode: ' c82 044 ' }, {}, TODAY)).toEqual({
      ok: true,
      answers: { ...gpTyped, childGpAddressLine2: undefined, childGpPostcode: 'LE1 6FB', childGpCode: 'C82044' },
    });
    const answered = answerPage(details, { ...gpTyped, childGpCode: '' }, {}, TODAY);
    expect(answered.ok && answered.answers.childGpCode).toBeUndefined();
    expect(answerPage(details, { ...gpTyped, childGpCode: 'C8204' }, {}, TODAY)).toEqual({
      ok: false,
      problems: [
        {
          field: 'childGpCode',
          message: 'Enter the ODS code as a letter and 5 numbers, like C82044, or leave it blank',
        },
      ],
    });
    const missing = answerPage(
      details,
      { childGpName: '', childGpAddressLine1: '', childGpTown: '', childGpPostcode: '' },
      {},
      TODAY,
    );
    expect(missing.ok ? [] : missing.problems.map((p) => p.field)).toEqual([
      'childGpName',
      'childGpAddressLine1',
      'childGpTown',
      'childGpPostcode',
    ]);
    const school = answerPage(
      page('child-school-details'),
      {
        childSchoolName: 'A school',
        childSchoolAddressLine1: '2 Road',
        childSchoolTown: 'Hinckley',
        childSchoolPostcode: 'LE10 1AA',
        childSchoolUrn: '12027',
      },
      {},
      TODAY,
    );
    expect(school.ok ? [] : school.problems.map((p) => p.field)).toEqual(['childSchoolUrn']);
  });

  it('counts for the eligibility rules through its code only: without one the rules cannot know the area', () => {
    const base = { referrerType: 'parent-carer', childDateOfBirth: '2016-05-02' };
    expect(referralFacts({ ...base, childGp: NOT_LISTED, ...gpTyped, childGpCode: 'C82044' }, loaded)?.child).toEqual({
      dateOfBirth: '2016-05-02',
      gpPracticeCode: 'C82044',
    });
    expect(referralFacts({ ...base, childGp: NOT_LISTED, ...gpTyped }, loaded)?.child).toEqual({
      dateOfBirth: '2016-05-02',
    });
    expect(
      referralFacts({ ...base, childSchool: NOT_LISTED, childSchoolName: 'A school', childSchoolUrn: '120278' }, loaded)
        ?.child,
    ).toEqual({ dateOfBirth: '2016-05-02', schoolUrn: '120278' });
  });
});
