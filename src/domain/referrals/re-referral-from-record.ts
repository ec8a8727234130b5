/**
 * A parent or carer re-referring after discharge (issue 14 item 8): the eligibility engine takes the discharge date
 * from the child's record, not from what the parent remembers, when the service knows the child. The child is the
 * same when the name and date of birth are the same (as `sameDetails` compares them) and the NHS numbers do not
 * differ (both given and equal, or either not given): an NHS number alone with another name is the conflict triage
 * resolves (child-match.ts), never a reason to read another child's record. Pure.
 */
import type { EligibilityFacts } from '../eligibility/facts.js';
import type { ServiceDefinition } from '../service/definition.js';
import { sameDetails, type ChildDetails, type KnownChild } from './child-match.js';

/** The known records that are this child, for reading their discharges. */
export function recordsOfSameChild(child: ChildDetails, candidates: readonly KnownChild[]): string[] {
  return candidates
    .filter(
      (c) =>
        sameDetails(c, child) && (child.nhsNumber === null || c.nhsNumber === null || c.nhsNumber === child.nhsNumber),
    )
    .map((c) => c.id);
}

/** Whether the facts' referrer is one who may refer only within the re-referral window (a parent or carer). */
export function refersWithinWindow(facts: EligibilityFacts, definition: ServiceDefinition): boolean {
  const type = facts.referrer?.type;
  return definition.referrers.some((r) => r.id === type && r.mayRefer === 'within-re-referral-window');
}

/**
 * The facts with the referrer's `childDischargedOn` taken from the record's latest discharge, for a referrer who may
 * refer only within the window; the facts unchanged when the record holds no discharge or the referrer is another.
 */
export function withRecordedDischarge(
  facts: EligibilityFacts,
  definition: ServiceDefinition,
  recordedDischargedOn: string | null,
): EligibilityFacts {
  if (recordedDischargedOn === null || facts.referrer === undefined || !refersWithinWindow(facts, definition)) {
    return facts;
  }
  return { ...facts, referrer: { ...facts.referrer, childDischargedOn: recordedDischargedOn } };
}
