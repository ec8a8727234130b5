/**
 * Signing in and out. A failed attempt says nothing about whether the account exists; five failures for one e-mail
 * address lock it for a while (the same for addresses with no account).
 */
import { clearThrottle, findThrottle, saveThrottle } from '../../data/accounts/sign-in-throttle.repository.js';
import { findCredentialsByEmail, rolesInService, servicesOfUser } from '../../data/accounts/users.repository.js';
import type { Executor } from '../../data/executor.js';
import { afterFailure, isLocked, type ThrottlePolicy } from '../../domain/accounts/throttle.js';
import type { StaffUser } from '../../domain/accounts/user.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { verifyPassword } from './password-hasher.js';
import { sha256 } from './secrets.js';

export type SignInResult = Outcome<{ user: StaffUser; serviceIds: string[] }, Problem<'unauthenticated' | 'throttled'>>;

export function createSignInService(deps: { db: Executor; clock: Clock; audit: AuditService; policy: ThrottlePolicy }) {
  const { db, clock, audit, policy } = deps;

  async function signIn(email: string, password: string, ctx: RequestContext): Promise<SignInResult> {
    const key = `account:${sha256(email)}`;
    const now = clock();
    const throttle = await findThrottle(db, key);
    const account = await findCredentialsByEmail(db, email);
    const refused = async (reason: string, throttled: boolean): Promise<SignInResult> => {
      // Failures of a known account go to its services' chains; an unknown address names no one.
      const serviceIds = account === undefined ? [null] : await servicesOfUser(db, account.id);
      await db.transaction().execute(async (trx) => {
        if (!throttled) await saveThrottle(trx, key, afterFailure(await findThrottle(trx, key), now, policy));
        for (const serviceId of serviceIds.length > 0 ? serviceIds : [null]) {
          await audit.record(trx, ctx, {
            action: 'auth.sign-in-failed',
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
    };

    if (isLocked(throttle, now)) return refused('throttled', true);
    const passwordOk = await verifyPassword(account?.passwordHash ?? null, password);
    if (account === undefined) return refused('unknown-account', false);
    if (!passwordOk) return refused('wrong-password', false);
    if (account.status !== 'active') return refused(`account-${account.status}`, false);

    const serviceIds = await servicesOfUser(db, account.id);
    const { passwordHash: _hash, ...user } = account;
    await db.transaction().execute(async (trx) => {
      await clearThrottle(trx, key);
      for (const serviceId of serviceIds.length > 0 ? serviceIds : [null]) {
        // The roles the person holds in the chain's service, as every later event of theirs there records.
        const actorRoles = serviceId === null ? [] : await rolesInService(trx, serviceId, user.id);
        await audit.record(
          trx,
          { ...ctx, actorUserId: user.id, actorRoles },
          { action: 'auth.sign-in', serviceId, subjectType: 'user', subjectId: user.id },
        );
      }
    });
    return ok({ user, serviceIds });
  }

  /** Signing out is recorded for the person whose session ends (the session itself is ended by the web layer). */
  async function signOut(ctx: RequestContext, userId: string): Promise<void> {
    await audit.record(db, ctx, { action: 'auth.sign-out', subjectType: 'user', subjectId: userId });
  }

  return { signIn, signOut };
}

export type SignInService = ReturnType<typeof createSignInService>;
