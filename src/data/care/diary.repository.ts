/**
 * What a diary page reads: the booked appointments of one clinician (through appointment_staff) or one room, with
 * their place; the names of the children in them (for initials only); and the non-clinical blocks. Three queries
 * a page whatever the number of appointments. Also writes and removes blocks; their busy time is claimed and freed
 * through diary-busy.repository.ts in the same transaction.
 */
import type { Executor } from '../executor.js';

export type DiaryOwner = { kind: 'clinician'; userId: string } | { kind: 'room'; roomId: string };

export interface DiaryAppointmentRow {
  id: string;
  type: string;
  startsAt: string;
  endsAt: string;
  place: string;
  locationName: string | null;
  roomName: string | null;
}

export interface DiaryChildRow {
  appointmentId: string;
  givenName: string;
  familyName: string;
}

export interface DiaryBlockRow {
  id: string;
  userId: string | null;
  roomId: string | null;
  kind: string;
  startsAt: string;
  endsAt: string;
  note: string | null;
}

/** Booked appointments of the owner that overlap [fromIso, toIso), earliest first. */
export async function diaryAppointments(
  db: Executor,
  serviceId: string,
  owner: DiaryOwner,
  fromIso: string,
  toIso: string,
): Promise<DiaryAppointmentRow[]> {
  let query = db
    .selectFrom('appointments')
    .leftJoin('locations', 'locations.id', 'appointments.location_id')
    .leftJoin('rooms', 'rooms.id', 'appointments.room_id')
    .select([
      'appointments.id as id',
      'appointments.type as type',
      'appointments.starts_at as startsAt',
      'appointments.ends_at as endsAt',
      'appointments.place as place',
      'locations.name as locationName',
      'rooms.name as roomName',
    ])
    .where('appointments.service_id', '=', serviceId)
    .where('appointments.status', '=', 'booked')
    .where('appointments.starts_at', '<', toIso)
    .where('appointments.ends_at', '>', fromIso);
  if (owner.kind === 'clinician') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('appointment_staff')
          .select('appointment_staff.appointment_id')
          .whereRef('appointment_staff.appointment_id', '=', 'appointments.id')
          .where('appointment_staff.user_id', '=', owner.userId),
      ),
    );
  } else {
    query = query.where('appointments.room_id', '=', owner.roomId);
  }
  return query.orderBy('appointments.starts_at').orderBy('appointments.id').execute();
}

/** The children in these appointments (their names, for the page to reduce to initials). */
export async function diaryChildren(
  db: Executor,
  serviceId: string,
  appointmentIds: readonly string[],
): Promise<DiaryChildRow[]> {
  if (appointmentIds.length === 0) return [];
  return db
    .selectFrom('appointment_children')
    .innerJoin('episodes', 'episodes.id', 'appointment_children.episode_id')
    .innerJoin('children', 'children.id', 'episodes.child_id')
    .select([
      'appointment_children.appointment_id as appointmentId',
      'children.given_name as givenName',
      'children.family_name as familyName',
    ])
    .where('appointment_children.service_id', '=', serviceId)
    .where('appointment_children.appointment_id', 'in', [...appointmentIds])
    .orderBy('appointment_children.appointment_id')
    .orderBy('children.family_name')
    .orderBy('children.given_name')
    .execute();
}

const BLOCK_COLUMNS = ['id', 'user_id', 'room_id', 'kind', 'starts_at', 'ends_at', 'note'] as const;

const toBlock = (r: {
  id: string;
  user_id: string | null;
  room_id: string | null;
  kind: string;
  starts_at: string;
  ends_at: string;
  note: string | null;
}): DiaryBlockRow => ({
  id: r.id,
  userId: r.user_id,
  roomId: r.room_id,
  kind: r.kind,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  note: r.note,
});

/** The owner's blocks that overlap [fromIso, toIso), earliest first. */
export async function diaryBlocks(
  db: Executor,
  serviceId: string,
  owner: DiaryOwner,
  fromIso: string,
  toIso: string,
): Promise<DiaryBlockRow[]> {
  const rows = await db
    .selectFrom('diary_blocks')
    .select(BLOCK_COLUMNS)
    .where('service_id', '=', serviceId)
    .where(
      owner.kind === 'clinician' ? 'user_id' : 'room_id',
      '=',
      owner.kind === 'clinician' ? owner.userId : owner.roomId,
    )
    .where('starts_at', '<', toIso)
    .where('ends_at', '>', fromIso)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
  return rows.map(toBlock);
}

export interface NewBlock {
  id: string;
  serviceId: string;
  userId: string | null;
  roomId: string | null;
  kind: string;
  startsAt: string;
  endsAt: string;
  note: string | null;
  createdBy: string | null;
}

export async function insertBlock(db: Executor, block: NewBlock, now: string): Promise<void> {
  await db
    .insertInto('diary_blocks')
    .values({
      id: block.id,
      service_id: block.serviceId,
      user_id: block.userId,
      room_id: block.roomId,
      kind: block.kind,
      starts_at: block.startsAt,
      ends_at: block.endsAt,
      note: block.note,
      created_at: now,
      created_by: block.createdBy,
    })
    .execute();
}

export async function findBlock(db: Executor, serviceId: string, id: string): Promise<DiaryBlockRow | undefined> {
  const row = await db
    .selectFrom('diary_blocks')
    .select(BLOCK_COLUMNS)
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toBlock(row);
}

/** Deletes the block (its busy time must be freed first); false when it was gone already. */
export async function deleteBlock(db: Executor, serviceId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('diary_blocks')
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
