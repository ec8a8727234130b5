/**
 * A referral as triage sees it: everything the referrer gave with its eligibility decision, the child's record and the
 * record that may be the same child, the files sent with it and the history of decisions.
 */
import type { EligibilityDecision } from '../eligibility/index.js';
import type { Answers } from '../forms/fields.js';
import type { ReferralStatus } from './lifecycle.js';

export interface ReferralEvent {
  occurredAt: string;
  actorName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  detail: Record<string, unknown>;
}

/** A child's record as triage shows it. */
export interface TriageChild {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber: string | null;
  postcode: string;
}

export interface TriageReferral {
  id: string;
  reference: string;
  status: ReferralStatus;
  version: number;
  source: string;
  receivedOn: string;
  referrerType: string;
  referrerName: string;
  answers: Answers;
  eligibility: EligibilityDecision;
  pathway: string | null;
  priority: string | null;
  setting: string | null;
  replyDueOn: string | null;
  /** When the referrer was reminded that the reply is overdue, once for each request. */
  replyRemindedAt: string | null;
  /** The date the triage clock counts from (moved on by each pause for more information). */
  clockFrom: string;
  /** When the last decision was made: for a referral waiting for more information, when the clock was paused. */
  decidedAt: string | null;
  overridden: boolean;
  safeguardingConcern: boolean;
  childMatch: string;
  child: TriageChild;
  possibleMatch: TriageChild | null;
  attachments: { id: string; fileName: string; mediaType: string; sizeBytes: number }[];
  events: ReferralEvent[];
}
