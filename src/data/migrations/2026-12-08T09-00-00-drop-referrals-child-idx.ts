/**
 * Drops `referrals_child_idx` (service_id, child_id): `referrals_child_id_idx` (service_id, child_id, id), added with
 * the record's access checks, answers every query the first did, and each index is one more page written by every
 * referral submitted (issue 11, W2).
 *
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('referrals_child_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('referrals_child_idx').on('referrals').columns(['service_id', 'child_id']).execute();
}
