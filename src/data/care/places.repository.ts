/**
 * Teams, clinic locations and their rooms, one service's each. Names are unique within a service (teams, locations)
 * or a location (rooms): the database's unique constraints say so, and a second of one name fails as a unique
 * violation for the use case to answer.
 */
import type { Executor } from '../executor.js';

export interface TeamRow {
  id: string;
  name: string;
}

export interface LocationRow {
  id: string;
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  town: string;
  postcode: string;
  isClinic: boolean;
}

export interface RoomRow {
  id: string;
  name: string;
  capacity: number;
  locationId: string;
  locationName: string;
}

export async function insertTeam(db: Executor, team: { id: string; serviceId: string; name: string }, now: string) {
  await db
    .insertInto('teams')
    .values({ id: team.id, service_id: team.serviceId, name: team.name, created_at: now })
    .execute();
}

export async function insertLocation(
  db: Executor,
  location: { id: string; serviceId: string } & Omit<LocationRow, 'id'>,
  now: string,
) {
  await db
    .insertInto('locations')
    .values({
      id: location.id,
      service_id: location.serviceId,
      name: location.name,
      address_line_1: location.addressLine1,
      address_line_2: location.addressLine2,
      town: location.town,
      postcode: location.postcode,
      is_clinic: location.isClinic ? 1 : 0,
      created_at: now,
    })
    .execute();
}

export async function insertRoom(
  db: Executor,
  room: { id: string; serviceId: string; locationId: string; name: string; capacity: number },
  now: string,
) {
  await db
    .insertInto('rooms')
    .values({
      id: room.id,
      service_id: room.serviceId,
      location_id: room.locationId,
      name: room.name,
      capacity: room.capacity,
      created_at: now,
    })
    .execute();
}

export async function teamsOf(db: Executor, serviceId: string): Promise<TeamRow[]> {
  return db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('service_id', '=', serviceId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function locationsOf(db: Executor, serviceId: string): Promise<LocationRow[]> {
  const rows = await db
    .selectFrom('locations')
    .select(['id', 'name', 'address_line_1', 'address_line_2', 'town', 'postcode', 'is_clinic'])
    .where('service_id', '=', serviceId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    addressLine1: r.address_line_1,
    addressLine2: r.address_line_2,
    town: r.town,
    postcode: r.postcode,
    isClinic: r.is_clinic === 1,
  }));
}

export async function roomsOf(db: Executor, serviceId: string): Promise<RoomRow[]> {
  const rows = await db
    .selectFrom('rooms')
    .innerJoin('locations', 'locations.id', 'rooms.location_id')
    .select([
      'rooms.id as id',
      'rooms.name as name',
      'rooms.capacity as capacity',
      'rooms.location_id as locationId',
      'locations.name as locationName',
    ])
    .where('rooms.service_id', '=', serviceId)
    .orderBy('locations.name')
    .orderBy('rooms.name')
    .orderBy('rooms.id')
    .execute();
  return rows;
}

export async function findTeam(db: Executor, serviceId: string, id: string): Promise<TeamRow | undefined> {
  return db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findLocation(db: Executor, serviceId: string, id: string): Promise<LocationRow | undefined> {
  const all = await db
    .selectFrom('locations')
    .select(['id', 'name', 'address_line_1', 'address_line_2', 'town', 'postcode', 'is_clinic'])
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return all === undefined
    ? undefined
    : {
        id: all.id,
        name: all.name,
        addressLine1: all.address_line_1,
        addressLine2: all.address_line_2,
        town: all.town,
        postcode: all.postcode,
        isClinic: all.is_clinic === 1,
      };
}

export async function findRoom(db: Executor, serviceId: string, id: string): Promise<RoomRow | undefined> {
  return db
    .selectFrom('rooms')
    .innerJoin('locations', 'locations.id', 'rooms.location_id')
    .select([
      'rooms.id as id',
      'rooms.name as name',
      'rooms.capacity as capacity',
      'rooms.location_id as locationId',
      'locations.name as locationName',
    ])
    .where('rooms.service_id', '=', serviceId)
    .where('rooms.id', '=', id)
    .executeTakeFirst();
}
