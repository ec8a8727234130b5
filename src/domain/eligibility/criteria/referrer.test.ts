import { describe, expect, it } from 'vitest';
import llrJson from '../../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import physioJson from '../../../../test/fixtures/service-definitions/test-paediatric-physio.json' with { type: 'json' };
import { decide } from '../decide.js';
import type { EligibilityFacts } from '../facts.js';
import { criterion, definitionFrom, lookupsOf } from '../test-kit.js';

const llr = definitionFrom(llrJson);
const physio = definitionFrom(physioJson);

function referrerOn(asOf: string, referrer: EligibilityFacts['referrer'], definition = llr) {
  const decision = decide(definition, { child: { dateOfBirth: '2014-05-02' }, referrer }, lookupsOf(), asOf);
  return { ...criterion(decision, 'referrer'), missing: decision.missing };
}
const parent = (childDischargedOn?: string) => ({ type: 'parent-carer', childDischargedOn });

describe('the referrer criterion', () => {
  it.each([
    ['gp', 'A GP may refer.'],
    ['health-professional', 'A health professional may refer.'],
    ['education-staff', 'Education or teaching staff may refer.'],
    ['educational-psychologist', 'An educational psychologist may refer.'],
    ['social-care', 'Social care staff may refer.'],
    ['early-years-setting', "A children's centre or early years setting may refer."],
  ])('is met for %s', (type, reason) => {
    expect(referrerOn('2026-11-27', { type })).toMatchObject({ result: 'met', reason });
  });

  it.each([
    ['self', 'The young person themselves may not refer to this service.'],
    ['other', 'Someone else may not refer to this service.'],
  ])('is not met for %s', (type, reason) => {
    expect(referrerOn('2026-11-27', { type })).toMatchObject({ result: 'not-met', reason });
  });

  it('is unknown with no referrer, and asks who is referring', () => {
    const referrer = referrerOn('2026-11-27', undefined);
    expect(referrer.result).toBe('unknown');
    expect(referrer.missing).toContain('referrer.type');
  });

  it('lists exactly the referrer types of the criteria, in order', () => {
    expect(llr.referrers.map((r) => r.id)).toEqual([
      'gp',
      'health-professional',
      'education-staff',
      'educational-psychologist',
      'social-care',
      'early-years-setting',
      'parent-carer',
      'self',
      'other',
    ]);
  });
});

describe('a parent or carer re-referring', () => {
  it('may refer on the last day of the 6 months: 31 August runs to the end of February', () => {
    expect(referrerOn('2027-02-28', parent('2026-08-31'))).toMatchObject({
      result: 'met',
      reason:
        'A parent or carer: the child was discharged on 31 August 2026, so they may refer until 28 February 2027.',
    });
    expect(referrerOn('2027-03-01', parent('2026-08-31'))).toMatchObject({
      result: 'not-met',
      reason:
        "A parent or carer may refer only within 6 months of the child's discharge from the service: the child was discharged on 31 August 2026, and that time ended on 28 February 2027.",
    });
  });

  it('runs to 29 February in a leap year', () => {
    expect(referrerOn('2028-02-29', parent('2027-08-31')).result).toBe('met');
    expect(referrerOn('2028-03-01', parent('2027-08-31')).result).toBe('not-met');
    expect(referrerOn('2024-02-29', parent('2023-08-29')).result).toBe('met');
  });

  it('runs from 31 March to 30 September', () => {
    expect(referrerOn('2026-09-30', parent('2026-03-31')).result).toBe('met');
    expect(referrerOn('2026-10-01', parent('2026-03-31')).result).toBe('not-met');
  });

  it('may refer on the day of discharge', () => {
    expect(referrerOn('2026-11-27', parent('2026-11-27')).result).toBe('met');
  });

  it('may not refer with a discharge date after the decision date', () => {
    expect(referrerOn('2026-11-27', parent('2026-11-28'))).toMatchObject({
      result: 'not-met',
      reason: expect.stringContaining('the discharge date given (28 November 2026) is in the future'),
    });
  });

  it('may not refer with no discharge date', () => {
    expect(referrerOn('2026-11-27', parent())).toMatchObject({
      result: 'not-met',
      reason: expect.stringContaining('no discharge date was given'),
    });
  });

  it("follows the second definition's 3 months and its own referrer rules", () => {
    expect(referrerOn('2026-11-30', parent('2026-08-31'), physio).result).toBe('met');
    expect(referrerOn('2026-12-01', parent('2026-08-31'), physio)).toMatchObject({
      result: 'not-met',
      reason: expect.stringContaining('within 3 months'),
    });
    expect(referrerOn('2026-12-01', parent('2026-08-31')).result).toBe('met');
    expect(referrerOn('2026-11-27', { type: 'self' }, physio).result).toBe('met');
    expect(referrerOn('2026-11-27', { type: 'education-staff' }, physio).result).toBe('not-met');
  });
});
