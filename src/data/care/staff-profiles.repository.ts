/**
 * The staff who see children in a service (users with the clinician role there) and their profiles: team, base and
 * working pattern (JSON, London local time). A clinician without a profile row works the service's default pattern,
 * which the use case supplies; this module only reads and writes the rows.
 */
import type { Executor } from '../executor.js';

export interface ClinicianRow {
  id: string;
  name: string;
  /** invited | active | disabled */
  status: string;
  teamId: string | null;
  teamName: string | null;
  baseId: string | null;
  baseName: string | null;
  /** The stored JSON, or null when the clinician has no profile yet. */
  workingPattern: string | null;
  /** The profile's version, 0 when there is none. */
  version: number;
}

function cliniciansQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .leftJoin('staff_profiles', (j) =>
      j.onRef('staff_profiles.user_id', '=', 'users.id').on('staff_profiles.service_id', '=', serviceId),
    )
    .leftJoin('teams', 'teams.id', 'staff_profiles.team_id')
    .leftJoin('locations', 'locations.id', 'staff_profiles.base_location_id')
    .select([
      'users.id as id',
      'users.display_name as name',
      'users.status as status',
      'staff_profiles.team_id as teamId',
      'teams.name as teamName',
      'staff_profiles.base_location_id as baseId',
      'locations.name as baseName',
      'staff_profiles.working_pattern as workingPattern',
      'staff_profiles.version as version',
    ])
    .where('user_roles.service_id', '=', serviceId)
    .where('user_roles.role', '=', 'clinician');
}

const toRow = (r: {
  id: string;
  name: string;
  status: string;
  teamId: string | null;
  teamName: string | null;
  baseId: string | null;
  baseName: string | null;
  workingPattern: string | null;
  version: number | null;
}): ClinicianRow => ({ ...r, version: r.version ?? 0 });

/** Every user with the clinician role in the service, by name. */
export async function cliniciansOf(db: Executor, serviceId: string): Promise<ClinicianRow[]> {
  const rows = await cliniciansQuery(db, serviceId).orderBy('users.display_name').orderBy('users.id').execute();
  return rows.map(toRow);
}

/** One clinician of the service, or undefined when the user has no clinician role there. */
export async function findClinician(
  db: Executor,
  serviceId: string,
  userId: string,
): Promise<ClinicianRow | undefined> {
  const row = await cliniciansQuery(db, serviceId).where('users.id', '=', userId).executeTakeFirst();
  return row === undefined ? undefined : toRow(row);
}

export interface ProfileChange {
  serviceId: string;
  userId: string;
  teamId: string | null;
  baseLocationId: string | null;
  workingPattern: string;
}

/** Creates the profile (expected version 0) or updates it at the expected version; false when another change won. */
export async function saveProfile(db: Executor, change: ProfileChange, expectedVersion: number, now: string) {
  if (expectedVersion === 0) {
    const existing = await db
      .selectFrom('staff_profiles')
      .select('version')
      .where('service_id', '=', change.serviceId)
      .where('user_id', '=', change.userId)
      .executeTakeFirst();
    if (existing !== undefined) return false;
    await db
      .insertInto('staff_profiles')
      .values({
        service_id: change.serviceId,
        user_id: change.userId,
        team_id: change.teamId,
        base_location_id: change.baseLocationId,
        working_pattern: change.workingPattern,
        feed_token_hash: null,
        feed_created_at: null,
        updated_at: now,
        version: 1,
      })
      .execute();
    return true;
  }
  const result = await db
    .updateTable('staff_profiles')
    .set({
      team_id: change.teamId,
      base_location_id: change.baseLocationId,
      working_pattern: change.workingPattern,
      updated_at: now,
      version: expectedVersion + 1,
    })
    .where('service_id', '=', change.serviceId)
    .where('user_id', '=', change.userId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
