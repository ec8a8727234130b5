/**
 * The queries of the subject access export (ADR 0030): everything Otway holds about one child of one service, read
 * as it is stored, and the audit events that name it. A child confirmed to be the same as an older record
 * (`merged_into`) is exported with that record. Every query names its service, except the audit trail's, which is
 * read by its subjects (ids that are unique across services) through `audit_subject_idx`. The clinical record's
 * tables are read by subject-access-clinical.repository.ts, the EHCP advice's by subject-access-ehcp.repository.ts.
 */
import type { Selectable } from 'kysely';
import type {
  ChildrenTable,
  OutboxMessagesTable,
  ReferralAttachmentsTable,
  ReferralConsentsTable,
  ReferralEventsTable,
  ReferralLettersTable,
  ReferralsTable,
} from '../database.js';
import type { Executor } from '../executor.js';

export type ChildRecordRow = Selectable<ChildrenTable>;
export type ReferralRecordRow = Selectable<ReferralsTable>;
export type ConsentRow = Selectable<ReferralConsentsTable>;
export type ReferralEventRow = Selectable<ReferralEventsTable>;
export type AttachmentRecordRow = Selectable<ReferralAttachmentsTable>;
export type LetterRecordRow = Omit<Selectable<ReferralLettersTable>, 'html'>;
export type OutboxRecordRow = Omit<Selectable<OutboxMessagesTable>, 'lease_until' | 'check_before_send' | 'version'>;

export interface FoundChild {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  /** The record this one was confirmed to be the same child as, when it was. */
  mergedInto: string | null;
}

/** The children of the service with this NHS number (10 digits, as stored). */
export async function childrenByNhsNumber(db: Executor, serviceId: string, nhsNumber: string): Promise<FoundChild[]> {
  const rows = await db
    .selectFrom('children')
    .select(['id', 'given_name', 'family_name', 'date_of_birth', 'merged_into'])
    .where('service_id', '=', serviceId)
    .where('nhs_number', '=', nhsNumber)
    .orderBy('created_at')
    .orderBy('id')
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    mergedInto: r.merged_into,
  }));
}

/** The child's record and any confirmed to be the same child (merged into it): the child's first. */
export async function childRecords(db: Executor, serviceId: string, childId: string): Promise<ChildRecordRow[]> {
  const rows = await db
    .selectFrom('children')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where((eb) => eb.or([eb('id', '=', childId), eb('merged_into', '=', childId)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return [...rows.filter((r) => r.id === childId), ...rows.filter((r) => r.id !== childId)];
}

export async function referralsOfChildren(
  db: Executor,
  serviceId: string,
  childIds: readonly string[],
): Promise<ReferralRecordRow[]> {
  if (childIds.length === 0) return [];
  return db
    .selectFrom('referrals')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('child_id', 'in', childIds)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

export interface ReferralParts {
  consents: ConsentRow[];
  events: ReferralEventRow[];
  attachments: AttachmentRecordRow[];
  letters: LetterRecordRow[];
  messages: OutboxRecordRow[];
  /** The drafts the referrals were sent from: the audit trail names a draft before it is a referral. */
  draftIds: string[];
}

/** What belongs to these referrals: consent, the decisions' events, files, letters, and messages about them. */
export async function partsOfReferrals(
  db: Executor,
  serviceId: string,
  referralIds: readonly string[],
): Promise<ReferralParts> {
  if (referralIds.length === 0) {
    return { consents: [], events: [], attachments: [], letters: [], messages: [], draftIds: [] };
  }
  const consents = await db
    .selectFrom('referral_consents')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('referral_id', 'in', referralIds)
    .execute();
  const events = await db
    .selectFrom('referral_events')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('referral_id', 'in', referralIds)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  const attachments = await db
    .selectFrom('referral_attachments')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('referral_id', 'in', referralIds)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
  const letters = await db
    .selectFrom('referral_letters')
    .select([
      'id',
      'service_id',
      'referral_id',
      'event_id',
      'recipient_role',
      'recipient_name',
      'channel',
      'subject',
      'content',
      'stored_as',
      'outbox_message_id',
      'created_at',
      'printed_at',
      'printed_by',
    ])
    .where('service_id', '=', serviceId)
    .where('referral_id', 'in', referralIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const messages = await db
    .selectFrom('outbox_messages')
    .select([
      'id',
      'service_id',
      'channel',
      'template',
      'recipient',
      'personalisation',
      'subject_type',
      'subject_id',
      'status',
      'attempts',
      'next_attempt_at',
      'last_error',
      'provider_reference',
      'created_at',
      'sent_at',
      'updated_at',
      'purged_at',
      'attachment_stored_as',
      'attachment_file_name',
    ])
    .where('service_id', '=', serviceId)
    .where('subject_type', '=', 'referral')
    .where('subject_id', 'in', referralIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const drafts = await db
    .selectFrom('referral_drafts')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('submitted_referral_id', 'in', referralIds)
    .execute();
  return { consents, events, attachments, letters, messages, draftIds: drafts.map((d) => d.id) };
}

export interface AccessEventRow {
  id: number;
  occurredAt: string;
  action: string;
  outcome: string;
  subjectType: string | null;
  subjectId: string | null;
  actorUserId: string | null;
  /** The account's name as it is now; null for the system or a person not signed in. */
  actorName: string | null;
  actorRoles: string;
  serviceId: string | null;
}

/** The audit events naming any of these subjects, oldest first, with who did each. */
export async function auditEventsAbout(
  db: Executor,
  subjects: readonly { type: string; ids: readonly string[] }[],
): Promise<AccessEventRow[]> {
  const wanted = subjects.filter((s) => s.ids.length > 0);
  if (wanted.length === 0) return [];
  const rows = await db
    .selectFrom('audit_events')
    .leftJoin('users', 'users.id', 'audit_events.actor_user_id')
    .select([
      'audit_events.id',
      'audit_events.occurred_at',
      'audit_events.action',
      'audit_events.outcome',
      'audit_events.subject_type',
      'audit_events.subject_id',
      'audit_events.actor_user_id',
      'audit_events.actor_roles',
      'audit_events.service_id',
      'users.display_name',
    ])
    .where((eb) =>
      eb.or(
        wanted.map((s) =>
          eb.and([eb('audit_events.subject_type', '=', s.type), eb('audit_events.subject_id', 'in', s.ids)]),
        ),
      ),
    )
    .orderBy('audit_events.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    action: r.action,
    outcome: r.outcome,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    actorUserId: r.actor_user_id,
    actorName: r.display_name,
    actorRoles: r.actor_roles,
    serviceId: r.service_id,
  }));
}
