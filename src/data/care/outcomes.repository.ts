/**
 * The outcome of an appointment for each child in it (appointment_children), the child's outcome history that the
 * safeguarding flag rule reads, and the open safeguarding flags. An outcome is written only once the appointment has
 * started, and only over the outcome that was read (so two people recording at once give one outcome, and the other
 * is told); a correction keeps the first in the audit trail.
 */
import type { Executor } from '../executor.js';

export interface ChildPlace {
  appointmentId: string;
  episodeId: string;
  reference: string;
  type: string;
  startsAt: string;
  endsAt: string;
  place: string;
  appointmentStatus: string;
  outcome: string | null;
  outcomeNote: string | null;
  outcomeAt: string | null;
  lateCancellation: boolean;
  episodeStatus: string;
  leadClinicianId: string | null;
  childName: string;
  /** The appointment's clinicians, by name. */
  staff: { userId: string; displayName: string }[];
}

/** One child's place in an appointment of the service, with the appointment, episode and child; undefined if none. */
export async function findChildPlace(
  db: Executor,
  serviceId: string,
  appointmentId: string,
  episodeId: string,
): Promise<ChildPlace | undefined> {
  const row = await db
    .selectFrom('appointment_children as ac')
    .innerJoin('appointments as a', 'a.id', 'ac.appointment_id')
    .innerJoin('episodes as e', 'e.id', 'ac.episode_id')
    .innerJoin('children as c', 'c.id', 'e.child_id')
    .select([
      'ac.appointment_id',
      'ac.episode_id',
      'a.reference',
      'a.type',
      'a.starts_at',
      'a.ends_at',
      'a.place',
      'a.status as appointment_status',
      'ac.outcome',
      'ac.outcome_note',
      'ac.outcome_at',
      'ac.late_cancellation',
      'e.status as episode_status',
      'e.lead_clinician_id',
      'c.given_name',
      'c.family_name',
    ])
    .where('ac.service_id', '=', serviceId)
    .where('a.service_id', '=', serviceId)
    .where('e.service_id', '=', serviceId)
    .where('ac.appointment_id', '=', appointmentId)
    .where('ac.episode_id', '=', episodeId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const staff = await db
    .selectFrom('appointment_staff as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 'u.display_name'])
    .where('s.service_id', '=', serviceId)
    .where('s.appointment_id', '=', appointmentId)
    .orderBy('u.display_name')
    .orderBy('s.user_id')
    .execute();
  return {
    appointmentId: row.appointment_id,
    episodeId: row.episode_id,
    reference: row.reference,
    type: row.type,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    place: row.place,
    appointmentStatus: row.appointment_status,
    outcome: row.outcome,
    outcomeNote: row.outcome_note,
    outcomeAt: row.outcome_at,
    lateCancellation: row.late_cancellation === 1,
    episodeStatus: row.episode_status,
    leadClinicianId: row.lead_clinician_id,
    childName: `${row.given_name} ${row.family_name}`,
    staff: staff.map((s) => ({ userId: s.user_id, displayName: s.display_name })),
  };
}

export interface OutcomeWrite {
  outcome: string;
  note: string | null;
  lateCancellation: boolean;
  at: string;
  by: string | null;
}

/**
 * Writes a child's outcome if the appointment has started by `at` and the outcome is still the one read (`expectedAt`
 * null: none recorded yet); false otherwise.
 */
export async function writeOutcome(
  db: Executor,
  serviceId: string,
  appointmentId: string,
  episodeId: string,
  expectedAt: string | null,
  write: OutcomeWrite,
): Promise<boolean> {
  const started = db
    .selectFrom('appointments')
    .select('id')
    .where('id', '=', appointmentId)
    .where('service_id', '=', serviceId)
    .where('starts_at', '<=', write.at);
  const result = await db
    .updateTable('appointment_children')
    .set({
      outcome: write.outcome,
      outcome_note: write.note,
      outcome_at: write.at,
      outcome_by: write.by,
      late_cancellation: write.lateCancellation ? 1 : 0,
    })
    .where('service_id', '=', serviceId)
    .where('appointment_id', '=', appointmentId)
    .where('episode_id', '=', episodeId)
    .where((eb) => (expectedAt === null ? eb('outcome_at', 'is', null) : eb('outcome_at', '=', expectedAt)))
    .where('appointment_id', 'in', started)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export interface HistoryRow {
  appointmentId: string;
  reference: string;
  startsAt: string;
  outcome: string;
  lateCancellation: boolean;
}

/** The episode's appointments with an outcome recorded, in time order. */
export async function outcomeHistory(db: Executor, serviceId: string, episodeId: string): Promise<HistoryRow[]> {
  const rows = await db
    .selectFrom('appointment_children as ac')
    .innerJoin('appointments as a', 'a.id', 'ac.appointment_id')
    .select(['ac.appointment_id', 'a.reference', 'a.starts_at', 'ac.outcome', 'ac.late_cancellation'])
    .where('ac.service_id', '=', serviceId)
    .where('ac.episode_id', '=', episodeId)
    .where('ac.outcome', 'is not', null)
    .orderBy('a.starts_at')
    .orderBy('a.reference')
    .execute();
  return rows.map((r) => ({
    appointmentId: r.appointment_id,
    reference: r.reference,
    startsAt: r.starts_at,
    outcome: r.outcome ?? '',
    lateCancellation: r.late_cancellation === 1,
  }));
}

/** The id of the episode's open task of a kind (about an appointment, when named), the oldest; undefined if none. */
export async function openTaskOf(
  db: Executor,
  serviceId: string,
  episodeId: string,
  kind: string,
  appointmentId?: string,
): Promise<string | undefined> {
  let query = db
    .selectFrom('tasks')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('episode_id', '=', episodeId)
    .where('kind', '=', kind)
    .where('status', '=', 'open');
  if (appointmentId !== undefined) query = query.where('appointment_id', '=', appointmentId);
  const row = await query.orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  return row?.id;
}

export interface FlagRow {
  taskId: string;
  episodeId: string;
  childName: string;
  createdAt: string;
  dueOn: string | null;
  detail: Record<string, unknown>;
}

/** The service's open safeguarding flags, oldest first, with the child each is about. */
export async function openSafeguardingFlags(db: Executor, serviceId: string): Promise<FlagRow[]> {
  const rows = await db
    .selectFrom('tasks as t')
    .innerJoin('episodes as e', 'e.id', 't.episode_id')
    .innerJoin('children as c', 'c.id', 'e.child_id')
    .select(['t.id', 't.episode_id', 't.created_at', 't.due_on', 't.detail', 'c.given_name', 'c.family_name'])
    .where('t.service_id', '=', serviceId)
    .where('e.service_id', '=', serviceId)
    .where('t.kind', '=', 'safeguarding-flag')
    .where('t.status', '=', 'open')
    .orderBy('t.created_at')
    .orderBy('t.id')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    taskId: r.id,
    episodeId: r.episode_id ?? '',
    childName: `${r.given_name} ${r.family_name}`,
    createdAt: r.created_at,
    dueOn: r.due_on,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
}

/** The start times of appointments by id (for the flags page), this service's only. */
export async function appointmentTimes(
  db: Executor,
  serviceId: string,
  appointmentIds: readonly string[],
): Promise<Map<string, { reference: string; startsAt: string }>> {
  if (appointmentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('appointments')
    .select(['id', 'reference', 'starts_at'])
    .where('service_id', '=', serviceId)
    .where('id', 'in', [...new Set(appointmentIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, { reference: r.reference, startsAt: r.starts_at }]));
}
