/**
 * A second factor for staff accounts and password reset by e-mail (ADR 0032):
 * - `staff_two_factor`: each person's TOTP secret, encrypted (AES-256-GCM, key derived from the server's secret);
 *   `enrolled_at` null while set-up is unfinished; `last_step` the time step of the last code used (no replay).
 * - `staff_recovery_codes`: ten single-use codes per person, hashed.
 * - `sign_in_challenges`: a password accepted, the second step still to come, for one anonymous session, 5 minutes.
 * - `password_reset_tokens`: one-time reset links, hashed, an hour long.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_two_factor')
    .addColumn('user_id', 'varchar(36)', (c) => c.primaryKey().references('users.id'))
    .addColumn('secret_enc', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('enrolled_at', 'varchar(30)')
    .addColumn('last_step', 'integer')
    .execute();

  await db.schema
    .createTable('staff_recovery_codes')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .addPrimaryKeyConstraint('staff_recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('sign_in_challenges')
    .addColumn('session_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('return_to', 'varchar(500)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_challenges_expires_idx').on('sign_in_challenges').column('expires_at').execute();

  await db.schema
    .createTable('password_reset_tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('password_reset_tokens_user_idx').on('password_reset_tokens').column('user_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_reset_tokens').execute();
  await db.schema.dropTable('sign_in_challenges').execute();
  await db.schema.dropTable('staff_recovery_codes').execute();
  await db.schema.dropTable('staff_two_factor').execute();
}
