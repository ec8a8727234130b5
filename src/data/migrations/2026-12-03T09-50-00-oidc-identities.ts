/**
 * Single sign-on through OpenID Connect (docs/adr/0033). `user_identities` links an account to a person at an
 * identity provider (the provider's issuer and its `sub` for them), so that a later sign-in matches on `sub`, not on
 * an e-mail address that may change. `oidc_sign_in_attempts` holds, server-side, what one sign-in started with (the
 * state's keyed hash, the nonce and the PKCE verifier) for the pre-sign-in session that started it; the callback
 * takes the row, so a state is good once.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_identities')
    .addColumn('issuer', 'varchar(500)', (c) => c.notNull())
    .addColumn('subject', 'varchar(255)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('linked_by_claim', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_identities_pk', ['issuer', 'subject'])
    // One identity at one provider for each account: a second person at the provider cannot take over the account.
    .addUniqueConstraint('user_identities_user_uq', ['issuer', 'user_id'])
    .execute();
  await db.schema.createIndex('user_identities_user_idx').on('user_identities').column('user_id').execute();

  await db.schema
    .createTable('oidc_sign_in_attempts')
    .addColumn('state_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('session_id_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('nonce', 'varchar(128)', (c) => c.notNull())
    .addColumn('code_verifier', 'varchar(128)', (c) => c.notNull())
    .addColumn('return_to', 'varchar(500)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oidc_sign_in_attempts_expires_idx')
    .on('oidc_sign_in_attempts')
    .column('expires_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oidc_sign_in_attempts').execute();
  await db.schema.dropTable('user_identities').execute();
}
