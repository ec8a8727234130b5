/**
 * At least one of the difficulties the service works with. Whether they are significant, and whether occupational
 * therapy can change them, is judged at triage.
 */
import { met, notMet, unknown, type Evaluation } from '../decision.js';
import { listInWords, type CriterionContext } from './context.js';

export function difficulties({ definition, facts }: CriterionContext): Evaluation {
  const known = definition.eligibility.difficulties;
  const given = facts.difficulties;
  if (given === undefined) return unknown("The child's difficulties were not given.", ['difficulties']);
  const labels = known.filter((d) => given.includes(d.code)).map((d) => d.label);
  if (labels.length === 0) {
    return notMet(
      `No ${listInWords(
        known.map((d) => d.label),
        'or',
      )} difficulties were given.`,
    );
  }
  return met(
    `Has ${listInWords(labels)} difficulties (whether they are significant and can be changed by occupational therapy is judged at triage).`,
  );
}
