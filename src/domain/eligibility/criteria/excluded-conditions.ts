/**
 * Conditions the service does not take, unless (where the definition allows it) a significant overriding community
 * issue, such as being unable to leave home, is reported; triage must then confirm the override.
 */
import { met, notMet, type Evaluation } from '../decision.js';
import { listInWords, type CriterionContext } from './context.js';

export function excludedConditions({ definition, facts }: CriterionContext): Evaluation {
  const { codes, overriddenByCommunityIssue } = definition.eligibility.excludedConditions;
  const excluded = definition.conditions.filter((c) => codes.includes(c.code) && facts.conditions?.includes(c.code));
  if (excluded.length === 0) return met('No condition that the service does not take was reported.');
  const has = `Has ${listInWords(excluded.map((c) => c.label.charAt(0).toLowerCase() + c.label.slice(1)))}`;
  if (!overriddenByCommunityIssue) return notMet(`${has}, which the service does not take.`);
  if (facts.overridingCommunityIssue === true) {
    return met(
      `${has}, which the service does not usually take, but a significant overriding community issue was reported: triage must confirm the override.`,
    );
  }
  return notMet(`${has}, which the service does not take unless there is a significant overriding community issue.`);
}
