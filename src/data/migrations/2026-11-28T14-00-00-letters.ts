/**
 * Letters about triage decisions: one row for each letter, with what it said (its parts as JSON, and as HTML), how it
 * travels (e-mailed through the outbox, or printed by an admin officer), and the PDF kept in the file store under a
 * generated name. Written in the same transaction as the decision they report.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('referral_letters')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('referral_id', 'varchar(36)', (c) => c.notNull().references('referrals.id'))
    .addColumn('event_id', 'varchar(36)', (c) => c.notNull().references('referral_events.id'))
    // referrer | family | gp
    .addColumn('recipient_role', 'varchar(16)', (c) => c.notNull())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    // email | print
    .addColumn('channel', 'varchar(8)', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // JSON: the letter's parts (addressee, address, date, paragraphs), from which pages and the PDF are drawn.
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    // The PDF's generated name in the file store.
    .addColumn('stored_as', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('outbox_message_id', 'varchar(36)', (c) => c.references('outbox_messages.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('printed_at', 'varchar(30)')
    .addColumn('printed_by', 'varchar(36)', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('referral_letters_referral_idx')
    .on('referral_letters')
    .columns(['service_id', 'referral_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('referral_letters_print_idx')
    .on('referral_letters')
    .columns(['service_id', 'channel', 'printed_at', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('referral_letters').execute();
}
