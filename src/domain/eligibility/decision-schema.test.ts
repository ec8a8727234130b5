import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import llrJson from '../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import { decide } from './decide.js';
import { decisionSchema } from './decision-schema.js';
import { parseFacts } from './parse-facts.js';
import { CRITERIA_EXAMPLE_REQUEST, aPractice, aSchool, definitionFrom, eligibleFacts, lookupsOf } from './test-kit.js';

const llr = definitionFrom(llrJson);
const lookups = lookupsOf([aPractice()], [aSchool()]);

describe('decisionSchema', () => {
  it("accepts the engine's real answers: eligible, unclear and ineligible", () => {
    const parsed = parseFacts(llr, CRITERIA_EXAMPLE_REQUEST, '2030-01-01');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const answers = [
      decide(llr, parsed.facts, lookups, parsed.asOf),
      decide(llr, eligibleFacts({ referrer: undefined }), lookups, '2026-11-27'),
      decide(llr, eligibleFacts({ child: { dateOfBirth: '2000-01-01' } }), lookups, '2026-11-27'),
    ];
    expect(answers.map((a) => a.outcome)).toEqual(['eligible', 'unclear', 'ineligible']);
    for (const answer of answers) expect(decisionSchema.parse(answer)).toEqual(answer);
  });

  it('accepts every answer the engine gives to any valid facts', () => {
    const facts = fc.record(
      {
        asOf: fc.constantFrom('2026-11-27', '2020-01-01'),
        child: fc.record(
          {
            dateOfBirth: fc.constantFrom('2014-05-02', '2019-12-31', '2001-01-01'),
            gpPracticeCode: fc.constantFrom('C82044', 'Y99999'),
            gpPracticeInArea: fc.boolean(),
            schoolUrn: fc.constantFrom('120345', '999999'),
            inFullTimeEducation: fc.boolean(),
          },
          { requiredKeys: ['dateOfBirth'] },
        ),
        difficulties: fc.subarray(['movement', 'sensory', 'functional']),
        conditions: fc.subarray(['autism', 'mental-health', 'adhd']),
        shortTermAcuteIllness: fc.boolean(),
        requestsAyresSensoryIntegration: fc.boolean(),
        referrer: fc.record(
          { type: fc.constantFrom('gp', 'parent-carer', 'self'), childDischargedOn: fc.constant('2026-01-01') },
          { requiredKeys: ['type'] },
        ),
      },
      { requiredKeys: ['child'] },
    );
    fc.assert(
      fc.property(facts, (input) => {
        const parsed = parseFacts(llr, input, '2026-11-27');
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        const answer = decide(llr, parsed.facts, lookups, parsed.asOf);
        expect(decisionSchema.safeParse(answer).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
