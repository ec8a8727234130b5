/**
 * Referrals: drafts kept on the server while someone fills in the form, the children the service knows, the
 * referrals with their eligibility decision and consent. Every row carries its service, and the indexes lead with it.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('referral_drafts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    // Only HMACs of the tokens are kept: the browser's cookie, and the one-time link sent by e-mail.
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('resume_token_hash', 'varchar(64)', (c) => c.unique())
    .addColumn('resume_expires_at', 'varchar(30)')
    .addColumn('source', 'varchar(16)', (c) => c.notNull().check(sql`source in ('online', 'staff')`))
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('visited', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'varchar(36)', (c) => c.notNull())
    .addColumn('submitted_referral_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('referral_drafts_expiry_idx')
    .on('referral_drafts')
    .columns(['service_id', 'expires_at'])
    .execute();

  await db.schema
    .createTable('children')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('nhs_number', 'varchar(10)')
    .addColumn('given_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('family_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('known_as', 'varchar(100)')
    .addColumn('date_of_birth', 'varchar(10)', (c) => c.notNull())
    .addColumn('sex', 'varchar(16)', (c) => c.notNull())
    .addColumn('address_line_1', 'varchar(100)', (c) => c.notNull())
    .addColumn('address_line_2', 'varchar(100)')
    .addColumn('town', 'varchar(100)', (c) => c.notNull())
    .addColumn('postcode', 'varchar(8)', (c) => c.notNull())
    .addColumn('gp_practice_code', 'varchar(10)')
    .addColumn('school_urn', 'varchar(8)')
    .addColumn('language', 'varchar(60)')
    .addColumn('interpreter_needed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access_needs', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('children_nhs_number_idx').on('children').columns(['service_id', 'nhs_number']).execute();
  await db.schema.createIndex('children_birth_idx').on('children').columns(['service_id', 'date_of_birth']).execute();

  await db.schema
    .createTable('referrals')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('reference', 'varchar(16)', (c) => c.notNull().unique())
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) =>
      c.notNull().check(sql`source in ('online', 'post', 'email', 'telephone')`),
    )
    .addColumn('received_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('received_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('referrer_type', 'varchar(63)', (c) => c.notNull())
    .addColumn('referrer_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('referrer_email', 'varchar(254)')
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('eligibility_outcome', 'varchar(16)', (c) =>
      c.notNull().check(sql`eligibility_outcome in ('eligible', 'ineligible', 'unclear')`),
    )
    .addColumn('eligibility', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'varchar(20)', (c) => c.notNull())
    .addColumn('child_match', 'varchar(32)', (c) => c.notNull())
    .addColumn('possible_child_id', 'varchar(36)', (c) => c.references('children.id'))
    .addColumn('safeguarding_concern', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('idempotency_key', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('referrals_idempotency_uq', ['service_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('referrals_worklist_idx')
    .on('referrals')
    .columns(['service_id', 'status', 'received_at'])
    .execute();
  await db.schema.createIndex('referrals_child_idx').on('referrals').columns(['service_id', 'child_id']).execute();

  await db.schema
    .createTable('referral_consents')
    .addColumn('referral_id', 'varchar(36)', (c) => c.primaryKey().references('referrals.id'))
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('given_by', 'varchar(16)', (c) => c.notNull().check(sql`given_by in ('parent', 'young-person')`))
    .addColumn('given_by_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('given_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('sharing', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('recorded_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['referral_consents', 'referrals', 'children', 'referral_drafts']) {
    await db.schema.dropTable(table).execute();
  }
}
