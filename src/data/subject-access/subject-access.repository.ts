/**
 * The queries of the subject access export (ADR 0030): everything Otway holds about one child of one service, read
 * as it is stored, and the audit events that name it. A child confirmed to be the same as an older record
 * (`merged_into`) is exported with that record. Every query names its service, except the audit trail's, which is
 * read by its subjects (ids that are unique across services) through `audit_subject_idx`.
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

/** Everything recorded about the children after acceptance (issue 14), table by table, as it is stored. */
export interface ClinicalRecordRows {
  episodes: Record<string, unknown>[];
  appointments: Record<string, unknown>[];
  alerts: Record<string, unknown>[];
  breakGlassAccesses: Record<string, unknown>[];
  contactNotes: Record<string, unknown>[];
  contactNoteVersions: Record<string, unknown>[];
  contactNoteAddenda: Record<string, unknown>[];
  consents: Record<string, unknown>[];
  assessments: Record<string, unknown>[];
  goals: Record<string, unknown>[];
  goalRatings: Record<string, unknown>[];
  tomsRatings: Record<string, unknown>[];
  equipmentIssues: Record<string, unknown>[];
  equipmentEvents: Record<string, unknown>[];
  discharges: Record<string, unknown>[];
  adviceGiven: Record<string, unknown>[];
  dischargeLetters: (Record<string, unknown> & { id: string; stored_as: string; recipient: string })[];
}

/**
 * The clinical record of these children (the same child's records together): each table read by the child's index
 * (or by its parent's ids), within the service. The discharge letters' HTML is left out: their PDFs go in the archive.
 */
export async function clinicalRecordOf(
  db: Executor,
  serviceId: string,
  childIds: readonly string[],
): Promise<ClinicalRecordRows> {
  const ids = [...childIds];
  /** A table of the record with `service_id` and `child_id`, read by the child's index. */
  const byChild = (
    table:
      | 'child_alerts'
      | 'break_glass_accesses'
      | 'contact_notes'
      | 'consents'
      | 'assessments'
      | 'goals'
      | 'goal_ratings'
      | 'toms_ratings'
      | 'equipment_issues'
      | 'discharges'
      | 'advice_given',
  ) =>
    db
      .selectFrom(table as 'child_alerts')
      .selectAll()
      .where('service_id', '=', serviceId)
      .where('child_id', 'in', ids)
      .execute() as Promise<Record<string, unknown>[]>;
  const episodes = await db
    .selectFrom('episodes')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('child_id', 'in', ids)
    .orderBy('accepted_at')
    .execute();
  const episodeIds = episodes.map((e) => e.id);
  const appointments =
    episodeIds.length === 0
      ? []
      : await db
          .selectFrom('appointment_children as ac')
          .innerJoin('appointments as a', 'a.id', 'ac.appointment_id')
          .select([
            'a.id',
            'a.reference',
            'a.type',
            'a.starts_at',
            'a.ends_at',
            'a.place',
            'a.location_id',
            'a.school_urn',
            'a.status',
            'a.cancelled_by',
            'a.cancelled_reason',
            'a.cancelled_at',
            'ac.episode_id',
            'ac.outcome',
            'ac.outcome_note',
            'ac.outcome_at',
            'ac.outcome_by',
            'ac.late_cancellation',
            'ac.family_reply',
            'ac.family_reply_at',
          ])
          .where('ac.service_id', '=', serviceId)
          .where('ac.episode_id', 'in', episodeIds)
          .orderBy('a.starts_at')
          .execute();
  const [alerts, breakGlassAccesses, contactNotes, consents, assessments, goals, goalRatings, tomsRatings] =
    await Promise.all([
      byChild('child_alerts'),
      byChild('break_glass_accesses'),
      byChild('contact_notes'),
      byChild('consents'),
      byChild('assessments'),
      byChild('goals'),
      byChild('goal_ratings'),
      byChild('toms_ratings'),
    ]);
  const [equipmentIssues, discharges, adviceGiven] = await Promise.all([
    byChild('equipment_issues'),
    byChild('discharges'),
    byChild('advice_given'),
  ]);
  const noteIds = contactNotes.map((n) => String(n.id));
  const issueIds = equipmentIssues.map((i) => String(i.id));
  const [contactNoteVersions, contactNoteAddenda, equipmentEvents, dischargeLetters] = await Promise.all([
    noteIds.length === 0
      ? []
      : db.selectFrom('contact_note_versions').selectAll().where('note_id', 'in', noteIds).orderBy('version').execute(),
    noteIds.length === 0
      ? []
      : db
          .selectFrom('contact_note_addenda')
          .selectAll()
          .where('note_id', 'in', noteIds)
          .orderBy('created_at')
          .execute(),
    issueIds.length === 0
      ? []
      : db
          .selectFrom('equipment_events')
          .selectAll()
          .where('service_id', '=', serviceId)
          .where('issue_id', 'in', issueIds)
          .orderBy('on_date')
          .execute(),
    db
      .selectFrom('discharge_letters')
      .select([
        'id',
        'discharge_id',
        'child_id',
        'recipient',
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
      .where('child_id', 'in', ids)
      .orderBy('created_at')
      .execute(),
  ]);
  return {
    episodes,
    appointments,
    alerts,
    breakGlassAccesses,
    contactNotes,
    contactNoteVersions,
    contactNoteAddenda,
    consents,
    assessments,
    goals,
    goalRatings,
    tomsRatings,
    equipmentIssues,
    equipmentEvents,
    discharges,
    adviceGiven,
    dischargeLetters,
  };
}
