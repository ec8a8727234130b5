import { describe, expect, it } from 'vitest';
import llrJson from '../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import { decide } from '../eligibility/index.js';
import { aPractice, definitionFrom, lookupsOf } from '../eligibility/test-kit.js';
import type { Answers } from '../forms/fields.js';
import { referralFacts } from '../referrals/eligibility-facts.js';
import { checkerFlow } from './flow.js';
import { checkerPages, type CheckerContext, type QuestionPage } from './pages.js';

const definition = definitionFrom(llrJson);
const ctx: CheckerContext = { definition, today: '2026-11-27', practicesLoaded: true, schoolsLoaded: true };
const flow = checkerFlow(checkerPages(ctx));
const lookups = lookupsOf([aPractice()]);
/** Answers as the checker keeps them; `undefined` leaves a question unanswered. */
type Given = Record<string, string | string[] | undefined>;
const given = (answers: Given): Answers =>
  Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined)) as Answers;
const factsFrom = (answers: Given) => flow.facts(given(answers));
const applies = (page: QuestionPage, answers: Given) => flow.applies(page, given(answers));
const pendingPages = (answers: Given) => flow.pendingPages(given(answers));
const previousPage = (page: QuestionPage, answers: Given) => flow.previousPage(page, given(answers));
const reachable = (page: QuestionPage, answers: Given) => flow.reachable(page, given(answers));
const settledCriteria = (answers: Given) => flow.settledCriteria(given(answers));
const decisionFor = (answers: Given) => {
  const facts = factsFrom(answers);
  return facts && decide(definition, facts, lookups, ctx.today);
};
const next = (answers: Given) => flow.nextStep(given(answers), decisionFor(answers));

/** Every answer for a 12-year-old that a GP refers, with nothing against them. */
const complete: Given = {
  childDateOfBirth: '2014-05-02',
  childGp: 'C82044',
  childSchool: 'none',
  difficulties: ['movement'],
  conditions: ['none'],
  otherNeeds: ['none'],
  referrerType: 'gp',
};

describe('which pages apply', () => {
  it('asks about full-time education from the 16th birthday to the day before the 19th', () => {
    const asks = (dateOfBirth: string) => applies('education', { childDateOfBirth: dateOfBirth });
    expect(asks('2010-11-28')).toBe(false); // 15 until tomorrow
    expect(asks('2010-11-27')).toBe(true); // 16 today
    expect(asks('2007-11-28')).toBe(true); // 18 until tomorrow
    expect(asks('2007-11-27')).toBe(false); // 19 today
  });

  it('asks about help at school only when there is a school, and about a community issue only for an excluded condition', () => {
    expect(applies('curriculum', { childSchool: 'none' })).toBe(false);
    expect(applies('curriculum', { childSchool: 'not-known' })).toBe(false);
    expect(applies('curriculum', { childSchool: 'in-area' })).toBe(true);
    expect(applies('curriculum', { childSchool: '120345' })).toBe(true);
    expect(applies('community-issue', { conditions: ['autism'] })).toBe(false);
    expect(applies('community-issue', { conditions: ['autism', 'mental-health'] })).toBe(true);
  });

  it('asks whether we have seen the child only when a parent or carer refers, and for the date only if so', () => {
    expect(applies('discharge', { referrerType: 'parent-carer' })).toBe(true);
    expect(applies('discharge', { referrerType: 'gp' })).toBe(false);
    expect(applies('discharge-date', { referrerType: 'parent-carer' })).toBe(false);
    expect(applies('discharge-date', { referrerType: 'parent-carer', seenBefore: 'no' })).toBe(false);
    expect(applies('discharge-date', { referrerType: 'parent-carer', seenBefore: 'yes' })).toBe(true);
    // An answer given while a parent was referring no longer counts once a GP refers.
    expect(applies('discharge-date', { referrerType: 'gp', seenBefore: 'yes' })).toBe(false);
  });
});

describe('the next step', () => {
  it('goes through the pages in order, skipping those that do not apply, then to the result', () => {
    expect(next({})).toBe('date-of-birth');
    expect(next({ childDateOfBirth: '2014-05-02' })).toBe('gp-practice');
    expect(next({ childDateOfBirth: '2009-05-02' })).toBe('education');
    expect(next({ ...complete, referrerType: undefined })).toBe('who-is-referring');
    expect(next({ ...complete, referrerType: 'parent-carer' })).toBe('discharge');
    expect(next({ ...complete, referrerType: 'parent-carer', seenBefore: 'yes' })).toBe('discharge-date');
    expect(
      next({ ...complete, referrerType: 'parent-carer', seenBefore: 'yes', childDischargedOn: '2026-09-30' }),
    ).toBe('result');
    expect(next(complete)).toBe('result');
  });

  it('goes straight to the result when a parent says we have not seen the child: the referrer cannot change', () => {
    const parent = { ...complete, referrerType: 'parent-carer', seenBefore: 'no' };
    expect(next(parent)).toBe('result');
    expect(settledCriteria(parent)).toContain('referrer');
    expect(settledCriteria({ ...parent, seenBefore: 'yes' })).not.toContain('referrer');
  });

  it('stops at the result as soon as a criterion that cannot change is not met', () => {
    expect(next({ childDateOfBirth: '2005-01-01' })).toBe('result'); // 21: nothing later changes that
    expect(next({ childDateOfBirth: '2009-05-02', inFullTimeEducation: 'no' })).toBe('result');
    const start = { childDateOfBirth: '2014-05-02', childGp: 'C82044' } as const;
    expect(next({ ...start, childSchool: 'none', difficulties: ['none'] })).toBe('result');
  });

  it('keeps asking while a later answer could still meet a criterion', () => {
    // A GP outside the area fails the GP route, but the school route is still to be asked.
    expect(next({ childDateOfBirth: '2014-05-02', childGp: 'outside-area' })).toBe('school');
    // An excluded condition may be overridden by a community issue, asked on the next page.
    const excluded = { ...complete, conditions: ['mental-health'], otherNeeds: undefined, referrerType: undefined };
    expect(next(excluded)).toBe('community-issue');
    expect(next({ ...excluded, communityIssue: 'no' })).toBe('result');
    expect(next({ ...excluded, communityIssue: 'yes' })).toBe('other-needs');
  });

  it('returns to the first gap after an earlier answer changes', () => {
    // The child turns out to be 17: the education question now applies and has no answer.
    expect(next({ ...complete, childDateOfBirth: '2009-05-02' })).toBe('education');
    expect(pendingPages({ ...complete, childDateOfBirth: '2009-05-02' })).toEqual(['education']);
  });

  it('does not let anyone skip ahead, and knows the page before each one', () => {
    expect(reachable('difficulties', { childDateOfBirth: '2014-05-02' })).toBe(false);
    expect(reachable('gp-practice', { childDateOfBirth: '2014-05-02' })).toBe(true);
    expect(reachable('date-of-birth', complete)).toBe(true);
    expect(previousPage('date-of-birth', complete)).toBeUndefined();
    expect(previousPage('gp-practice', complete)).toBe('date-of-birth');
    expect(previousPage('gp-practice', { childDateOfBirth: '2009-05-02' })).toBe('education');
    expect(previousPage('difficulties', complete)).toBe('school');
    const parent = { ...complete, referrerType: 'parent-carer', seenBefore: 'yes' };
    expect(previousPage('discharge-date', parent)).toBe('discharge');
    expect(previousPage('discharge', parent)).toBe('who-is-referring');
    expect(reachable('discharge-date', { ...complete, referrerType: 'parent-carer' })).toBe(false);
    expect(reachable('discharge-date', parent)).toBe(true);
  });

  it('names the settled criteria only', () => {
    expect(settledCriteria({ childDateOfBirth: '2014-05-02' })).toEqual(['age']);
    expect(settledCriteria(complete)).toHaveLength(8);
  });
});

describe('the facts the answers give', () => {
  it('are the API request that says the same', () => {
    const answers: Given = {
      childDateOfBirth: '2009-05-02',
      inFullTimeEducation: 'yes',
      childGp: 'in-area',
      childSchool: '120345',
      curriculum: 'yes',
      difficulties: ['movement', 'sensory'],
      conditions: ['rheumatology'],
      communityIssue: 'yes',
      otherNeeds: ['ayres-sensory-integration'],
      referrerType: 'parent-carer',
      seenBefore: 'yes',
      childDischargedOn: '2026-08-31',
    };
    expect(factsFrom(answers)).toEqual({
      child: { dateOfBirth: '2009-05-02', inFullTimeEducation: true, gpPracticeInArea: true, schoolUrn: '120345' },
      needsInCurriculumContext: true,
      difficulties: ['movement', 'sensory'],
      conditions: ['rheumatology'],
      overridingCommunityIssue: true,
      shortTermAcuteIllness: false,
      acuteSurgicalRecovery: false,
      requestsAyresSensoryIntegration: true,
      referrer: { type: 'parent-carer', childDischargedOn: '2026-08-31' },
    });
  });

  it('leave out what is not known and the answers to pages that no longer apply', () => {
    const answers: Given = {
      childDateOfBirth: '2014-05-02',
      inFullTimeEducation: 'no', // given when the date of birth made them 17, then corrected
      childGp: 'not-known',
      childSchool: 'in-area',
      curriculum: 'not-known',
      conditions: ['autism'],
      communityIssue: 'yes', // given for a condition since removed
      referrerType: 'gp',
      seenBefore: 'yes', // given when a parent was referring
      childDischargedOn: '2026-08-31',
    };
    expect(factsFrom(answers)).toEqual({
      child: { dateOfBirth: '2014-05-02', schoolInArea: true },
      conditions: ['autism'],
      referrer: { type: 'gp' },
    });
    expect(factsFrom({})).toBeUndefined();
  });

  it('give a parent who says the child was never seen no discharge date, so the referrer criterion is not met', () => {
    // A date given before the answer changed to "no" no longer counts.
    const never: Given = {
      ...complete,
      referrerType: 'parent-carer',
      seenBefore: 'no',
      childDischargedOn: '2026-09-30',
    };
    expect(factsFrom(never)?.referrer).toEqual({ type: 'parent-carer' });
    expect(decisionFor(never)?.outcome).toBe('ineligible');
  });

  it('give a parent who says when we discharged the child that date, which decides the referrer criterion', () => {
    const recently: Given = {
      ...complete,
      referrerType: 'parent-carer',
      seenBefore: 'yes',
      childDischargedOn: '2026-09-30',
    };
    expect(factsFrom(recently)?.referrer).toEqual({ type: 'parent-carer', childDischargedOn: '2026-09-30' });
    expect(decisionFor(recently)?.outcome).toBe('eligible');
    expect(decisionFor({ ...recently, childDischargedOn: '2025-09-30' })?.outcome).toBe('ineligible');
  });
});

describe('one way from answers to facts', () => {
  it('gives the referral form and the checker the same facts for the same answers', () => {
    const referral = { definition, today: ctx.today, practicesLoaded: true, schoolsLoaded: true };
    const cases: Given[] = [
      complete,
      { ...complete, childDateOfBirth: '2009-05-02', inFullTimeEducation: 'yes' },
      { ...complete, childGp: 'in-area', childSchool: '120345', curriculum: 'no' },
      { ...complete, conditions: ['rheumatology'], communityIssue: 'yes', otherNeeds: ['acute-surgery'] },
      { ...complete, referrerType: 'self', difficulties: ['none'] },
    ];
    for (const answers of cases) {
      expect(referralFacts(given(answers), referral)).toEqual(factsFrom(answers));
    }
  });
});
