import { describe, expect, it } from 'vitest';
import llrJson from '../../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import { decide } from '../../../domain/eligibility/index.js';
import { aPractice, definitionFrom, lookupsOf } from '../../../domain/eligibility/test-kit.js';
import {
  applies,
  factsFrom,
  nextStep,
  pendingPages,
  previousPage,
  reachable,
  settledCriteria,
  type CheckerAnswers,
  type FlowContext,
} from './flow.js';

const definition = definitionFrom(llrJson);
const ctx: FlowContext = { definition, today: '2026-11-27' };
const lookups = lookupsOf([aPractice()]);
const decisionFor = (answers: CheckerAnswers) => {
  const facts = factsFrom(answers, ctx);
  return facts && decide(definition, facts, lookups, ctx.today);
};
const next = (answers: CheckerAnswers) => nextStep(answers, ctx, decisionFor(answers));

/** Every answer for a 12-year-old that a GP refers, with nothing against them. */
const complete: CheckerAnswers = {
  dateOfBirth: '2014-05-02',
  gp: { kind: 'practice', code: 'C82044' },
  school: { kind: 'none' },
  difficulties: ['movement'],
  conditions: [],
  otherNeeds: [],
  referrer: 'gp',
};

describe('which pages apply', () => {
  it('asks about full-time education from the 16th birthday to the day before the 19th', () => {
    const asks = (dateOfBirth: string) => applies('education', { dateOfBirth }, ctx);
    expect(asks('2010-11-28')).toBe(false); // 15 until tomorrow
    expect(asks('2010-11-27')).toBe(true); // 16 today
    expect(asks('2007-11-28')).toBe(true); // 18 until tomorrow
    expect(asks('2007-11-27')).toBe(false); // 19 today
  });

  it('asks about help at school only when there is a school, and about a community issue only for an excluded condition', () => {
    expect(applies('curriculum', { school: { kind: 'none' } }, ctx)).toBe(false);
    expect(applies('curriculum', { school: { kind: 'not-known' } }, ctx)).toBe(false);
    expect(applies('curriculum', { school: { kind: 'in-area' } }, ctx)).toBe(true);
    expect(applies('curriculum', { school: { kind: 'school', urn: '120345' } }, ctx)).toBe(true);
    expect(applies('community-issue', { conditions: ['autism'] }, ctx)).toBe(false);
    expect(applies('community-issue', { conditions: ['autism', 'mental-health'] }, ctx)).toBe(true);
  });

  it('asks whether we have seen the child only when a parent or carer refers, and for the date only if so', () => {
    expect(applies('discharge', { referrer: 'parent-carer' }, ctx)).toBe(true);
    expect(applies('discharge', { referrer: 'gp' }, ctx)).toBe(false);
    expect(applies('discharge-date', { referrer: 'parent-carer' }, ctx)).toBe(false);
    expect(applies('discharge-date', { referrer: 'parent-carer', seenBefore: false }, ctx)).toBe(false);
    expect(applies('discharge-date', { referrer: 'parent-carer', seenBefore: true }, ctx)).toBe(true);
    // An answer given while a parent was referring no longer counts once a GP refers.
    expect(applies('discharge-date', { referrer: 'gp', seenBefore: true }, ctx)).toBe(false);
  });
});

describe('the next step', () => {
  it('goes through the pages in order, skipping those that do not apply, then to the result', () => {
    expect(next({})).toBe('date-of-birth');
    expect(next({ dateOfBirth: '2014-05-02' })).toBe('gp-practice');
    expect(next({ dateOfBirth: '2009-05-02' })).toBe('education');
    expect(next({ ...complete, referrer: undefined })).toBe('who-is-referring');
    expect(next({ ...complete, referrer: 'parent-carer' })).toBe('discharge');
    expect(next({ ...complete, referrer: 'parent-carer', seenBefore: true })).toBe('discharge-date');
    expect(next({ ...complete, referrer: 'parent-carer', seenBefore: true, dischargedOn: '2026-09-30' })).toBe(
      'result',
    );
    expect(next(complete)).toBe('result');
  });

  it('goes straight to the result when a parent says we have not seen the child: the referrer cannot change', () => {
    const parent = { ...complete, referrer: 'parent-carer', seenBefore: false };
    expect(next(parent)).toBe('result');
    expect(settledCriteria(parent, ctx)).toContain('referrer');
    expect(settledCriteria({ ...parent, seenBefore: true }, ctx)).not.toContain('referrer');
  });

  it('stops at the result as soon as a criterion that cannot change is not met', () => {
    expect(next({ dateOfBirth: '2005-01-01' })).toBe('result'); // 21: nothing later changes that
    expect(next({ dateOfBirth: '2009-05-02', inFullTimeEducation: false })).toBe('result');
    const start = { dateOfBirth: '2014-05-02', gp: { kind: 'practice', code: 'C82044' } } as const;
    expect(next({ ...start, school: { kind: 'none' }, difficulties: [] })).toBe('result');
  });

  it('keeps asking while a later answer could still meet a criterion', () => {
    // A GP outside the area fails the GP route, but the school route is still to be asked.
    expect(next({ dateOfBirth: '2014-05-02', gp: { kind: 'outside-area' } })).toBe('school');
    // An excluded condition may be overridden by a community issue, asked on the next page.
    const excluded = { ...complete, conditions: ['mental-health'], otherNeeds: undefined, referrer: undefined };
    expect(next(excluded)).toBe('community-issue');
    expect(next({ ...excluded, communityIssue: false })).toBe('result');
    expect(next({ ...excluded, communityIssue: true })).toBe('other-needs');
  });

  it('returns to the first gap after an earlier answer changes', () => {
    // The child turns out to be 17: the education question now applies and has no answer.
    expect(next({ ...complete, dateOfBirth: '2009-05-02' })).toBe('education');
    expect(pendingPages({ ...complete, dateOfBirth: '2009-05-02' }, ctx)).toEqual(['education']);
  });

  it('does not let anyone skip ahead, and knows the page before each one', () => {
    expect(reachable('difficulties', { dateOfBirth: '2014-05-02' }, ctx)).toBe(false);
    expect(reachable('gp-practice', { dateOfBirth: '2014-05-02' }, ctx)).toBe(true);
    expect(reachable('date-of-birth', complete, ctx)).toBe(true);
    expect(previousPage('date-of-birth', complete, ctx)).toBeUndefined();
    expect(previousPage('gp-practice', complete, ctx)).toBe('date-of-birth');
    expect(previousPage('gp-practice', { dateOfBirth: '2009-05-02' }, ctx)).toBe('education');
    expect(previousPage('difficulties', complete, ctx)).toBe('school');
    const parent = { ...complete, referrer: 'parent-carer', seenBefore: true };
    expect(previousPage('discharge-date', parent, ctx)).toBe('discharge');
    expect(previousPage('discharge', parent, ctx)).toBe('who-is-referring');
    expect(reachable('discharge-date', { ...complete, referrer: 'parent-carer' }, ctx)).toBe(false);
    expect(reachable('discharge-date', parent, ctx)).toBe(true);
  });

  it('names the settled criteria only', () => {
    expect(settledCriteria({ dateOfBirth: '2014-05-02' }, ctx)).toEqual(['age']);
    expect(settledCriteria(complete, ctx)).toHaveLength(8);
  });
});

describe('the facts the answers give', () => {
  it('are the API request that says the same', () => {
    const answers: CheckerAnswers = {
      dateOfBirth: '2009-05-02',
      inFullTimeEducation: true,
      gp: { kind: 'in-area' },
      school: { kind: 'school', urn: '120345' },
      curriculum: 'yes',
      difficulties: ['movement', 'sensory'],
      conditions: ['rheumatology'],
      communityIssue: true,
      otherNeeds: ['ayres-sensory-integration'],
      referrer: 'parent-carer',
      seenBefore: true,
      dischargedOn: '2026-08-31',
    };
    expect(factsFrom(answers, ctx)).toEqual({
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
    const answers: CheckerAnswers = {
      dateOfBirth: '2014-05-02',
      inFullTimeEducation: false, // given when the date of birth made them 17, then corrected
      gp: { kind: 'not-known' },
      school: { kind: 'in-area' },
      curriculum: 'not-known',
      conditions: ['autism'],
      communityIssue: true, // given for a condition since removed
      referrer: 'gp',
      seenBefore: true, // given when a parent was referring
      dischargedOn: '2026-08-31',
    };
    expect(factsFrom(answers, ctx)).toEqual({
      child: { dateOfBirth: '2014-05-02', schoolInArea: true },
      conditions: ['autism'],
      referrer: { type: 'gp' },
    });
    expect(factsFrom({}, ctx)).toBeUndefined();
  });

  it('give a parent who says the child was never seen no discharge date, so the referrer criterion is not met', () => {
    // A date given before the answer changed to "no" no longer counts.
    const never: CheckerAnswers = {
      ...complete,
      referrer: 'parent-carer',
      seenBefore: false,
      dischargedOn: '2026-09-30',
    };
    expect(factsFrom(never, ctx)?.referrer).toEqual({ type: 'parent-carer' });
    expect(decisionFor(never)?.outcome).toBe('ineligible');
  });

  it('give a parent who says when we discharged the child that date, which decides the referrer criterion', () => {
    const recently: CheckerAnswers = {
      ...complete,
      referrer: 'parent-carer',
      seenBefore: true,
      dischargedOn: '2026-09-30',
    };
    expect(factsFrom(recently, ctx)?.referrer).toEqual({ type: 'parent-carer', childDischargedOn: '2026-09-30' });
    expect(decisionFor(recently)?.outcome).toBe('eligible');
    expect(decisionFor({ ...recently, dischargedOn: '2025-09-30' })?.outcome).toBe('ineligible');
  });
});
