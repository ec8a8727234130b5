/**
 * A referral as triage sees it, read in one place, and the one way a referral is changed under optimistic locking:
 * the update names the version it read, so of two people deciding at once exactly one changes the row; the other is
 * told whether the referral changed (and shown it as it is now) or is gone. Every query names its service.
 */
import type { Updateable } from 'kysely';
import type { EligibilityDecision } from '../../domain/eligibility/index.js';
import type { Answers } from '../../domain/forms/fields.js';
import type { ReferralStatus } from '../../domain/referrals/lifecycle.js';
import type { TriageChild, TriageReferral } from '../../domain/referrals/triage-referral.js';
import type { ReferralsTable } from '../database.js';
import type { Executor } from '../executor.js';
import { referralAttachments } from './attachments.repository.js';
import { referralEvents } from './referral-events.repository.js';

function parse<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const toChild = (c: {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  nhs_number: string | null;
  postcode: string;
}): TriageChild => ({
  id: c.id,
  givenName: c.given_name,
  familyName: c.family_name,
  dateOfBirth: c.date_of_birth,
  nhsNumber: c.nhs_number,
  postcode: c.postcode,
});

/** A referral of this service with its child, the record that may be the same child, its files and its history. */
export async function findTriageReferral(
  db: Executor,
  serviceId: string,
  referralId: string,
): Promise<TriageReferral | undefined> {
  const row = await db
    .selectFrom('referrals')
    .innerJoin('children', 'children.id', 'referrals.child_id')
    .select([
      'referrals.id',
      'referrals.reference',
      'referrals.status',
      'referrals.version',
      'referrals.source',
      'referrals.received_on',
      'referrals.referrer_type',
      'referrals.referrer_name',
      'referrals.answers',
      'referrals.eligibility',
      'referrals.pathway',
      'referrals.priority',
      'referrals.setting',
      'referrals.reply_due_on',
      'referrals.reply_reminded_at',
      'referrals.clock_from',
      'referrals.decided_at',
      'referrals.overridden',
      'referrals.safeguarding_concern',
      'referrals.child_match',
      'referrals.possible_child_id',
      'children.id as child_id',
      'children.given_name',
      'children.family_name',
      'children.date_of_birth',
      'children.nhs_number',
      'children.postcode',
    ])
    .where('referrals.service_id', '=', serviceId)
    .where('referrals.id', '=', referralId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const possible =
    row.possible_child_id === null
      ? undefined
      : await db
          .selectFrom('children')
          .select(['id', 'given_name', 'family_name', 'date_of_birth', 'nhs_number', 'postcode'])
          .where('service_id', '=', serviceId)
          .where('id', '=', row.possible_child_id)
          .executeTakeFirst();
  const attachments = await referralAttachments(db, serviceId, referralId);
  const events = await referralEvents(db, serviceId, referralId);
  return {
    id: row.id,
    reference: row.reference,
    status: row.status as ReferralStatus,
    version: row.version,
    source: row.source,
    receivedOn: row.received_on,
    referrerType: row.referrer_type,
    referrerName: row.referrer_name,
    answers: parse<Answers>(row.answers, {}),
    eligibility: parse<EligibilityDecision>(row.eligibility, {
      outcome: 'unclear',
      service: serviceId,
      policyVersion: '',
      asOf: row.received_on,
      criteria: [],
      missing: [],
    }),
    pathway: row.pathway,
    priority: row.priority,
    setting: row.setting,
    replyDueOn: row.reply_due_on,
    replyRemindedAt: row.reply_reminded_at,
    clockFrom: row.clock_from,
    decidedAt: row.decided_at,
    overridden: row.overridden === 1,
    safeguardingConcern: row.safeguarding_concern === 1,
    childMatch: row.child_match,
    child: toChild({ ...row, id: row.child_id }),
    possibleMatch: possible === undefined ? null : toChild(possible),
    attachments,
    events,
  };
}

/** What a versioned change may write onto a referral; its version and updated_at are the repository's to set. */
export type ReferralChanges = Omit<
  Updateable<ReferralsTable>,
  'id' | 'service_id' | 'reference' | 'child_id' | 'version' | 'updated_at' | 'created_at'
>;

export type VersionedUpdate =
  { ok: true } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'conflict'; current: TriageReferral };

/**
 * Changes the referral if it is still at `expectedVersion`, moving it to the next version. When no row changed, the
 * referral is read again in the same transaction to tell "someone else changed it" (with the referral as it is now)
 * from "it is not there". Call it in the use case's transaction, so that what follows commits with the change.
 */
export async function updateReferralAtVersion(
  trx: Executor,
  serviceId: string,
  referralId: string,
  expectedVersion: number,
  changes: ReferralChanges,
  now: string,
): Promise<VersionedUpdate> {
  const updated = await trx
    .updateTable('referrals')
    .set({ ...changes, updated_at: now, version: expectedVersion + 1 })
    .where('service_id', '=', serviceId)
    .where('id', '=', referralId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 1n) return { ok: true };
  const latest = await findTriageReferral(trx, serviceId, referralId);
  return latest === undefined ? { ok: false, reason: 'not-found' } : { ok: false, reason: 'conflict', current: latest };
}
