/**
 * Server-side sessions: a random 128-bit id in the cookie, its keyed hash in the database. A session ends when its
 * idle time or absolute lifetime runs out, at sign-out, or when its account is disabled. Sign-in always starts a new
 * session, so an id planted before sign-in is worthless after it.
 */
import {
  deleteExpiredSessions,
  deleteSession,
  findSessionWithPerson,
  insertSession,
  touchSession,
  type SessionPerson,
  type StoredSession,
} from '../../data/accounts/sessions.repository.js';
import { findUserById, rolesInService } from '../../data/accounts/users.repository.js';
import type { Executor } from '../../data/executor.js';
import type { Role } from '../../domain/access/roles.js';
import type { StaffUser } from '../../domain/accounts/user.js';
import { hmac, newSessionId } from '../accounts/secrets.js';
import type { Clock } from '../shared/context.js';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export interface ActiveSession {
  /** The value for the cookie; never stored. */
  cookieValue: string;
  idHash: string;
  expiresAt: string;
  /** When the session will end if nothing more happens: the sooner of the idle and absolute limits. */
  idleExpiresAt: string;
  serviceId: string | null;
  user: StaffUser | null;
  roles: Role[];
}

const MINUTE = 60_000;
/** Touch the session row at most this often, so a burst of requests does not write each time. */
const TOUCH_INTERVAL_MS = MINUTE;

export function createSessionService(deps: { db: Executor; clock: Clock; secret: string; policy: SessionPolicy }) {
  const { db, clock, secret, policy } = deps;
  const idHashOf = (cookieValue: string) => hmac(secret, `session:${cookieValue}`);

  function idleExpiry(lastSeenAt: Date, expiresAt: string): string {
    const idle = new Date(lastSeenAt.getTime() + policy.idleMinutes * MINUTE).toISOString();
    return idle < expiresAt ? idle : expiresAt;
  }

  /** The session's account and its roles in the session's service, read as they are now. */
  async function personOf(stored: StoredSession): Promise<SessionPerson> {
    if (stored.userId === null) return { user: undefined, roles: [] };
    const user = await findUserById(db, stored.userId);
    const roles =
      user === undefined || stored.serviceId === null ? [] : await rolesInService(db, stored.serviceId, user.id);
    return { user, roles };
  }

  /** The live session, or none (and the row removed) when its account no longer exists or may not sign in. */
  async function withPerson(
    cookieValue: string,
    stored: StoredSession,
    seenAt: Date,
    person: SessionPerson,
  ): Promise<ActiveSession | undefined> {
    let user: StaffUser | null = null;
    let roles: Role[] = [];
    if (stored.userId !== null) {
      if (person.user?.status !== 'active') {
        await deleteSession(db, stored.idHash);
        return undefined;
      }
      user = person.user;
      roles = person.roles;
    }
    return {
      cookieValue,
      idHash: stored.idHash,
      expiresAt: stored.expiresAt,
      idleExpiresAt: idleExpiry(seenAt, stored.expiresAt),
      serviceId: stored.serviceId,
      user,
      roles,
    };
  }

  async function start(userId: string | null, serviceId: string | null): Promise<ActiveSession> {
    const now = clock();
    const cookieValue = newSessionId();
    const stored: StoredSession = {
      idHash: idHashOf(cookieValue),
      userId,
      serviceId,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + policy.absoluteHours * 60 * MINUTE).toISOString(),
    };
    await insertSession(db, stored);
    const session = await withPerson(cookieValue, stored, now, await personOf(stored));
    if (session === undefined) throw new Error('A session was started for an account that cannot sign in.');
    return session;
  }

  /**
   * The live session for a cookie, or none (and the row removed) when it has ended. `timedOut` names the person and
   * service of a signed-in session that has just run out of time, for the audit trail.
   */
  async function resolve(
    cookieValue: string,
  ): Promise<{ session?: ActiveSession; timedOut?: { userId: string; serviceId: string | null } }> {
    if (!/^[A-Za-z0-9_-]{22}$/u.test(cookieValue)) return {};
    // The session, its account and the account's roles, in one query: every signed-in request asks.
    const found = await findSessionWithPerson(db, idHashOf(cookieValue));
    if (found === undefined) return {};
    const stored = found.session;
    const now = clock();
    const lastSeen = new Date(stored.lastSeenAt);
    const idleEnded = now.getTime() - lastSeen.getTime() > policy.idleMinutes * MINUTE;
    if (idleEnded || stored.expiresAt <= now.toISOString()) {
      await deleteSession(db, stored.idHash);
      return stored.userId === null ? {} : { timedOut: { userId: stored.userId, serviceId: stored.serviceId } };
    }
    const touched = now.getTime() - lastSeen.getTime() >= TOUCH_INTERVAL_MS;
    if (touched) await touchSession(db, stored.idHash, now.toISOString());
    const session = await withPerson(cookieValue, stored, touched ? now : lastSeen, found.person);
    return session === undefined ? {} : { session };
  }

  /** "Stay signed in": restarts the idle clock now (never beyond the absolute lifetime). */
  async function extend(session: ActiveSession): Promise<ActiveSession> {
    const now = clock();
    await touchSession(db, session.idHash, now.toISOString());
    return { ...session, idleExpiresAt: idleExpiry(now, session.expiresAt) };
  }

  async function end(idHash: string): Promise<void> {
    await deleteSession(db, idHash);
  }

  /** The synchroniser token for forms in this session. */
  function csrfToken(session: ActiveSession): string {
    return hmac(secret, `csrf:${session.cookieValue}`);
  }

  async function purgeExpired(): Promise<number> {
    const now = clock();
    return deleteExpiredSessions(
      db,
      now.toISOString(),
      new Date(now.getTime() - policy.idleMinutes * MINUTE).toISOString(),
    );
  }

  return { start, resolve, extend, end, csrfToken, purgeExpired };
}

export type SessionService = ReturnType<typeof createSessionService>;
