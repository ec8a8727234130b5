/**
 * "Forgotten your password?" (docs/adr/0032). Asking for a reset always answers the same way, whether or not the
 * address has an account. For an active account, an e-mail goes through the outbox with the link's placeholder only:
 * the one-time link is minted when the message is sent (`mint`, the outbox's link minter, docs/adr/0029), its hash
 * stored, lasting an hour. Using it sets a new password under the password policy, ends every session the person has,
 * and is good once. The second factor is not reset: the next sign-in still asks for it.
 */
import {
  findResetToken,
  insertResetToken,
  revokeResetTokens,
  useResetToken,
} from '../../data/accounts/password-reset.repository.js';
import { deleteSessionsOfUser } from '../../data/accounts/sessions.repository.js';
import {
  findCredentialsByEmail,
  findUserById,
  servicesOfUser,
  updateUser,
} from '../../data/accounts/users.repository.js';
import type { Executor } from '../../data/executor.js';
import type { StaffUser } from '../../domain/accounts/user.js';
import { linkPlaceholder } from '../../domain/notifications/one-time-links.js';
import { DomainError, settle } from '../../domain/shared/errors.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NewMessage } from '../outbox/outbox.service.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { hashPassword } from './password-hasher.js';
import { newToken, sha256 } from './secrets.js';

export const RESET_LINK_MINUTES = 60;
const LINK_USED = 'This link has expired or has already been used.';

export interface PasswordResetDeps {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  outbox: { enqueue(executor: Executor, message: NewMessage): Promise<string> };
  /** The reset page's address for a token; with '' it is the address up to where the token goes. */
  resetUrl: (token: string) => string;
}

export function createPasswordReset(deps: PasswordResetDeps) {
  const { db, clock, audit, outbox, resetUrl } = deps;
  const nowIso = () => clock().toISOString();
  const hashOf = (token: string) => sha256(`password-reset:${token}`);

  /** Queues a reset e-mail for an active account's address; says nothing about whether one exists. */
  async function request(email: string, ctx: RequestContext): Promise<void> {
    const account = await findCredentialsByEmail(db, email);
    const serviceIds = account === undefined ? [] : await servicesOfUser(db, account.id);
    const serviceId = serviceIds[0];
    await db.transaction().execute(async (trx) => {
      if (account?.status !== 'active' || serviceId === undefined) {
        await audit.record(trx, ctx, {
          action: 'account.password-reset-requested',
          outcome: 'failure',
          serviceId: serviceId ?? null,
          subjectType: 'user',
          ...(account !== undefined && { subjectId: account.id }),
          detail: { reason: account === undefined ? 'unknown-account' : `account-${account.status}` },
        });
        return;
      }
      await outbox.enqueue(trx, {
        serviceId,
        channel: 'email',
        template: 'password-reset-link',
        recipient: account.email,
        personalisation: { link: linkPlaceholder(resetUrl('')), minutes: String(RESET_LINK_MINUTES) },
        subject: { type: 'user', id: account.id },
      });
      await audit.record(trx, ctx, {
        action: 'account.password-reset-requested',
        serviceId,
        subjectType: 'user',
        subjectId: account.id,
      });
    });
  }

  /**
   * The outbox's link minter for reset links: a fresh token for the person, an hour long from now, replacing any
   * earlier one. Null when the account can no longer sign in.
   */
  async function mint(about: { subjectId: string | null }): Promise<string | null> {
    if (about.subjectId === null) return null;
    const user = await findUserById(db, about.subjectId);
    if (user?.status !== 'active') return null;
    const token = newToken();
    const now = clock();
    await db.transaction().execute(async (trx) => {
      await revokeResetTokens(trx, user.id, now.toISOString());
      await insertResetToken(
        trx,
        {
          hash: hashOf(token),
          userId: user.id,
          expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000).toISOString(),
        },
        now.toISOString(),
      );
    });
    return token;
  }

  /** Whose password a link resets, while it is unused, unexpired, and their account active. */
  async function describe(token: string): Promise<StaffUser | undefined> {
    const found = await findResetToken(db, hashOf(token));
    if (found?.usedAt !== null || found.expiresAt <= nowIso()) return undefined;
    const user = await findUserById(db, found.userId);
    return user?.status === 'active' ? user : undefined;
  }

  /** Sets the new password (already checked against the policy by the caller's form), once; ends every session. */
  async function reset(
    token: string,
    password: string,
    ctx: RequestContext,
  ): Promise<Outcome<{ user: StaffUser }, Problem<'invalid-token' | 'stale-version'>>> {
    const user = await describe(token);
    if (user === undefined) return failed(problem('invalid-token', LINK_USED));
    const passwordHash = await hashPassword(password);
    return settle(() =>
      db.transaction().execute(async (trx) => {
        if (!(await useResetToken(trx, hashOf(token), nowIso()))) return failed(problem('invalid-token', LINK_USED));
        if (!(await updateUser(trx, user.id, user.version, { passwordHash }, nowIso()))) {
          throw new DomainError('stale-version', 'This account was changed while you were setting your password.');
        }
        await revokeResetTokens(trx, user.id, nowIso());
        await deleteSessionsOfUser(trx, user.id);
        await audit.record(
          trx,
          { ...ctx, actorUserId: user.id },
          { action: 'account.password-reset', serviceId: null, subjectType: 'user', subjectId: user.id },
        );
        return ok({ user });
      }),
    );
  }

  return { request, mint, describe, reset };
}

export type PasswordReset = ReturnType<typeof createPasswordReset>;
