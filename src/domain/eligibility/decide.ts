/**
 * The eligibility engine: a pure function of the service definition, the facts, the reference look-ups and the
 * decision date. It answers every criterion, in the criteria table's order, with its reason, and the outcome.
 */
import type { ReferenceLookups } from '../reference/types.js';
import type { ServiceDefinition } from '../service/definition.js';
import { age } from './criteria/age.js';
import { area } from './criteria/area.js';
import { ayresSensoryIntegration } from './criteria/ayres.js';
import type { CriterionContext } from './criteria/context.js';
import { difficulties } from './criteria/difficulties.js';
import { excludedConditions } from './criteria/excluded-conditions.js';
import { acuteSurgery, shortTermIllness } from './criteria/recovery.js';
import { referrer } from './criteria/referrer.js';
import { outcomeOf, type CriterionId, type EligibilityDecision, type Evaluation } from './decision.js';
import type { EligibilityFacts } from './facts.js';

const CRITERIA: readonly (readonly [CriterionId, (context: CriterionContext) => Evaluation])[] = [
  ['age', age],
  ['area', area],
  ['difficulties', difficulties],
  ['short-term-illness', shortTermIllness],
  ['acute-surgery', acuteSurgery],
  ['excluded-conditions', excludedConditions],
  ['ayres-sensory-integration', ayresSensoryIntegration],
  ['referrer', referrer],
];

export function decide(
  definition: ServiceDefinition,
  facts: EligibilityFacts,
  lookups: ReferenceLookups,
  asOf: string,
): EligibilityDecision {
  const context: CriterionContext = { definition, facts, lookups, asOf };
  const evaluations = CRITERIA.map(([id, evaluate]) => ({ id, ...evaluate(context) }));
  return {
    outcome: outcomeOf(evaluations.map((e) => e.result)),
    service: definition.id,
    policyVersion: definition.policyVersion,
    asOf,
    criteria: evaluations.map(({ id, result, reason }) => ({ id, result, reason })),
    missing: [...new Set(evaluations.flatMap((e) => e.missing))],
  };
}
