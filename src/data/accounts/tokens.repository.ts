/**
 * One-time account tokens (the first-admin link, invitations). Only a hash of each token is stored.
 */
import type { Executor } from '../executor.js';

export type TokenPurpose = 'first-admin' | 'invite';

export interface AccountToken {
  purpose: TokenPurpose;
  userId: string | null;
  expiresAt: string;
  usedAt: string | null;
}

export async function insertToken(
  db: Executor,
  token: { hash: string; purpose: TokenPurpose; userId: string | null; expiresAt: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('account_tokens')
    .values({
      token_hash: token.hash,
      purpose: token.purpose,
      user_id: token.userId,
      created_at: now,
      expires_at: token.expiresAt,
      used_at: null,
    })
    .execute();
}

export async function findToken(db: Executor, hash: string): Promise<AccountToken | undefined> {
  const row = await db
    .selectFrom('account_tokens')
    .select(['purpose', 'user_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  return (
    row && { purpose: row.purpose as TokenPurpose, userId: row.user_id, expiresAt: row.expires_at, usedAt: row.used_at }
  );
}

/** Marks a token used, once: returns false if it was already used (a second tab, a replay). */
export async function useToken(db: Executor, hash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Ends every unused token of a purpose (and of a user, where given): a new link replaces the old ones. */
export async function revokeTokens(
  db: Executor,
  purpose: TokenPurpose,
  userId: string | null,
  now: string,
): Promise<void> {
  let query = db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null);
  query = userId === null ? query.where('user_id', 'is', null) : query.where('user_id', '=', userId);
  await query.execute();
}

/** Whether a user has a link of this purpose that is unused and unexpired (an open invitation, say). */
export async function hasOpenToken(db: Executor, purpose: TokenPurpose, userId: string, now: string): Promise<boolean> {
  const row = await db
    .selectFrom('account_tokens')
    .select('token_hash')
    .where('purpose', '=', purpose)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}
