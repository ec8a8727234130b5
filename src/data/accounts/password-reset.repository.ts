/**
 * One-time password-reset links (docs/adr/0032). Only a hash of each token is stored.
 */
import type { Executor } from '../executor.js';

export interface ResetToken {
  userId: string;
  expiresAt: string;
  usedAt: string | null;
}

export async function insertResetToken(
  db: Executor,
  token: { hash: string; userId: string; expiresAt: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('password_reset_tokens')
    .values({
      token_hash: token.hash,
      user_id: token.userId,
      created_at: now,
      expires_at: token.expiresAt,
      used_at: null,
    })
    .execute();
}

export async function findResetToken(db: Executor, hash: string): Promise<ResetToken | undefined> {
  const row = await db
    .selectFrom('password_reset_tokens')
    .select(['user_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
  return row && { userId: row.user_id, expiresAt: row.expires_at, usedAt: row.used_at };
}

/** Marks a token used, once, while unexpired: false for a second tab or a replay. */
export async function useResetToken(db: Executor, hash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('password_reset_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Ends a person's other unused reset links: the newest is the only one that works. */
export async function revokeResetTokens(db: Executor, userId: string, now: string): Promise<void> {
  await db
    .updateTable('password_reset_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}
