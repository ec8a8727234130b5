import { describe, expect, it } from 'vitest';
import llrJson from '../../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import physioJson from '../../../../test/fixtures/service-definitions/test-paediatric-physio.json' with { type: 'json' };
import type { CriterionOutcome } from '../../../domain/eligibility/index.js';
import { definitionFrom } from '../../../domain/eligibility/test-kit.js';
import { checkerFlow } from '../../../domain/checker/flow.js';
import { checkerPages, type QuestionPage } from '../../../domain/checker/pages.js';
import type { Answers, Field } from '../../../domain/forms/fields.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import {
  explanationOf,
  ordinal,
  organisationAddsTo,
  resultInWords,
  searchStatus,
  signpostingFor,
  type ResultContext,
} from './checker.view-models.js';

const contextOf = (definition: ServiceDefinition, today = '2026-11-27'): ResultContext => ({
  definition,
  today,
  flow: checkerFlow(checkerPages({ definition, today, practicesLoaded: true, schoolsLoaded: true })),
});
const llr = contextOf(definitionFrom(llrJson));
const physio = contextOf(definitionFrom(physioJson));
/** A checker page's one question, as the page shows it on a given day. */
const questionOn = (page: QuestionPage, ctx: ResultContext, today = ctx.today): Field =>
  contextOf(ctx.definition, today).flow.pageOf(page).field;
const optionsOf = (page: QuestionPage, ctx: ResultContext) => {
  const field = questionOn(page, ctx);
  return field.kind === 'radios' || field.kind === 'checkboxes' ? field.options : [];
};
const notMet = (id: CriterionOutcome['id']): CriterionOutcome => ({ id, result: 'not-met', reason: '' });
const unknown = (id: CriterionOutcome['id']): CriterionOutcome => ({ id, result: 'unknown', reason: '' });

describe('the plain words for a criterion that is not met or not known', () => {
  it('give the ages from the definition and the child’s age', () => {
    const twenty: Answers = { childDateOfBirth: '2006-05-02' };
    expect(explanationOf(notMet('age'), twenty, llr)).toBe(
      'We see children and young people until their 19th birthday if they are still in full-time education, and until their 16th birthday otherwise. The child is 20.',
    );
    expect(explanationOf(notMet('age'), { childDateOfBirth: '2000-05-02' }, physio)).toBe(
      'We see children and young people until their 25th birthday if they are still in full-time education, and until their 18th birthday otherwise. The child is 26.',
    );
    expect(explanationOf(notMet('age'), { ...twenty, inFullTimeEducation: 'no' }, physio)).toMatch(
      /The child is 20 and not in full-time education\.$/u,
    );
    expect(explanationOf(unknown('age'), { childDateOfBirth: '2009-05-02' }, llr)).toMatch(
      /The child is 17, so it depends on whether they are in full-time education\.$/u,
    );
  });

  it('say only one birthday where the service has no extra years for full-time education', () => {
    const sameAges = definitionFrom({
      ...llrJson,
      eligibility: { ...llrJson.eligibility, ages: { alwaysUnder: 18, inFullTimeEducationUnder: 18 } },
    });
    expect(explanationOf(notMet('age'), { childDateOfBirth: '2006-05-02' }, contextOf(sameAges))).toBe(
      'We see children and young people until their 18th birthday. The child is 20.',
    );
  });

  it('name the area, the difficulties and the excluded conditions from the definition', () => {
    expect(explanationOf(notMet('area'), {}, physio)).toContain('registered with a GP practice in Derby or Derbyshire');
    expect(explanationOf(notMet('difficulties'), { difficulties: ['none'] }, physio)).toBe(
      'We see children and young people who have movement or balance difficulties. From your answers, the child does not have any of these.',
    );
    expect(explanationOf(notMet('excluded-conditions'), { conditions: ['sports-injury'] }, physio)).toBe(
      'We do not see children and young people whose needs come from a sports injury.',
    );
    expect(explanationOf(notMet('excluded-conditions'), { conditions: ['mental-health', 'autism'] }, llr)).toBe(
      'We do not see children and young people whose needs come from a mental health condition, unless a serious problem stops them getting help outside the home.',
    );
  });

  it('say who cannot refer, and a parent’s re-referral window in the service’s months', () => {
    expect(explanationOf(notMet('referrer'), { referrerType: 'self' }, llr)).toBe(
      'We cannot accept a referral from the young person themselves.',
    );
    expect(explanationOf(notMet('referrer'), { referrerType: 'parent-carer', seenBefore: 'no' }, physio)).toBe(
      'A parent or carer can refer the child only if we discharged them in the last 3 months. You told us we have not seen the child before.',
    );
    const longAgo = { referrerType: 'parent-carer', seenBefore: 'yes', childDischargedOn: '2026-01-31' };
    expect(explanationOf(notMet('referrer'), longAgo, llr)).toBe(
      'A parent or carer can refer the child only if we discharged them in the last 6 months. We discharged the child on 31 January 2026, more than 6 months ago.',
    );
    expect(explanationOf(unknown('referrer'), {}, llr)).toBe('You have not told us yet who will make the referral.');
  });

  it('write ordinals as people do', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 16, 19, 21, 22, 23, 25].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '16th',
      '19th',
      '21st',
      '22nd',
      '23rd',
      '25th',
    ]);
  });
});

describe('the question pages', () => {
  it('say "our service" and "we" on both discharge pages, with an example date that follows today', () => {
    expect(questionOn('discharge', llr).label).toBe('Has our service seen the child before?');
    expect(questionOn('discharge-date', llr).label).toBe('When did we discharge the child?');
    expect(questionOn('discharge', physio).hint).toBe(
      'A parent or carer can refer the child again if we discharged them in the last 3 months.',
    );
    expect(questionOn('discharge-date', llr, '2026-11-27').hint).toMatch(/^For example, 27 9 2026\. /u);
    expect(questionOn('discharge-date', llr, '2027-05-31').hint).toMatch(/^For example, 31 3 2027\. /u);
    expect(questionOn('date-of-birth', llr, '2026-11-27').hint).toBe('For example, 27 6 2018');
  });

  it('list who may refer by their labels alone', () => {
    const options = optionsOf('who-is-referring', llr);
    expect(options.map((o) => o.text)).toContain('A GP');
    expect(options.every((o) => o.hint === undefined)).toBe(true);
  });

  it('say how many results a search found, or that it shows only the first ones', () => {
    expect(searchStatus('zz', 0, 20)).toBe(
      'No results for ‘zz’. Check the spelling, or search for the town or postcode instead.',
    );
    expect(searchStatus('oakham', 1, 20)).toBe('1 result for ‘oakham’.');
    expect(searchStatus('oakham', 3, 20)).toBe('3 results for ‘oakham’.');
    expect(searchStatus('leicester', 20, 20)).toBe(
      'Showing the first 20 results for ‘leicester’. Add more of the name, or search by postcode, to narrow it down.',
    );
  });
});

describe('the signposting', () => {
  it('leaves out the service’s own pages, and an organisation that only repeats the name', () => {
    const groups = signpostingFor(llr.definition, undefined);
    const resources = groups.flatMap((g) => g.resources);
    expect(resources.some((r) => r.url.includes('leicspart.nhs.uk'))).toBe(false);
    expect(groups.map((g) => g.area)).toEqual(['Leicester', 'Leicestershire', 'Rutland']);
    expect(resources.find((r) => r.name === 'SENDIASS Leicester')?.organisation).toBeUndefined();
    expect(resources.find((r) => r.name === 'Leicester SEND Local Offer')?.organisation).toBe('Leicester City Council');
  });

  it('shows an organisation only when it adds to the name', () => {
    expect(organisationAddsTo('SENDIASS Leicester', 'SENDIASS Leicester (funded by the council)')).toBe(false);
    expect(organisationAddsTo('Example Council SEND pages', 'Example Council')).toBe(false);
    expect(organisationAddsTo('Same name', 'same name')).toBe(false);
    expect(organisationAddsTo('SEND Local Offer', 'Rutland County Council')).toBe(true);
  });
});

describe('the words a family reads (issue 10, item 9)', () => {
  it('name each kind of difficulty in plain words, not by its clinical category', () => {
    const texts = optionsOf('difficulties', llr).map((o) => o.text);
    expect(texts[0]).toBe('Everyday tasks such as dressing, eating, washing or using the toilet');
    expect(texts.join(' ')).not.toMatch(/functional|perceptual/u);
  });

  it('read each criterion’s result as words, not "Met"', () => {
    expect(resultInWords('short-term-illness', 'met')).toBe('Not the reason for the referral');
    expect(resultInWords('acute-surgery', 'not-met')).toBe('The reason for the referral');
    expect(resultInWords('referrer', 'not-met')).toBe('Cannot refer');
    expect(resultInWords('age', 'unknown')).toBe('Not known yet');
  });
});
