/**
 * Server-side sessions. The cookie holds a random id; the table holds only its keyed hash, so a copy of the
 * database cannot be used to take over a session.
 */
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

export async function findSession(db: Executor, idHash: string): Promise<StoredSession | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  return row && toSession(row);
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
