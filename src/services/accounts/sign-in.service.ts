/**
 * Signing in and out. A failed attempt says nothing about whether the account exists; five failures for one e-mail
 * address lock it for a while (the same for addresses with no account).
 */
import { clearThrottle, findThrottle, saveThrottle } from '../../data/accounts/sign-in-throttle.repository.js';
import { findCredentialsByEmail, servicesOfUser } from '../../data/accounts/users.repository.js';
import type { Executor } from '../../data/executor.js';
import { afterFailure, isLocked, type ThrottlePolicy } from '../../domain/accounts/throttle.js';
import type { StaffUser } from '../../domain/accounts/user.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { verifyPassword } from './password-hasher.js';
import { recordSignIn } from './record-sign-in.js';
import { sha256 } from './secrets.js';

export type SignInResult = Outcome<{ user: StaffUser; serviceIds: string[] }, Problem<'unauthenticated' | 'throttled'>>;

export function createSignInService(deps: { db: Executor; clock: Clock; audit: AuditService; policy: ThrottlePolicy }) {
  const { db, clock, audit, policy } = deps;

  const keyOf = (email: string) => `account:${sha256(email)}`;

  /**
   * Records a failed attempt (a wrong password, or a wrong second factor) against the account's throttle and in the
   * audit trail, and answers with the generic message, or the lock-out once the set number of failures is reached.
   */
  async function refuse(
    email: string,
    account: { id: string } | undefined,
    reason: string,
    throttled: boolean,
    ctx: RequestContext,
    action: 'auth.sign-in-failed' | 'auth.second-factor-failed' = 'auth.sign-in-failed',
  ): Promise<{ ok: false; problem: Problem<'unauthenticated' | 'throttled'> }> {
    const key = keyOf(email);
    const now = clock();
    // Failures of a known account go to its services' chains; an unknown address names no one.
    const serviceIds = account === undefined ? [null] : await servicesOfUser(db, account.id);
    await db.transaction().execute(async (trx) => {
      if (!throttled) await saveThrottle(trx, key, afterFailure(await findThrottle(trx, key), now, policy));
      for (const serviceId of serviceIds.length > 0 ? serviceIds : [null]) {
        await audit.record(trx, ctx, {
          action,
          outcome: 'failure',
          serviceId,
          subjectType: 'user',
          ...(account !== undefined && { subjectId: account.id }),
          detail: { reason },
        });
      }
    });
    return failed(
      throttled || isLocked(await findThrottle(db, key), now)
        ? problem(
            'throttled',
            `There have been too many attempts to sign in. Wait ${String(policy.lockoutMinutes)} minutes and try again`,
          )
        : problem('unauthenticated', 'Enter a correct email address and password'),
    );
  }

  /** Whether the account's sign-in is locked now (too many wrong passwords or codes). */
  async function isThrottled(email: string): Promise<boolean> {
    return isLocked(await findThrottle(db, keyOf(email)), clock());
  }

  /** The first factor: the password of an active account. Nothing is signed in yet. */
  async function checkPassword(
    email: string,
    password: string,
    ctx: RequestContext,
  ): Promise<Outcome<{ user: StaffUser }, Problem<'unauthenticated' | 'throttled'>>> {
    const account = await findCredentialsByEmail(db, email);
    if (await isThrottled(email)) return refuse(email, account, 'throttled', true, ctx);
    const passwordOk = await verifyPassword(account?.passwordHash ?? null, password);
    if (account === undefined) return refuse(email, account, 'unknown-account', false, ctx);
    if (!passwordOk) return refuse(email, account, 'wrong-password', false, ctx);
    if (account.status !== 'active') return refuse(email, account, `account-${account.status}`, false, ctx);
    const { passwordHash: _hash, ...user } = account;
    return ok({ user });
  }

  /**
   * Completes a sign-in once every factor has passed (a password and a second factor, or an OpenID provider's
   * sign-in): the throttle is cleared and `auth.sign-in` recorded in each of the person's services. The web layer
   * then starts the session (`web/routes/auth/complete-sign-in.ts`).
   */
  async function completeSignIn(
    user: StaffUser,
    ctx: RequestContext,
    via: 'password' | 'totp' | 'recovery-code' | 'oidc' = 'password',
  ): Promise<{ user: StaffUser; serviceIds: string[] }> {
    const serviceIds = await servicesOfUser(db, user.id);
    await db.transaction().execute(async (trx) => {
      await clearThrottle(trx, keyOf(user.email));
      await recordSignIn(audit, trx, ctx, { user, serviceIds }, via === 'password' ? undefined : { via });
    });
    return { user, serviceIds };
  }

  /** Password only: for when no second factor is required (STAFF_TWO_FACTOR=off). */
  async function signIn(email: string, password: string, ctx: RequestContext): Promise<SignInResult> {
    const checked = await checkPassword(email, password, ctx);
    if (!checked.ok) return checked;
    return ok(await completeSignIn(checked.user, ctx));
  }

  /** Signing out is recorded for the person whose session ends (the session itself is ended by the web layer). */
  async function signOut(ctx: RequestContext, userId: string): Promise<void> {
    await audit.record(db, ctx, { action: 'auth.sign-out', subjectType: 'user', subjectId: userId });
  }

  return { signIn, checkPassword, completeSignIn, refuse, isThrottled, signOut };
}

export type SignInService = ReturnType<typeof createSignInService>;
