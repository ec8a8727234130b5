/**
 * Staff second factors (docs/adr/0032): each person's TOTP secret as sealed by the service (never in clear), their
 * recovery codes (hashed), and the sign-in challenges that wait for the second step.
 */
import type { Executor } from '../executor.js';

export interface StoredTwoFactor {
  userId: string;
  secretSealed: string;
  enrolledAt: string | null;
  lastStep: number | null;
}

export async function findTwoFactor(db: Executor, userId: string): Promise<StoredTwoFactor | undefined> {
  const row = await db
    .selectFrom('staff_two_factor')
    .select(['user_id', 'secret_enc', 'enrolled_at', 'last_step'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return (
    row && {
      userId: row.user_id,
      secretSealed: row.secret_enc,
      enrolledAt: row.enrolled_at,
      lastStep: row.last_step,
    }
  );
}

/** Stores a new, unconfirmed secret, replacing any earlier unconfirmed one; a confirmed secret is left alone. */
export async function savePendingSecret(db: Executor, userId: string, sealed: string, now: string): Promise<void> {
  await db
    .insertInto('staff_two_factor')
    .values({ user_id: userId, secret_enc: sealed, created_at: now, enrolled_at: null, last_step: null })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ secret_enc: sealed, created_at: now, enrolled_at: null, last_step: null })
        .where('staff_two_factor.enrolled_at', 'is', null),
    )
    .execute();
}

/**
 * Records the step of a code just used, only when it is later than the last one: false when another request used
 * this step (or a later one) first, so that a code is good once however the requests race.
 */
export async function useStep(db: Executor, userId: string, step: number, enrolledAt?: string): Promise<boolean> {
  const result = await db
    .updateTable('staff_two_factor')
    .set({ last_step: step, ...(enrolledAt !== undefined && { enrolled_at: enrolledAt }) })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function deleteTwoFactor(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('staff_two_factor').where('user_id', '=', userId).execute();
}

/** Which of these people have a confirmed second factor. */
export async function enrolledAmong(db: Executor, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('staff_two_factor')
    .select('user_id')
    .where('user_id', 'in', [...userIds])
    .where('enrolled_at', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

export async function replaceRecoveryCodes(
  db: Executor,
  userId: string,
  hashes: readonly string[],
  now: string,
): Promise<void> {
  await db.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('staff_recovery_codes')
    .values(hashes.map((h) => ({ user_id: userId, code_hash: h, created_at: now, used_at: null })))
    .execute();
}

/** Spends a recovery code, once: false when it is not one of theirs or was already used. */
export async function useRecoveryCode(db: Executor, userId: string, hash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('staff_recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('staff_recovery_codes')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface Challenge {
  userId: string;
  returnTo: string | null;
  expiresAt: string;
}

export async function insertChallenge(
  db: Executor,
  sessionHash: string,
  challenge: Challenge,
  now: string,
): Promise<void> {
  await db.deleteFrom('sign_in_challenges').where('session_hash', '=', sessionHash).execute();
  await db
    .insertInto('sign_in_challenges')
    .values({
      session_hash: sessionHash,
      user_id: challenge.userId,
      return_to: challenge.returnTo,
      created_at: now,
      expires_at: challenge.expiresAt,
    })
    .execute();
}

export async function findChallenge(db: Executor, sessionHash: string): Promise<Challenge | undefined> {
  const row = await db
    .selectFrom('sign_in_challenges')
    .select(['user_id', 'return_to', 'expires_at'])
    .where('session_hash', '=', sessionHash)
    .executeTakeFirst();
  return row && { userId: row.user_id, returnTo: row.return_to, expiresAt: row.expires_at };
}

export async function deleteChallenge(db: Executor, sessionHash: string): Promise<void> {
  await db.deleteFrom('sign_in_challenges').where('session_hash', '=', sessionHash).execute();
}

/** Removes challenges whose five minutes have run out, and any of a person (when their second factor is reset). */
export async function deleteChallenges(db: Executor, before: string, userId?: string): Promise<void> {
  let query = db.deleteFrom('sign_in_challenges');
  query = userId === undefined ? query.where('expires_at', '<=', before) : query.where('user_id', '=', userId);
  await query.execute();
}
