/** The eligibility engine's public face: parse the facts, then decide. */
export { decide } from './decide.js';
export {
  CRITERION_IDS,
  type CriterionId,
  type CriterionOutcome,
  type EligibilityDecision,
  type Outcome,
} from './decision.js';
export { factsSchema, type EligibilityFacts } from './facts.js';
export { reReferralWindow, type ReReferralWindow } from './criteria/referrer.js';
export { parseFacts, type FactError, type ParsedFacts } from './parse-facts.js';
