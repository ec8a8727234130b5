/**
 * Attachments to referrals (reports, letters, a scanned paper form): the file itself is kept outside the web root
 * under a generated name (see ATTACHMENTS_DIR); this table holds what is known about it. An attachment belongs to a
 * draft until the referral is sent, then to the referral too.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('referral_attachments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('draft_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('referral_id', 'varchar(36)', (c) => c.references('referrals.id'))
    .addColumn('file_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('stored_as', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('uploaded_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('referral_attachments_draft_idx')
    .on('referral_attachments')
    .columns(['service_id', 'draft_id'])
    .execute();
  await db.schema
    .createIndex('referral_attachments_referral_idx')
    .on('referral_attachments')
    .columns(['service_id', 'referral_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('referral_attachments').execute();
}
