/**
 * Telling families about appointments (docs/adr/0040): each appointment letter (booked, or cancelled by the service)
 * with what it said (its parts as JSON, from which its page and PDF are drawn, and as HTML) and how it travelled
 * (e-mailed through the outbox, or printed from the print queue); and each reminder sent, one row per appointment, child and kind (e-mail, text message), so
 * that a reminder never goes twice, even with two servers: the row is inserted in the transaction that queues the
 * message, and the primary key refuses a second.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('appointment_letters')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    // The first appointment the letter is about (a recurring block's letter lists every session).
    .addColumn('appointment_id', 'varchar(36)', (c) => c.notNull().references('appointments.id'))
    .addColumn('episode_id', 'varchar(36)', (c) => c.notNull().references('episodes.id'))
    // booked | cancelled
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    // email | print
    .addColumn('channel', 'varchar(8)', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // JSON: the letter's parts (src/domain/letters/compose.ts Letter).
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('outbox_message_id', 'varchar(36)', (c) => c.references('outbox_messages.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('printed_at', 'varchar(30)')
    .addColumn('printed_by', 'varchar(36)', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('appointment_letters_appointment_idx')
    .on('appointment_letters')
    .columns(['service_id', 'appointment_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('appointment_letters_print_idx')
    .on('appointment_letters')
    .columns(['service_id', 'channel', 'printed_at', 'created_at'])
    .execute();

  await db.schema
    .createTable('appointment_reminders')
    .addColumn('appointment_id', 'varchar(36)', (c) => c.notNull().references('appointments.id'))
    .addColumn('episode_id', 'varchar(36)', (c) => c.notNull().references('episodes.id'))
    // email | sms
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    // sent (queued in the outbox) | no-recipient (the referral gave no address or mobile for it)
    .addColumn('result', 'varchar(16)', (c) => c.notNull())
    .addColumn('outbox_message_id', 'varchar(36)', (c) => c.references('outbox_messages.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('appointment_reminders_pk', ['appointment_id', 'episode_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('appointment_reminders').execute();
  await db.schema.dropTable('appointment_letters').execute();
}
