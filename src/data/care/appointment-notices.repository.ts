/**
 * What telling families about appointments reads and writes (docs/adr/0040): an appointment as its letter describes it,
 * the family's contact as the referral gave it, the reminders sent (`appointment_reminders`, whose primary key keeps a
 * reminder from going twice) and the family's reply. The letters are in appointment-letters.repository.ts.
 */
import type { Executor } from '../executor.js';
import { noticeTables as tables } from './appointment-notice-tables.js';

export interface NoticeAppointment {
  id: string;
  serviceId: string;
  type: string;
  startsAt: string;
  endsAt: string;
  place: 'clinic' | 'home' | 'school';
  status: string;
  createdAt: string;
  locationName: string | null;
  locationAddressLines: string[];
  schoolName: string | null;
  clinicians: string[];
}

const lines = (...values: (string | null)[]) => values.filter((v): v is string => v !== null && v.trim() !== '');

/** Appointments of the service, as their letters describe them; ids of another service are simply not there. */
export async function appointmentsForNotice(
  db: Executor,
  serviceId: string,
  ids: readonly string[],
): Promise<NoticeAppointment[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('appointments')
    .leftJoin('locations', 'locations.id', 'appointments.location_id')
    .leftJoin('schools', 'schools.urn', 'appointments.school_urn')
    .select([
      'appointments.id',
      'appointments.service_id',
      'appointments.type',
      'appointments.starts_at',
      'appointments.ends_at',
      'appointments.place',
      'appointments.status',
      'appointments.created_at',
      'locations.name as location_name',
      'locations.address_line_1',
      'locations.address_line_2',
      'locations.town',
      'locations.postcode',
      'schools.name as school_name',
    ])
    .where('appointments.service_id', '=', serviceId)
    .where('appointments.id', 'in', [...ids])
    .orderBy('appointments.starts_at')
    .execute();
  const staff = await db
    .selectFrom('appointment_staff')
    .innerJoin('users', 'users.id', 'appointment_staff.user_id')
    .select(['appointment_staff.appointment_id', 'users.display_name'])
    .where('appointment_staff.service_id', '=', serviceId)
    .where('appointment_staff.appointment_id', 'in', [...ids])
    .orderBy('users.display_name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    type: r.type,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    place: r.place as NoticeAppointment['place'],
    status: r.status,
    createdAt: r.created_at,
    locationName: r.location_name,
    locationAddressLines: lines(r.address_line_1, r.address_line_2, r.town, r.postcode),
    schoolName: r.school_name,
    clinicians: staff.filter((s) => s.appointment_id === r.id).map((s) => s.display_name),
  }));
}

export interface EpisodeFamily {
  episodeId: string;
  referralId: string;
  reference: string;
  childGivenName: string;
  /** The school as the referrer typed it (not in the reference data), when that is all there is. */
  schoolTyped: string | null;
  /** The referral's answers, from which the family's contact is taken (parent1*, the child's address). */
  answers: string;
}

/** The child and referral behind an episode of the service. */
export async function familyOfEpisode(
  db: Executor,
  serviceId: string,
  episodeId: string,
): Promise<EpisodeFamily | undefined> {
  const row = await db
    .selectFrom('episodes')
    .innerJoin('referrals', 'referrals.id', 'episodes.referral_id')
    .innerJoin('children', 'children.id', 'episodes.child_id')
    .select([
      'episodes.id',
      'episodes.referral_id',
      'referrals.reference',
      'referrals.answers',
      'children.given_name',
      'children.school_typed',
    ])
    .where('episodes.service_id', '=', serviceId)
    .where('referrals.service_id', '=', serviceId)
    .where('episodes.id', '=', episodeId)
    .executeTakeFirst();
  return (
    row && {
      episodeId: row.id,
      referralId: row.referral_id,
      reference: row.reference,
      childGivenName: row.given_name,
      schoolTyped: row.school_typed,
      answers: row.answers,
    }
  );
}

export interface ReminderCandidate {
  serviceId: string;
  appointmentId: string;
  episodeId: string;
  startsAt: string;
  createdAt: string;
  /** The kinds already recorded for this appointment and child. */
  done: string[];
}

/** Booked appointments starting after `from` and up to `to` (every service), each child with its reminders so far. */
export async function reminderCandidates(db: Executor, from: string, to: string): Promise<ReminderCandidate[]> {
  const rows = await db
    .selectFrom('appointments')
    .innerJoin('appointment_children', 'appointment_children.appointment_id', 'appointments.id')
    .select([
      'appointments.service_id',
      'appointments.id',
      'appointment_children.episode_id',
      'appointments.starts_at',
      'appointments.created_at',
    ])
    .where('appointments.status', '=', 'booked')
    .where('appointments.starts_at', '>', from)
    .where('appointments.starts_at', '<=', to)
    .where('appointment_children.outcome', 'is', null)
    .orderBy('appointments.starts_at')
    .execute();
  if (rows.length === 0) return [];
  const done = await tables(db)
    .selectFrom('appointment_reminders')
    .select(['appointment_id', 'episode_id', 'kind'])
    .where('appointment_id', 'in', [...new Set(rows.map((r) => r.id))])
    .execute();
  return rows.map((r) => ({
    serviceId: r.service_id,
    appointmentId: r.id,
    episodeId: r.episode_id,
    startsAt: r.starts_at,
    createdAt: r.created_at,
    done: done.filter((d) => d.appointment_id === r.id && d.episode_id === r.episode_id).map((d) => d.kind),
  }));
}

/**
 * Claims one reminder in the caller's transaction: true for exactly one of two servers racing (the primary key
 * refuses the second, which waits for the first to commit and then inserts nothing).
 */
export async function claimReminder(
  db: Executor,
  r: { serviceId: string; appointmentId: string; episodeId: string; kind: string; result: string },
  now: string,
): Promise<boolean> {
  const result = await tables(db)
    .insertInto('appointment_reminders')
    .values({
      appointment_id: r.appointmentId,
      episode_id: r.episodeId,
      kind: r.kind,
      service_id: r.serviceId,
      result: r.result,
      outbox_message_id: null,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['appointment_id', 'episode_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function setReminderMessage(
  db: Executor,
  r: { appointmentId: string; episodeId: string; kind: string },
  outboxMessageId: string,
): Promise<void> {
  await tables(db)
    .updateTable('appointment_reminders')
    .set({ outbox_message_id: outboxMessageId })
    .where('appointment_id', '=', r.appointmentId)
    .where('episode_id', '=', r.episodeId)
    .where('kind', '=', r.kind)
    .execute();
}

/** The family's reply on one child's place in an appointment; false when the child is not in it. */
export async function setFamilyReply(
  db: Executor,
  r: { serviceId: string; appointmentId: string; episodeId: string; reply: string; late: boolean },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('appointment_children')
    .set({ family_reply: r.reply, family_reply_at: now, ...(r.late && { late_cancellation: 1 }) })
    .where('service_id', '=', r.serviceId)
    .where('appointment_id', '=', r.appointmentId)
    .where('episode_id', '=', r.episodeId)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
