/**
 * Appointments (docs/adr/0037): the appointment row with its staff and children, written together in the booking's
 * transaction (the busy time is claimed beside them, diary-busy.repository.ts); one appointment read back with its
 * people and place; a child added to a group under the appointment's row lock, so two racing adds for the last place
 * cannot both pass the capacity; cancellation by the service at the version read.
 */
import type { Executor } from '../executor.js';
import { releaseAppointmentBusy } from './diary-busy.repository.js';

export interface NewAppointment {
  id: string;
  serviceId: string;
  reference: string;
  type: string;
  startsAt: string;
  endsAt: string;
  place: string;
  locationId: string | null;
  roomId: string | null;
  schoolUrn: string | null;
  capacity: number;
  seriesId: string | null;
  createdBy: string | null;
  staffIds: readonly string[];
  episodeIds: readonly string[];
}

export async function insertAppointment(db: Executor, a: NewAppointment, now: string): Promise<void> {
  await db
    .insertInto('appointments')
    .values({
      id: a.id,
      service_id: a.serviceId,
      reference: a.reference,
      type: a.type,
      starts_at: a.startsAt,
      ends_at: a.endsAt,
      place: a.place,
      location_id: a.locationId,
      room_id: a.roomId,
      school_urn: a.schoolUrn,
      capacity: a.capacity,
      series_id: a.seriesId,
      status: 'booked',
      cancelled_by: null,
      cancelled_reason: null,
      cancelled_at: null,
      created_at: now,
      created_by: a.createdBy,
      updated_at: now,
      version: 1,
    })
    .execute();
  await db
    .insertInto('appointment_staff')
    .values(a.staffIds.map((userId) => ({ appointment_id: a.id, user_id: userId, service_id: a.serviceId })))
    .execute();
  for (const episodeId of a.episodeIds) await insertAppointmentChild(db, a.serviceId, a.id, episodeId);
}

async function insertAppointmentChild(db: Executor, serviceId: string, appointmentId: string, episodeId: string) {
  await db
    .insertInto('appointment_children')
    .values({
      appointment_id: appointmentId,
      episode_id: episodeId,
      service_id: serviceId,
      outcome: null,
      outcome_note: null,
      outcome_at: null,
      outcome_by: null,
      late_cancellation: 0,
      family_reply: null,
      family_reply_at: null,
    })
    .execute();
}

export async function referenceTaken(db: Executor, reference: string): Promise<boolean> {
  const row = await db.selectFrom('appointments').select('id').where('reference', '=', reference).executeTakeFirst();
  return row !== undefined;
}

/** Has the episode any appointment booked before (cancelled or not)? */
export async function episodeHasAppointments(db: Executor, serviceId: string, episodeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('appointment_children')
    .select('appointment_id')
    .where('service_id', '=', serviceId)
    .where('episode_id', '=', episodeId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface AppointmentChild {
  episodeId: string;
  episodeStatus: string;
  childId: string;
  givenName: string;
  familyName: string;
  referralReference: string;
  outcome: string | null;
  familyReply: string | null;
}

export interface AppointmentStaffMember {
  userId: string;
  displayName: string;
}

export interface AppointmentPlaceDetail {
  /** The clinic and room, the school, or the child's home (its postcode only). */
  name: string;
  room: string | null;
  postcode: string | null;
}

export interface AppointmentRecord {
  id: string;
  serviceId: string;
  reference: string;
  type: string;
  startsAt: string;
  endsAt: string;
  place: string;
  locationId: string | null;
  roomId: string | null;
  schoolUrn: string | null;
  capacity: number;
  seriesId: string | null;
  status: string;
  cancelledBy: string | null;
  cancelledReason: string | null;
  cancelledAt: string | null;
  version: number;
  staff: AppointmentStaffMember[];
  children: AppointmentChild[];
  where: AppointmentPlaceDetail;
}

/** One appointment of the service with its staff, children and place; undefined for another service's. */
export async function findAppointment(
  db: Executor,
  serviceId: string,
  appointmentId: string,
): Promise<AppointmentRecord | undefined> {
  const a = await db
    .selectFrom('appointments')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('id', '=', appointmentId)
    .executeTakeFirst();
  if (a === undefined) return undefined;
  const staff = await db
    .selectFrom('appointment_staff')
    .innerJoin('users', 'users.id', 'appointment_staff.user_id')
    .select(['users.id as userId', 'users.display_name as displayName'])
    .where('appointment_staff.appointment_id', '=', a.id)
    .orderBy('users.display_name')
    .execute();
  const children = await db
    .selectFrom('appointment_children as ac')
    .innerJoin('episodes as e', 'e.id', 'ac.episode_id')
    .innerJoin('children as c', 'c.id', 'e.child_id')
    .innerJoin('referrals as r', 'r.id', 'e.referral_id')
    .select([
      'ac.episode_id as episodeId',
      'e.status as episodeStatus',
      'c.id as childId',
      'c.given_name as givenName',
      'c.family_name as familyName',
      'c.postcode as postcode',
      'r.reference as referralReference',
      'ac.outcome as outcome',
      'ac.family_reply as familyReply',
    ])
    .where('ac.appointment_id', '=', a.id)
    .orderBy('c.family_name')
    .orderBy('c.given_name')
    .execute();
  let where: AppointmentPlaceDetail = { name: 'At home', room: null, postcode: children[0]?.postcode ?? null };
  if (a.place === 'clinic' && a.location_id !== null) {
    const loc = await db
      .selectFrom('locations')
      .leftJoin('rooms', (j) => j.on('rooms.id', '=', a.room_id ?? '').onRef('rooms.location_id', '=', 'locations.id'))
      .select(['locations.name as name', 'locations.postcode as postcode', 'rooms.name as room'])
      .where('locations.id', '=', a.location_id)
      .executeTakeFirst();
    if (loc !== undefined) where = { name: loc.name, room: loc.room ?? null, postcode: loc.postcode };
  } else if (a.place === 'school' && a.school_urn !== null) {
    const school = await db
      .selectFrom('schools')
      .select(['name', 'postcode'])
      .where('urn', '=', a.school_urn)
      .executeTakeFirst();
    where = { name: school?.name ?? `School ${a.school_urn}`, room: null, postcode: school?.postcode ?? null };
  }
  return {
    id: a.id,
    serviceId: a.service_id,
    reference: a.reference,
    type: a.type,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    place: a.place,
    locationId: a.location_id,
    roomId: a.room_id,
    schoolUrn: a.school_urn,
    capacity: a.capacity,
    seriesId: a.series_id,
    status: a.status,
    cancelledBy: a.cancelled_by,
    cancelledReason: a.cancelled_reason,
    cancelledAt: a.cancelled_at,
    version: a.version,
    staff,
    children: children.map(({ postcode: _postcode, ...c }) => c),
    where,
  };
}

export type AddChildResult = 'added' | 'full' | 'already-in' | 'not-bookable';

/**
 * Adds a child to a booked group appointment that has a place. The appointment's row is updated first (its version
 * moved on), which takes its row lock: a second add for the same appointment waits for the first to commit and then
 * counts its child (each statement reads what is committed; on SQLite there is one writer at a time), so two racing
 * adds for the last place give one child added and one "full".
 */
export async function addChildToGroup(
  db: Executor,
  serviceId: string,
  appointmentId: string,
  episodeId: string,
  now: string,
): Promise<AddChildResult> {
  const locked = await db
    .updateTable('appointments')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
    .where('service_id', '=', serviceId)
    .where('id', '=', appointmentId)
    .where('status', '=', 'booked')
    .where('capacity', '>', 1)
    .executeTakeFirst();
  if (locked.numUpdatedRows !== 1n) return 'not-bookable';
  const row = await db
    .selectFrom('appointments')
    .select((eb) => [
      'capacity',
      eb
        .selectFrom('appointment_children')
        .select((c) => c.fn.countAll<number | string | bigint>().as('n'))
        .whereRef('appointment_children.appointment_id', '=', 'appointments.id')
        .as('taken'),
      eb
        .selectFrom('appointment_children')
        .select('episode_id')
        .whereRef('appointment_children.appointment_id', '=', 'appointments.id')
        .where('appointment_children.episode_id', '=', episodeId)
        .as('present'),
    ])
    .where('id', '=', appointmentId)
    .executeTakeFirstOrThrow();
  if ((row.present as string | null | undefined) != null) return 'already-in';
  if (Number(row.taken) >= row.capacity) return 'full';
  await insertAppointmentChild(db, serviceId, appointmentId, episodeId);
  return 'added';
}

/**
 * Cancels a booked appointment at the version read, records each child's outcome (where none is recorded yet) and
 * frees its busy time; false when it was cancelled or changed first.
 */
export async function cancelAppointment(
  db: Executor,
  c: {
    serviceId: string;
    appointmentId: string;
    expectedVersion: number;
    by: 'service' | 'family';
    reason: string;
    outcome: string;
    actorUserId: string | null;
  },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('appointments')
    .set({
      status: 'cancelled',
      cancelled_by: c.by,
      cancelled_reason: c.reason,
      cancelled_at: now,
      updated_at: now,
      version: c.expectedVersion + 1,
    })
    .where('service_id', '=', c.serviceId)
    .where('id', '=', c.appointmentId)
    .where('status', '=', 'booked')
    .where('version', '=', c.expectedVersion)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return false;
  await db
    .updateTable('appointment_children')
    .set({ outcome: c.outcome, outcome_at: now, outcome_by: c.actorUserId })
    .where('appointment_id', '=', c.appointmentId)
    .where('outcome', 'is', null)
    .execute();
  await releaseAppointmentBusy(db, c.appointmentId);
  return true;
}
