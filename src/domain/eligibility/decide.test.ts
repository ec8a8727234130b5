import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import llrJson from '../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import physioJson from '../../../test/fixtures/service-definitions/test-paediatric-physio.json' with { type: 'json' };
import { decide } from './decide.js';
import { CRITERION_IDS, outcomeOf, type CriterionResult } from './decision.js';
import { parseFacts } from './parse-facts.js';
import { CRITERIA_EXAMPLE_REQUEST, aPractice, aSchool, definitionFrom, eligibleFacts, lookupsOf } from './test-kit.js';

const llr = definitionFrom(llrJson);
const physio = definitionFrom(physioJson);
const lookups = lookupsOf([aPractice(), aPractice({ code: 'C81001', icbCode: 'QJ2', subIcbCode: '15M' })], [aSchool()]);

describe('decide', () => {
  it("answers the criteria page's example: eligible, every criterion in the table's order", () => {
    const body = CRITERIA_EXAMPLE_REQUEST;
    const parsed = parseFacts(llr, body, '2030-01-01');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const decision = decide(llr, parsed.facts, lookups, parsed.asOf);
    expect(decision).toMatchObject({
      outcome: 'eligible',
      service: 'llr-childrens-ot',
      policyVersion: '2026-11-27.1',
      asOf: '2026-11-27',
      missing: [],
    });
    expect(decision.criteria.map((c) => c.id)).toEqual([...CRITERION_IDS]);
    expect(decision.criteria.slice(0, 2)).toEqual([
      { id: 'age', result: 'met', reason: 'Aged 12: under 16.' },
      { id: 'area', result: 'met', reason: 'Registered with a GP practice in Leicester, Leicestershire or Rutland.' },
    ]);
  });

  it('is eligible when every criterion is met', () => {
    expect(decide(llr, eligibleFacts(), lookups, '2026-11-27').outcome).toBe('eligible');
  });

  it('is unclear when something is unknown and nothing is not met', () => {
    const decision = decide(llr, eligibleFacts({ referrer: undefined }), lookups, '2026-11-27');
    expect(decision.outcome).toBe('unclear');
    expect(decision.missing).toEqual(['referrer.type']);
  });

  it('is ineligible when anything is not met, even with something unknown', () => {
    const decision = decide(
      llr,
      eligibleFacts({ referrer: undefined, requestsAyresSensoryIntegration: true }),
      lookups,
      '2026-11-27',
    );
    expect(decision.outcome).toBe('ineligible');
    expect(decision.missing).toEqual(['referrer.type']);
  });

  it('ranks the outcomes: ineligible beats unclear beats eligible, whatever the order', () => {
    const result = fc.constantFrom<CriterionResult>('met', 'not-met', 'unknown');
    fc.assert(
      fc.property(fc.array(result, { minLength: 8, maxLength: 8 }), (results) => {
        const expected = results.includes('not-met')
          ? 'ineligible'
          : results.includes('unknown')
            ? 'unclear'
            : 'eligible';
        expect(outcomeOf(results)).toBe(expected);
      }),
    );
  });

  it('gives the second definition different answers where its parameters differ', () => {
    const derbyChild = eligibleFacts({
      child: { dateOfBirth: '2009-06-01', inFullTimeEducation: false, gpPracticeCode: 'C81001' },
      needsInCurriculumContext: undefined,
      difficulties: ['movement'],
      conditions: ['cerebral-palsy'],
      referrer: { type: 'self' },
    });
    expect(decide(physio, derbyChild, lookups, '2026-11-27')).toMatchObject({
      outcome: 'eligible',
      service: 'test-paediatric-physio',
      policyVersion: '2027-01-15.3',
    });
    const inLlr = decide(
      llr,
      { ...derbyChild, difficulties: ['movement'], conditions: ['cerebral-palsy'] },
      lookups,
      '2026-11-27',
    );
    expect(inLlr.outcome).toBe('ineligible');
    expect(inLlr.criteria.filter((c) => c.result === 'not-met').map((c) => c.id)).toEqual(['age', 'area', 'referrer']);
  });

  it('neither changes the facts nor depends on anything but its arguments', () => {
    const facts = eligibleFacts();
    const copy = structuredClone(facts);
    const first = decide(llr, facts, lookups, '2026-11-27');
    expect(decide(llr, facts, lookups, '2026-11-27')).toEqual(first);
    expect(facts).toEqual(copy);
  });

  it('answers every criterion for any valid facts, without throwing', () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const day = fc
      .integer({ min: 0, max: 40 * 365 })
      .map((n) => new Date(Date.UTC(1995, 0, 1 + n)).toISOString().slice(0, 10));
    const facts = fc.record({
      child: fc.record({
        dateOfBirth: day,
        inFullTimeEducation: maybe(fc.boolean()),
        gpPracticeCode: maybe(fc.constantFrom('C82044', 'C81001', 'Z99999')),
        gpPracticeInArea: maybe(fc.boolean()),
        schoolUrn: maybe(fc.constantFrom('120345', '100001')),
        schoolInArea: maybe(fc.boolean()),
      }),
      needsInCurriculumContext: maybe(fc.boolean()),
      difficulties: maybe(fc.subarray(llr.eligibility.difficulties.map((d) => d.code))),
      conditions: maybe(fc.subarray(llr.conditions.map((c) => c.code))),
      overridingCommunityIssue: maybe(fc.boolean()),
      requestsAyresSensoryIntegration: maybe(fc.boolean()),
      referrer: maybe(
        fc.record({ type: fc.constantFrom(...llr.referrers.map((r) => r.id)), childDischargedOn: maybe(day) }),
      ),
    });
    fc.assert(
      fc.property(facts, day, (f, asOf) => {
        fc.pre(f.child.dateOfBirth <= asOf);
        const decision = decide(llr, f, lookups, asOf);
        expect(decision.criteria.map((c) => c.id)).toEqual([...CRITERION_IDS]);
        expect(decision.outcome).toBe(outcomeOf(decision.criteria.map((c) => c.result)));
        for (const c of decision.criteria) expect(c.reason).toMatch(/^\S.*\.$/u);
        expect(decision.missing.length > 0).toBe(decision.criteria.some((c) => c.result === 'unknown'));
      }),
      { numRuns: 500 },
    );
  });
});
