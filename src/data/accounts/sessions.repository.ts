/**
 * Server-side sessions. The cookie holds a random id; the table holds only its keyed hash, so a copy of the
 * database cannot be used to take over a session.
 */
import { isRole, type Role } from '../../domain/access/roles.js';
import type { StaffUser, UserStatus } from '../../domain/accounts/user.js';
import type { SessionRow } from '../database.js';
import type { Executor } from '../executor.js';

export interface StoredSession {
  idHash: string;
  userId: string | null;
  serviceId: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

function toSession(row: SessionRow): StoredSession {
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    serviceId: row.service_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
}

export async function insertSession(db: Executor, session: StoredSession): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      service_id: session.serviceId,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** Who a session is for: its account, if it has one that still exists, and that account's roles in its service. */
export interface SessionPerson {
  user: StaffUser | undefined;
  /** In order of their names; none when the session has no service. */
  roles: Role[];
}

/**
 * A session with its person, in one query rather than three (the session, the account, the roles): every signed-in
 * request asks. The account is left joined, as is each of its roles in the session's service, so the answer has a
 * row for each role, or one row without a role.
 */
export async function findSessionWithPerson(
  db: Executor,
  idHash: string,
): Promise<{ session: StoredSession; person: SessionPerson } | undefined> {
  const rows = await db
    .selectFrom('sessions as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('user_roles as r', (join) =>
      join.onRef('r.user_id', '=', 's.user_id').onRef('r.service_id', '=', 's.service_id'),
    )
    .select([
      's.id_hash',
      's.user_id',
      's.service_id',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      'u.id as account_id',
      'u.email',
      'u.display_name',
      'u.status',
      'u.version',
      'r.role',
    ])
    .where('s.id_hash', '=', idHash)
    .orderBy('r.role')
    .execute();
  const row = rows[0];
  if (row === undefined) return undefined;
  const user: StaffUser | undefined =
    row.account_id === null || row.email === null || row.display_name === null || row.status === null
      ? undefined
      : {
          id: row.account_id,
          email: row.email,
          displayName: row.display_name,
          status: row.status as UserStatus,
          version: Number(row.version),
        };
  return {
    session: toSession(row),
    person: { user, roles: rows.map((r) => r.role).filter(isRole) },
  };
}

export async function touchSession(db: Executor, idHash: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function setSessionService(db: Executor, idHash: string, serviceId: string): Promise<void> {
  await db.updateTable('sessions').set({ service_id: serviceId }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Executor, now: string, idleBefore: string): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
