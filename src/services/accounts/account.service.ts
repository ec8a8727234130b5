/**
 * Staff accounts: the first admin, invitations, activation, editing roles, disabling. Each use case runs in one
 * transaction with its audit event.
 */
import { randomUUID } from 'node:crypto';
import { findToken, hasOpenToken, insertToken, revokeTokens, useToken } from '../../data/accounts/tokens.repository.js';
import { deleteSessionsOfUser, setSessionService } from '../../data/accounts/sessions.repository.js';
import {
  countUsers,
  emailExists,
  findCredentialsByEmail,
  findMember,
  findUserById,
  insertUser,
  membersOfService,
  replaceRoles,
  rolesInService,
  servicesOfUser,
  updateUser,
} from '../../data/accounts/users.repository.js';
import { isUniqueViolation } from '../../data/errors.js';
import type { Executor } from '../../data/executor.js';
import type { Role } from '../../domain/access/roles.js';
import type { ExistingPerson, ServiceMember, StaffUser } from '../../domain/accounts/user.js';
import { DomainError, settle } from '../../domain/shared/errors.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { hashPassword } from './password-hasher.js';
import { newToken, sha256 } from './secrets.js';

const HOUR = 3_600_000;
export const FIRST_ADMIN_LINK_HOURS = 24;
export const INVITE_LINK_HOURS = 72;

export type TokenView = { kind: 'first-admin' } | { kind: 'invite'; user: StaffUser } | { kind: 'invalid' };

const LINK_USED = 'This link has expired or has already been used.';
const NO_MEMBER = 'No such member of staff in this service.';

export interface InviteResult {
  userId: string;
  /** The one-time link for a new person; null when the address was already in use. */
  link: string | null;
  /** Who already holds the address, when someone does: then nothing was changed. */
  existing: ExistingPerson | null;
}

export interface AccountDeps {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  serviceIds: readonly string[];
  activationUrl: (token: string) => string;
}

export function createAccountService(deps: AccountDeps) {
  const { db, clock, audit, serviceIds, activationUrl } = deps;
  const nowIso = () => clock().toISOString();
  const hoursFromNow = (h: number) => new Date(clock().getTime() + h * HOUR).toISOString();

  /** When no account exists, issues a one-time link to create the first admin (replacing any earlier link). */
  async function firstAdminLinkIfNeeded(ctx: RequestContext): Promise<string | null> {
    if ((await countUsers(db)) > 0) return null;
    const token = newToken();
    await db.transaction().execute(async (trx) => {
      await revokeTokens(trx, 'first-admin', null, nowIso());
      await insertToken(
        trx,
        { hash: sha256(token), purpose: 'first-admin', userId: null, expiresAt: hoursFromNow(FIRST_ADMIN_LINK_HOURS) },
        nowIso(),
      );
      await audit.record(trx, ctx, { action: 'account.first-admin-link-issued', serviceId: null });
    });
    return activationUrl(token);
  }

  async function describeToken(token: string): Promise<TokenView> {
    const found = await findToken(db, sha256(token));
    if (found === undefined) return { kind: 'invalid' };
    if (found.usedAt !== null || found.expiresAt <= nowIso()) return { kind: 'invalid' };
    if (found.purpose === 'first-admin')
      return (await countUsers(db)) === 0 ? { kind: 'first-admin' } : { kind: 'invalid' };
    const user = found.userId === null ? undefined : await findUserById(db, found.userId);
    return user?.status === 'invited' ? { kind: 'invite', user } : { kind: 'invalid' };
  }

  /** Sets the password from a one-time link. The first admin also gives a name and e-mail address. */
  async function activate(
    token: string,
    input: { password: string; displayName?: string; email?: string },
    ctx: RequestContext,
  ): Promise<Outcome<{ user: StaffUser }, Problem<'invalid-token' | 'stale-version'>>> {
    const view = await describeToken(token);
    if (view.kind === 'invalid') return failed(problem('invalid-token', LINK_USED));
    const passwordHash = await hashPassword(input.password);
    // A problem found after the link is used is thrown, so that the link's use is rolled back with the rest.
    return settle(() =>
      db.transaction().execute(async (trx) => {
        if (!(await useToken(trx, sha256(token), nowIso()))) return failed(problem('invalid-token', LINK_USED));
        let user: StaffUser;
        if (view.kind === 'first-admin') {
          if ((await countUsers(trx)) > 0 || input.email === undefined || input.displayName === undefined) {
            throw new DomainError('invalid-token', LINK_USED);
          }
          user = { id: randomUUID(), email: input.email, displayName: input.displayName, status: 'active', version: 1 };
          await insertUser(trx, { ...user, passwordHash }, nowIso());
          for (const serviceId of serviceIds) await replaceRoles(trx, serviceId, user.id, ['admin'], null, nowIso());
        } else {
          user = { ...view.user, status: 'active', version: view.user.version + 1 };
          if (!(await updateUser(trx, user.id, view.user.version, { status: 'active', passwordHash }, nowIso()))) {
            throw new DomainError('stale-version', 'This account was changed while you were setting your password.');
          }
        }
        const actor = { ...ctx, actorUserId: user.id };
        await audit.record(trx, actor, {
          action: 'account.activated',
          serviceId: null,
          subjectType: 'user',
          subjectId: user.id,
          detail: { via: view.kind },
        });
        return ok({ user });
      }),
    );
  }

  async function listMembers(serviceId: string): Promise<ServiceMember[]> {
    return membersOfService(db, serviceId);
  }

  /** A member of the service; anyone else is out of reach and answers not found. */
  async function getMember(serviceId: string, userId: string): Promise<ServiceMember> {
    const member = await findMember(db, serviceId, userId);
    if (member === undefined) throw new DomainError('not-found', NO_MEMBER);
    return member;
  }

  /** The account that holds an e-mail address, as the service sees it, or undefined when nobody does. */
  async function existingPerson(db: Executor, serviceId: string, email: string): Promise<ExistingPerson | undefined> {
    const found = await findCredentialsByEmail(db, email);
    if (found === undefined) return undefined;
    const user: StaffUser = {
      id: found.id,
      email: found.email,
      displayName: found.displayName,
      status: found.status,
      version: found.version,
    };
    const invitation =
      user.status !== 'invited' ? null : (await hasOpenToken(db, 'invite', user.id, nowIso())) ? 'open' : 'expired';
    return { ...user, rolesHere: await rolesInService(db, serviceId, user.id), invitation };
  }

  /** Issues a new invitation link for a person, ending any earlier one. */
  async function issueInviteLink(trx: Executor, userId: string): Promise<string> {
    const token = newToken();
    await revokeTokens(trx, 'invite', userId, nowIso());
    await insertToken(
      trx,
      { hash: sha256(token), purpose: 'invite', userId, expiresAt: hoursFromNow(INVITE_LINK_HOURS) },
      nowIso(),
    );
    return activationUrl(token);
  }

  /**
   * Invites a new person to the active service with the given roles: an account and a one-time link. An address that
   * already has an account (in any service, whatever its status) or an invitation changes nothing: the answer says
   * who holds it, so that the admin can send that invitation again, edit the person, or give them a role here. An
   * invitation never changes an existing account's name or roles. The refusal is audited as a failed invitation.
   */
  async function invite(
    ctx: RequestContext & { serviceId: string },
    input: { email: string; displayName: string; roles: Role[] },
  ): Promise<InviteResult> {
    try {
      return await inviteOnce(ctx, input);
    } catch (err) {
      // Two invitations of one new address at once: the second, run again, finds the first's account.
      if (!isUniqueViolation(err)) throw err;
      return inviteOnce(ctx, input);
    }
  }

  async function inviteOnce(
    ctx: RequestContext & { serviceId: string },
    input: { email: string; displayName: string; roles: Role[] },
  ): Promise<InviteResult> {
    return db.transaction().execute(async (trx) => {
      const existing = await existingPerson(trx, ctx.serviceId, input.email);
      if (existing !== undefined) {
        await audit.record(trx, ctx, {
          action: 'user.invited',
          outcome: 'failure',
          subjectType: 'user',
          subjectId: existing.id,
          detail: {
            reason: 'address-in-use',
            status: existing.status,
            memberHere: existing.rolesHere.length > 0,
          },
        });
        return { userId: existing.id, link: null, existing };
      }
      const userId = randomUUID();
      await insertUser(
        trx,
        { id: userId, email: input.email, displayName: input.displayName, status: 'invited', passwordHash: null },
        nowIso(),
      );
      const link = await issueInviteLink(trx, userId);
      await replaceRoles(trx, ctx.serviceId, userId, input.roles, ctx.actorUserId, nowIso());
      await audit.record(trx, ctx, {
        action: 'user.invited',
        subjectType: 'user',
        subjectId: userId,
        detail: { roles: input.roles.join(' ') },
      });
      return { userId, link, existing: null };
    });
  }

  /**
   * Sends a member's invitation again: a new link, which ends the old one. Their name and roles stay as they are (the
   * admin edits them on the person's page). Refused once the person has set a password, or while they are disabled.
   */
  async function resendInvitation(
    ctx: RequestContext & { serviceId: string },
    userId: string,
  ): Promise<Outcome<{ member: ServiceMember; link: string }, Problem<'not-found' | 'conflict'>>> {
    return db.transaction().execute(async (trx) => {
      const member = await findMember(trx, ctx.serviceId, userId);
      if (member === undefined) return failed(problem('not-found', NO_MEMBER));
      if (member.status !== 'invited') {
        return failed(
          problem(
            'conflict',
            member.status === 'disabled'
              ? 'This account is disabled. Enable it before sending the invitation again.'
              : 'This person has already set up their account. There is no invitation to send again.',
          ),
        );
      }
      const link = await issueInviteLink(trx, userId);
      await audit.record(trx, ctx, {
        action: 'user.invitation-resent',
        subjectType: 'user',
        subjectId: userId,
        detail: { roles: member.roles.join(' ') },
      });
      return ok({ member, link });
    });
  }

  /** Someone with an account who holds no role in the service, as the page that gives them one shows them. */
  async function getNonMember(serviceId: string, userId: string): Promise<ExistingPerson> {
    const user = await findUserById(db, userId);
    if (user === undefined) throw new DomainError('not-found', 'No such account.');
    const found = await existingPerson(db, serviceId, user.email);
    if (found === undefined) throw new DomainError('not-found', 'No such account.');
    return found;
  }

  /**
   * Gives roles in the service to someone whose account belongs to other services only (instead of a second
   * invitation). Their account, name and status stay as they are. Refused when they already hold a role here.
   */
  async function addToService(
    ctx: RequestContext & { serviceId: string },
    userId: string,
    roles: Role[],
  ): Promise<Outcome<object, Problem<'not-found' | 'conflict'>>> {
    return db.transaction().execute(async (trx) => {
      const user = await findUserById(trx, userId);
      if (user === undefined) return failed(problem('not-found', 'No such account.'));
      if ((await rolesInService(trx, ctx.serviceId, userId)).length > 0) {
        return failed(problem('conflict', 'This person already has roles in this service. Change them on their page.'));
      }
      await replaceRoles(trx, ctx.serviceId, userId, roles, ctx.actorUserId, nowIso());
      await audit.record(trx, ctx, {
        action: 'user.added-to-service',
        subjectType: 'user',
        subjectId: userId,
        detail: { roles: roles.join(' ') },
      });
      return ok();
    });
  }

  async function updateMember(
    ctx: RequestContext & { serviceId: string },
    userId: string,
    input: { displayName: string; roles: Role[]; version: number },
  ): Promise<Outcome<object, Problem<'not-found' | 'conflict' | 'stale-version'>>> {
    return db.transaction().execute(async (trx) => {
      const member = await findMember(trx, ctx.serviceId, userId);
      if (member === undefined) return failed(problem('not-found', NO_MEMBER));
      if (userId === ctx.actorUserId && member.roles.includes('admin') && !input.roles.includes('admin')) {
        return failed(problem('conflict', 'You cannot remove your own administrator role. Ask another administrator.'));
      }
      if (!(await updateUser(trx, userId, input.version, { displayName: input.displayName }, nowIso()))) {
        return failed(problem('stale-version', 'Someone else changed this account while you were editing it.'));
      }
      await replaceRoles(trx, ctx.serviceId, userId, input.roles, ctx.actorUserId, nowIso());
      await audit.record(trx, ctx, {
        action: 'user.updated',
        subjectType: 'user',
        subjectId: userId,
        detail: { rolesBefore: member.roles.join(' '), rolesAfter: input.roles.join(' ') },
      });
      return ok();
    });
  }

  /** Disables or re-enables an account. Disabling ends every session the person has, at once. */
  async function setEnabled(
    ctx: RequestContext & { serviceId: string },
    userId: string,
    enabled: boolean,
    version: number,
  ): Promise<Outcome<object, Problem<'not-found' | 'conflict' | 'stale-version'>>> {
    return db.transaction().execute(async (trx) => {
      const member = await findMember(trx, ctx.serviceId, userId);
      if (member === undefined) return failed(problem('not-found', NO_MEMBER));
      if (!enabled && userId === ctx.actorUserId)
        return failed(problem('conflict', 'You cannot disable your own account.'));
      const hasPassword = (await findCredentialsByEmail(trx, member.email))?.passwordHash != null;
      const status = enabled ? (hasPassword ? 'active' : 'invited') : 'disabled';
      if (!(await updateUser(trx, userId, version, { status }, nowIso()))) {
        return failed(problem('stale-version', 'Someone else changed this account while you were looking at it.'));
      }
      if (!enabled) await deleteSessionsOfUser(trx, userId);
      await audit.record(trx, ctx, {
        action: enabled ? 'user.enabled' : 'user.disabled',
        subjectType: 'user',
        subjectId: userId,
      });
      return ok();
    });
  }

  /** The services in which a person holds a role. */
  function servicesOf(userId: string): Promise<string[]> {
    return servicesOfUser(db, userId);
  }

  /** Points a session at one of the person's services. Returns false when they hold no role there. */
  async function chooseService(
    ctx: RequestContext,
    sessionIdHash: string,
    userId: string,
    serviceId: string,
  ): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      if ((await rolesInService(trx, serviceId, userId)).length === 0) return false;
      await setSessionService(trx, sessionIdHash, serviceId);
      await audit.record(
        trx,
        { ...ctx, serviceId },
        { action: 'staff.service-chosen', subjectType: 'service', subjectId: serviceId },
      );
      return true;
    });
  }

  return {
    firstAdminLinkIfNeeded,
    describeToken,
    activate,
    listMembers,
    getMember,
    invite,
    resendInvitation,
    getNonMember,
    addToService,
    updateMember,
    setEnabled,
    servicesOf,
    chooseService,
    emailExists: (email: string) => emailExists(db, email),
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
