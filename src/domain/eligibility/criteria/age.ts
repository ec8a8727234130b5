/**
 * Age in completed years on the decision date: under the lower age always; from it up to the upper age only in
 * full-time education; at or over the upper age never.
 */
import { ageInYears } from '../../shared/dates.js';
import { met, notMet, unknown, type Evaluation } from '../decision.js';
import type { CriterionContext } from './context.js';

export function age({ definition, facts, asOf }: CriterionContext): Evaluation {
  const { alwaysUnder, inFullTimeEducationUnder: educationUnder } = definition.eligibility.ages;
  const years = ageInYears(facts.child.dateOfBirth, asOf);
  const aged = `Aged ${String(years)}`;
  if (years < alwaysUnder) return met(`${aged}: under ${String(alwaysUnder)}.`);
  if (years >= educationUnder) return notMet(`${aged}: ${String(educationUnder)} or over.`);
  const band = `${String(alwaysUnder)} to ${String(educationUnder - 1)}`;
  switch (facts.child.inFullTimeEducation) {
    case true:
      return met(`${aged}: ${band} and in full-time education.`);
    case false:
      return notMet(`${aged}: ${band} and not in full-time education.`);
    default:
      return unknown(`${aged}: ${band}, so it depends on whether they are in full-time education.`, [
        'child.inFullTimeEducation',
      ]);
  }
}
