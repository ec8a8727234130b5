/**
 * The clinical record of a child for the subject access export (issue 14, ADR 0030): everything recorded after
 * acceptance (episodes, appointments, alerts, break-glass accesses, notes with their versions and addenda, consents,
 * assessments, goals and their ratings, TOMs, equipment and its events, discharges and their letters, advice given),
 * table by table as it is stored. Each table read by the child's index (or by its parent's ids), within the service.
 */
import type { Executor } from '../executor.js';

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
