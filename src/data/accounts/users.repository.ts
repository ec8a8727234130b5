/**
 * Staff accounts and their per-service roles. Accounts are instance-wide (one person, one sign-in); roles are
 * granted per service, and every query about membership is scoped by the service.
 */
import { isRole, type Role } from '../../domain/access/roles.js';
import type { ServiceMember, StaffUser, UserStatus } from '../../domain/accounts/user.js';
import type { UserRow } from '../database.js';
import type { Executor } from '../executor.js';

function toUser(row: UserRow): StaffUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    status: row.status as UserStatus,
    version: row.version,
  };
}

const userColumns = [
  'id',
  'email',
  'display_name',
  'password_hash',
  'status',
  'created_at',
  'updated_at',
  'version',
] as const;

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findUserById(db: Executor, id: string): Promise<StaffUser | undefined> {
  const row = await db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

/** The account with its password hash, for sign-in only. */
export async function findCredentialsByEmail(
  db: Executor,
  email: string,
): Promise<(StaffUser & { passwordHash: string | null }) | undefined> {
  const row = await db.selectFrom('users').select(userColumns).where('email', '=', email).executeTakeFirst();
  return row && { ...toUser(row), passwordHash: row.password_hash };
}

export async function emailExists(db: Executor, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return row !== undefined;
}

export async function insertUser(
  db: Executor,
  user: { id: string; email: string; displayName: string; status: UserStatus; passwordHash: string | null },
  now: string,
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      status: user.status,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
}

/** Changes an account only if nobody changed it since `version` was read. Returns false when stale. */
export async function updateUser(
  db: Executor,
  id: string,
  version: number,
  changes: { displayName?: string; status?: UserStatus; passwordHash?: string },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({
      ...(changes.displayName !== undefined && { display_name: changes.displayName }),
      ...(changes.status !== undefined && { status: changes.status }),
      ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
      updated_at: now,
      version: version + 1,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function rolesInService(db: Executor, serviceId: string, userId: string): Promise<Role[]> {
  const rows = await db
    .selectFrom('user_roles')
    .select('role')
    .where('service_id', '=', serviceId)
    .where('user_id', '=', userId)
    .orderBy('role')
    .execute();
  return rows.map((r) => r.role).filter(isRole);
}

/** The services in which a person holds at least one role. */
export async function servicesOfUser(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_roles')
    .select('service_id')
    .distinct()
    .where('user_id', '=', userId)
    .orderBy('service_id')
    .execute();
  return rows.map((r) => r.service_id);
}

export async function replaceRoles(
  db: Executor,
  serviceId: string,
  userId: string,
  roles: readonly Role[],
  grantedBy: string | null,
  now: string,
): Promise<void> {
  await db.deleteFrom('user_roles').where('service_id', '=', serviceId).where('user_id', '=', userId).execute();
  if (roles.length === 0) return;
  await db
    .insertInto('user_roles')
    .values(
      roles.map((role) => ({ service_id: serviceId, user_id: userId, role, granted_at: now, granted_by: grantedBy })),
    )
    .execute();
}

/** Everyone who holds a role in the service, with those roles, ordered by name. */
export async function membersOfService(db: Executor, serviceId: string): Promise<ServiceMember[]> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select([...userColumns.map((c) => `users.${c}` as const), 'user_roles.role'])
    .where('user_roles.service_id', '=', serviceId)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .orderBy('user_roles.role')
    .execute();
  const members = new Map<string, ServiceMember>();
  for (const row of rows) {
    const member = members.get(row.id) ?? { ...toUser(row), roles: [] };
    if (isRole(row.role)) member.roles.push(row.role);
    members.set(row.id, member);
  }
  return [...members.values()];
}

/** One member of the service, or undefined when the person holds no role there (so is out of reach). */
export async function findMember(db: Executor, serviceId: string, userId: string): Promise<ServiceMember | undefined> {
  const [user, roles] = await Promise.all([findUserById(db, userId), rolesInService(db, serviceId, userId)]);
  if (user === undefined || roles.length === 0) return undefined;
  return { ...user, roles };
}
