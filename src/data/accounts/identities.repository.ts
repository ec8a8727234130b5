/**
 * Accounts' identities at OpenID providers (docs/adr/0033), and the sign-ins started there and not yet finished.
 * An attempt is taken (read and deleted) in one statement, so two callbacks with the same state cannot both have it.
 */
import type { OidcSignInAttemptsTable } from '../database.js';
import type { Executor } from '../executor.js';

export interface LinkedIdentity {
  issuer: string;
  subject: string;
  userId: string;
}

export interface SignInAttempt {
  stateHash: string;
  sessionIdHash: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string | null;
  createdAt: string;
  expiresAt: string;
}

export async function findIdentity(db: Executor, issuer: string, subject: string): Promise<LinkedIdentity | undefined> {
  const row = await db
    .selectFrom('user_identities')
    .select(['issuer', 'subject', 'user_id'])
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row && { issuer: row.issuer, subject: row.subject, userId: row.user_id };
}

/** The identity an account already has at this provider, if any. */
export async function findIdentityOfUser(
  db: Executor,
  issuer: string,
  userId: string,
): Promise<LinkedIdentity | undefined> {
  const row = await db
    .selectFrom('user_identities')
    .select(['issuer', 'subject', 'user_id'])
    .where('issuer', '=', issuer)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && { issuer: row.issuer, subject: row.subject, userId: row.user_id };
}

export async function insertIdentity(
  db: Executor,
  identity: LinkedIdentity & { linkedByClaim: string; at: string },
): Promise<void> {
  await db
    .insertInto('user_identities')
    .values({
      issuer: identity.issuer,
      subject: identity.subject,
      user_id: identity.userId,
      linked_by_claim: identity.linkedByClaim,
      created_at: identity.at,
      last_used_at: identity.at,
    })
    // Two first sign-ins of one person at once: the first links, the second finds the link made.
    .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
    .execute();
}

export async function touchIdentity(db: Executor, issuer: string, subject: string, at: string): Promise<void> {
  await db
    .updateTable('user_identities')
    .set({ last_used_at: at })
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .execute();
}

export async function insertAttempt(db: Executor, attempt: SignInAttempt): Promise<void> {
  await db
    .insertInto('oidc_sign_in_attempts')
    .values({
      state_hash: attempt.stateHash,
      session_id_hash: attempt.sessionIdHash,
      nonce: attempt.nonce,
      code_verifier: attempt.codeVerifier,
      return_to: attempt.returnTo,
      created_at: attempt.createdAt,
      expires_at: attempt.expiresAt,
    })
    .execute();
}

function toAttempt(row: OidcSignInAttemptsTable): SignInAttempt {
  return {
    stateHash: row.state_hash,
    sessionIdHash: row.session_id_hash,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    returnTo: row.return_to,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** The attempt with this state, removed as it is read: whoever takes it first has it, and no one has it again. */
export async function takeAttempt(db: Executor, stateHash: string): Promise<SignInAttempt | undefined> {
  const row = await db
    .deleteFrom('oidc_sign_in_attempts')
    .where('state_hash', '=', stateHash)
    .returningAll()
    .executeTakeFirst();
  return row && toAttempt(row);
}

/** Attempts never finished (the person closed the tab at the provider): removed once they can no longer be used. */
export async function deleteExpiredAttempts(db: Executor, now: string): Promise<number> {
  const result = await db.deleteFrom('oidc_sign_in_attempts').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The account holding an e-mail address, for linking a person the first time they sign in at a provider. */
export async function findAccountIdByEmail(db: Executor, email: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return row?.id;
}
