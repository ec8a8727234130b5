/**
 * What the eligibility engine answers: one result per criterion, in the order of the criteria table, each with a
 * plain-English reason, the facts that would settle what is unknown, and the rules version that gave the answer.
 */
export const CRITERION_IDS = [
  'age',
  'area',
  'difficulties',
  'short-term-illness',
  'acute-surgery',
  'excluded-conditions',
  'ayres-sensory-integration',
  'referrer',
] as const;

export type CriterionId = (typeof CRITERION_IDS)[number];
export type CriterionResult = 'met' | 'not-met' | 'unknown';
export type Outcome = 'eligible' | 'ineligible' | 'unclear';

/** One criterion's answer before it is labelled with its id; `missing` names the facts that would settle `unknown`. */
export interface Evaluation {
  result: CriterionResult;
  reason: string;
  missing: string[];
}

export interface CriterionOutcome {
  id: CriterionId;
  result: CriterionResult;
  reason: string;
}

export interface EligibilityDecision {
  outcome: Outcome;
  service: string;
  policyVersion: string;
  asOf: string;
  criteria: CriterionOutcome[];
  missing: string[];
}

export const met = (reason: string): Evaluation => ({ result: 'met', reason, missing: [] });
export const notMet = (reason: string): Evaluation => ({ result: 'not-met', reason, missing: [] });
export const unknown = (reason: string, missing: string[]): Evaluation => ({ result: 'unknown', reason, missing });

/** Ineligible if any criterion is not met; else unclear if any is unknown; else eligible. */
export function outcomeOf(results: readonly CriterionResult[]): Outcome {
  if (results.includes('not-met')) return 'ineligible';
  if (results.includes('unknown')) return 'unclear';
  return 'eligible';
}
