/**
 * What booking reads besides appointments (docs/adr/0037): the service's clinicians and their working patterns, its
 * rooms, the child of an episode (for the home or school visit) and the schools of the reference data. Every read is
 * scoped to the service: another service's clinician, room or episode is simply not there.
 */
import type { Executor } from '../executor.js';

export interface BookableClinician {
  id: string;
  displayName: string;
}

/** Active staff holding the clinician role in the service, by name. */
export async function cliniciansOfService(db: Executor, serviceId: string): Promise<BookableClinician[]> {
  return db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['users.id as id', 'users.display_name as displayName'])
    .where('user_roles.service_id', '=', serviceId)
    .where('user_roles.role', '=', 'clinician')
    .where('users.status', '=', 'active')
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}

/** The stored working patterns (JSON) of those of these clinicians who have a profile in the service. */
export async function workingPatternsOf(
  db: Executor,
  serviceId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('staff_profiles')
    .select(['user_id', 'working_pattern'])
    .where('service_id', '=', serviceId)
    .where('user_id', 'in', userIds)
    .execute();
  return new Map(rows.map((r) => [r.user_id, r.working_pattern]));
}

export interface BookableRoom {
  id: string;
  name: string;
  capacity: number;
  locationId: string;
  locationName: string;
  isClinic: boolean;
}

const roomColumns = [
  'rooms.id as id',
  'rooms.name as name',
  'rooms.capacity as capacity',
  'locations.id as locationId',
  'locations.name as locationName',
  'locations.is_clinic as isClinic',
] as const;

type RoomRow = {
  id: string;
  name: string;
  capacity: number;
  locationId: string;
  locationName: string;
  isClinic: number;
};
const toRoom = (r: RoomRow): BookableRoom => ({
  ...r,
  isClinic: r.isClinic === 1,
});

/** The rooms at the service's clinics, by clinic then room. */
export async function clinicRoomsOfService(db: Executor, serviceId: string): Promise<BookableRoom[]> {
  const rows = await db
    .selectFrom('rooms')
    .innerJoin('locations', 'locations.id', 'rooms.location_id')
    .select(roomColumns)
    .where('rooms.service_id', '=', serviceId)
    .where('locations.is_clinic', '=', 1)
    .orderBy('locations.name')
    .orderBy('rooms.name')
    .execute();
  return rows.map(toRoom);
}

export async function findRoomOfService(
  db: Executor,
  serviceId: string,
  roomId: string,
): Promise<BookableRoom | undefined> {
  const row = await db
    .selectFrom('rooms')
    .innerJoin('locations', 'locations.id', 'rooms.location_id')
    .select(roomColumns)
    .where('rooms.service_id', '=', serviceId)
    .where('rooms.id', '=', roomId)
    .executeTakeFirst();
  return row === undefined ? undefined : toRoom(row);
}

export interface EpisodeForBooking {
  id: string;
  status: string;
  version: number;
  referralReference: string;
  childId: string;
  givenName: string;
  familyName: string;
  postcode: string;
  schoolUrn: string | null;
}

const episodeColumns = [
  'e.id as id',
  'e.status as status',
  'e.version as version',
  'r.reference as referralReference',
  'c.id as childId',
  'c.given_name as givenName',
  'c.family_name as familyName',
  'c.postcode as postcode',
  'c.school_urn as schoolUrn',
] as const;

export async function findEpisodeForBooking(
  db: Executor,
  serviceId: string,
  episodeId: string,
): Promise<EpisodeForBooking | undefined> {
  const row = await db
    .selectFrom('episodes as e')
    .innerJoin('children as c', 'c.id', 'e.child_id')
    .innerJoin('referrals as r', 'r.id', 'e.referral_id')
    .select(episodeColumns)
    .where('e.service_id', '=', serviceId)
    .where('e.id', '=', episodeId)
    .executeTakeFirst();
  return row;
}

/** The episode of the referral with this reference (as stored: upper case), in the service. */
export async function findEpisodeByReferralReference(
  db: Executor,
  serviceId: string,
  reference: string,
): Promise<EpisodeForBooking | undefined> {
  const row = await db
    .selectFrom('episodes as e')
    .innerJoin('children as c', 'c.id', 'e.child_id')
    .innerJoin('referrals as r', 'r.id', 'e.referral_id')
    .select(episodeColumns)
    .where('r.service_id', '=', serviceId)
    .where('r.reference', '=', reference)
    .executeTakeFirst();
  return row;
}

/** Is the school in the reference data (and not closed)? */
export async function schoolIsKnown(db: Executor, urn: string): Promise<boolean> {
  const row = await db
    .selectFrom('schools')
    .select('urn')
    .where('urn', '=', urn)
    .where('status', '!=', 'closed')
    .executeTakeFirst();
  return row !== undefined;
}
