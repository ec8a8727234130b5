/**
 * The words people read for a referral's codes: its status, priority, setting, the decisions, the eligibility
 * outcome and each criterion's result, the source it came by, and the events of its history. Each map is typed over
 * its union, so that a new status, decision or match state does not compile until it has words here; every page,
 * list and export takes its words from this one module.
 */
import type { CriterionResult, Outcome } from '../eligibility/decision.js';
import type { MatchState } from './child-match.js';
import type { ActionType, Priority, ReferralStatus, Setting } from './lifecycle.js';

export const STATUS_LABELS: Record<ReferralStatus, string> = {
  'awaiting-triage': 'Awaiting triage',
  'more-information-requested': 'More information requested',
  accepted: 'Accepted',
  'not-accepted': 'Not accepted',
  redirected: 'Redirected',
  closed: 'Closed with advice',
  withdrawn: 'Withdrawn',
};

export const PRIORITY_LABELS: Record<Priority, string> = { urgent: 'Urgent', soon: 'Soon', routine: 'Routine' };

export const SETTING_LABELS: Record<Setting, string> = { clinic: 'In clinic', home: 'At home', school: 'At school' };

/** Each decision's name: the title of its page, its link on the referral's page and its line in the history. */
export const DECISION_TITLES: Record<ActionType, string> = {
  accept: 'Accept onto a care pathway',
  decline: 'Do not accept',
  redirect: 'Redirect to another service',
  'request-information': 'Ask the referrer for more information',
  'information-received': 'Record that the information has arrived',
  'give-advice': 'Give advice and close',
  withdraw: 'Withdraw the referral',
};

export const ELIGIBILITY_OUTCOME_LABELS: Record<Outcome, string> = {
  eligible: 'Meets the criteria',
  ineligible: 'Does not meet the criteria',
  unclear: 'Unclear',
};

export const CRITERION_RESULT_LABELS: Record<CriterionResult, string> = {
  met: 'Met',
  'not-met': 'Not met',
  unknown: 'Not known',
};

/** How a referral reached the service. */
export const REFERRAL_SOURCE_LABELS: Record<'online' | 'post' | 'email' | 'telephone', string> = {
  online: 'Online',
  post: 'By post',
  email: 'By email',
  telephone: 'By telephone',
};

/** The match states a clinician's answer leads to; the history records each as `child-match-<state>`. */
type AnsweredMatch = Extract<MatchState, 'confirmed-same' | 'not-same' | 'nhs-number-wrong' | 'nhs-number-checked'>;

/** The history's names for a clinician's answer about the child's record. */
export const MATCH_EVENT_TITLES: Record<`child-match-${AnsweredMatch}`, string> = {
  'child-match-confirmed-same': 'Confirmed the same child as a known record (records merged)',
  'child-match-not-same': 'Confirmed a different child from the possible match',
  'child-match-nhs-number-wrong': 'Confirmed a different child from the record with this NHS number',
  'child-match-nhs-number-checked': 'Checked the details that differ from the record',
};

/** The history's name for Otway's own reminder of an overdue reply. */
export const REPLY_REMINDER_TITLE = 'Reminder sent: reply overdue';

/**
 * The label of a stored code, or the code itself when it has none (a value written by an older or newer release);
 * null stays null.
 */
export function labelOf<K extends string>(labels: Readonly<Record<K, string>>, code: string): string;
export function labelOf<K extends string>(labels: Readonly<Record<K, string>>, code: string | null): string | null;
export function labelOf<K extends string>(labels: Readonly<Record<K, string>>, code: string | null): string | null {
  if (code === null) return null;
  return Object.hasOwn(labels, code) ? labels[code as K] : code;
}

/** A history event's title: a decision, a reminder, an answer about the child's record, or the code as stored. */
export function eventTitle(action: string): string {
  if (action === 'reply-reminder') return REPLY_REMINDER_TITLE;
  if (Object.hasOwn(DECISION_TITLES, action)) return DECISION_TITLES[action as ActionType];
  return labelOf(MATCH_EVENT_TITLES, action);
}
