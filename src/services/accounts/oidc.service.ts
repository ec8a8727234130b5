/**
 * Signing in through an OpenID provider such as NHS Care Identity Service 2 (docs/adr/0033). `start` keeps, for the
 * pre-sign-in session, what the sign-in began with (the state's keyed hash, the nonce, the PKCE verifier) and gives
 * the provider's address; `finish` takes that back once (a replayed state finds nothing), has the code exchanged and
 * every check made, and finds the Otway account: by the identity linked before (issuer and `sub`), else by the
 * verified link claim, which links it. No account is ever made here, and roles stay Otway's to grant. Every outcome
 * is audited. The web layer rotates the session on success, as for a password; Otway's own second factor is not
 * asked for (the provider's sign-in is the strong one).
 */
import {
  deleteExpiredAttempts,
  findAccountIdByEmail,
  findIdentity,
  findIdentityOfUser,
  insertAttempt,
  insertIdentity,
  takeAttempt,
  touchIdentity,
} from '../../data/accounts/identities.repository.js';
import { findUserById, servicesOfUser } from '../../data/accounts/users.repository.js';
import type { Executor } from '../../data/executor.js';
import { normaliseEmail } from '../../domain/accounts/email.js';
import type { StaffUser } from '../../domain/accounts/user.js';
import { failed, ok, problem, type Outcome, type ProblemWith } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { OidcExchangeError, type OidcClient, type OidcSettings } from './oidc-client.js';
import { recordSignIn } from './record-sign-in.js';
import { hmac, newToken } from './secrets.js';

/** Why an OpenID Connect sign-in was refused, as the audit trail records it. */
export type OidcRefusal =
  | 'provider-unavailable'
  | 'unknown-state'
  | 'wrong-session'
  | 'attempt-expired'
  | 'provider-error'
  | 'token-refused'
  | 'claim-missing'
  | 'email-not-verified'
  | 'no-account'
  | 'account-not-active'
  | 'identity-conflict';

export type OidcProblem = ProblemWith<'unauthenticated' | 'forbidden', { reason: OidcRefusal }>;

/** How long a started sign-in may take at the provider. */
const ATTEMPT_MINUTES = 10;

const START_AGAIN = 'Your sign-in with NHS Care Identity could not be completed. Start again.';
const ASK_ADMIN = 'Ask an administrator of your service.';
const MESSAGES: Record<OidcRefusal, string> = {
  'provider-unavailable':
    'Signing in with NHS Care Identity is not available at the moment. Try again later, or sign in with your email address and password.',
  'unknown-state': START_AGAIN,
  'wrong-session': START_AGAIN,
  'attempt-expired': START_AGAIN,
  'provider-error': START_AGAIN,
  'token-refused': START_AGAIN,
  'claim-missing': `NHS Care Identity did not give Otway your email address, so Otway cannot find your account. ${ASK_ADMIN}`,
  'email-not-verified': `NHS Care Identity has not confirmed your email address, so Otway cannot find your account. ${ASK_ADMIN}`,
  'no-account': 'You do not have an Otway account. Ask an administrator of your service to invite you.',
  'account-not-active': `Your Otway account cannot be used to sign in. ${ASK_ADMIN}`,
  'identity-conflict': `Your Otway account is linked to a different NHS Care Identity. ${ASK_ADMIN}`,
};

const FORBIDDEN: ReadonlySet<OidcRefusal> = new Set([
  'claim-missing',
  'email-not-verified',
  'no-account',
  'account-not-active',
  'identity-conflict',
]);

function refusal(reason: OidcRefusal): OidcProblem {
  return problem(FORBIDDEN.has(reason) ? 'forbidden' : 'unauthenticated', MESSAGES[reason], { reason });
}

export type OidcStart = Outcome<{ url: string }, OidcProblem>;
export type OidcFinish = Outcome<{ user: StaffUser; serviceIds: string[]; returnTo: string | null }, OidcProblem>;

export function createOidcSignIn(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  secret: string;
  settings: OidcSettings;
  client: OidcClient;
}) {
  const { db, clock, audit, secret, settings, client } = deps;
  const stateHashOf = (state: string) => hmac(secret, `oidc-state:${state}`);

  /** A refusal recorded in the chains of the account's services, or the instance's when no account is known. */
  async function refuse(
    ctx: RequestContext,
    reason: OidcRefusal,
    extra: { userId?: string; detail?: string } = {},
  ): Promise<{ ok: false; problem: OidcProblem }> {
    const serviceIds = extra.userId === undefined ? [] : await servicesOfUser(db, extra.userId);
    await db.transaction().execute(async (trx) => {
      for (const serviceId of serviceIds.length > 0 ? serviceIds : [null]) {
        await audit.record(trx, ctx, {
          action: 'auth.sign-in-failed',
          outcome: 'failure',
          serviceId,
          subjectType: 'user',
          ...(extra.userId !== undefined && { subjectId: extra.userId }),
          detail: { method: 'oidc', reason, ...(extra.detail !== undefined && { error: extra.detail }) },
        });
      }
    });
    return failed(refusal(reason));
  }

  async function start(
    input: { sessionIdHash: string; returnTo: string | null },
    ctx: RequestContext,
  ): Promise<OidcStart> {
    const now = clock();
    const checks = { state: newToken(), nonce: newToken(), codeVerifier: newToken() + newToken() };
    let url: URL;
    try {
      url = await client.authorizationUrl(checks);
    } catch (err) {
      if (err instanceof OidcExchangeError) return refuse(ctx, 'provider-unavailable', { detail: err.detail });
      throw err;
    }
    await deleteExpiredAttempts(db, now.toISOString());
    await insertAttempt(db, {
      stateHash: stateHashOf(checks.state),
      sessionIdHash: input.sessionIdHash,
      nonce: checks.nonce,
      codeVerifier: checks.codeVerifier,
      returnTo: input.returnTo,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ATTEMPT_MINUTES * 60_000).toISOString(),
    });
    return ok({ url: url.href });
  }

  /** The account for a verified identity: linked before by `sub`, or now by the link claim. */
  async function accountFor(
    identity: { issuer: string; subject: string; claims: Record<string, unknown> },
    ctx: RequestContext,
  ): Promise<Outcome<{ userId: string; linked: boolean }, OidcProblem>> {
    const known = await findIdentity(db, identity.issuer, identity.subject);
    if (known !== undefined) return ok({ userId: known.userId, linked: false });
    const value = identity.claims[settings.linkClaim];
    if (typeof value !== 'string' || value.trim() === '') return refuse(ctx, 'claim-missing');
    if (settings.linkClaim === 'email' && settings.requireVerifiedEmail && identity.claims.email_verified !== true) {
      return refuse(ctx, 'email-not-verified');
    }
    const userId = await findAccountIdByEmail(db, normaliseEmail(value));
    if (userId === undefined) return refuse(ctx, 'no-account', { detail: `by ${settings.linkClaim}` });
    const other = await findIdentityOfUser(db, identity.issuer, userId);
    if (other !== undefined) return refuse(ctx, 'identity-conflict', { userId });
    return ok({ userId, linked: true });
  }

  async function finish(
    input: { sessionIdHash: string | null; callbackUrl: URL; state: string },
    ctx: RequestContext,
  ): Promise<OidcFinish> {
    const now = clock();
    // Taken, not read: whatever happens next, this state is spent.
    const attempt = input.state === '' ? undefined : await takeAttempt(db, stateHashOf(input.state));
    if (attempt === undefined) return refuse(ctx, 'unknown-state');
    if (input.sessionIdHash !== attempt.sessionIdHash) return refuse(ctx, 'wrong-session');
    if (attempt.expiresAt <= now.toISOString()) return refuse(ctx, 'attempt-expired');

    let identity;
    try {
      identity = await client.exchange(input.callbackUrl, {
        state: input.state,
        nonce: attempt.nonce,
        codeVerifier: attempt.codeVerifier,
      });
    } catch (err) {
      if (err instanceof OidcExchangeError) return refuse(ctx, err.reason, { detail: err.detail });
      throw err;
    }

    const found = await accountFor(identity, ctx);
    if (!found.ok) return found;
    const user = await findUserById(db, found.userId);
    if (user?.status !== 'active') {
      return refuse(ctx, 'account-not-active', { userId: found.userId, detail: `status ${user?.status ?? 'gone'}` });
    }

    const serviceIds = await servicesOfUser(db, user.id);
    await db.transaction().execute(async (trx) => {
      if (found.linked) {
        await insertIdentity(trx, {
          issuer: identity.issuer,
          subject: identity.subject,
          userId: user.id,
          linkedByClaim: settings.linkClaim,
          at: now.toISOString(),
        });
      } else {
        await touchIdentity(trx, identity.issuer, identity.subject, now.toISOString());
      }
      await recordSignIn(audit, trx, ctx, { user, serviceIds }, { method: 'oidc', identityLinked: found.linked });
    });
    return ok({ user, serviceIds, returnTo: attempt.returnTo });
  }

  return { start, finish };
}

export type OidcSignIn = ReturnType<typeof createOidcSignIn>;
