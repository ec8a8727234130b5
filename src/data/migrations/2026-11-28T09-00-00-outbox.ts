/**
 * The outbox: messages written in the same transaction as the change they report, and sent later by a dispatcher
 * with retries, backoff and a dead-letter state; and what the local provider recorded in place of sending
 * (docs/adr/0014). Instants are ISO UTC text.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox_messages')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('channel', 'varchar(8)', (c) => c.notNull().check(sql`channel in ('email', 'sms')`))
    .addColumn('template', 'varchar(64)', (c) => c.notNull())
    .addColumn('recipient', 'varchar(320)', (c) => c.notNull())
    .addColumn('personalisation', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'varchar(32)')
    .addColumn('subject_id', 'varchar(64)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(sql`status in ('pending', 'sending', 'sent', 'dead')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('lease_until', 'varchar(30)')
    // 1 when the last attempt may have reached the provider: it is asked about the reference before a new send.
    .addColumn('check_before_send', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`check_before_send in (0, 1)`),
    )
    .addColumn('last_error', 'varchar(200)')
    .addColumn('provider_reference', 'varchar(64)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(30)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // The dispatcher's claim serves every service at once: due pending rows and expired leases, by status and time.
  await db.schema
    .createIndex('outbox_messages_due_idx')
    .on('outbox_messages')
    .columns(['status', 'next_attempt_at'])
    .execute();
  // The admin pages read one service's messages, newest first, filtered by status or not.
  await db.schema
    .createIndex('outbox_messages_service_status_idx')
    .on('outbox_messages')
    .columns(['service_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('outbox_messages_service_created_idx')
    .on('outbox_messages')
    .columns(['service_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('outbox_messages_service_subject_idx')
    .on('outbox_messages')
    .columns(['service_id', 'subject_type', 'subject_id'])
    .execute();

  await db.schema
    .createTable('outbox_local_deliveries')
    .addColumn('message_id', 'varchar(36)', (c) => c.primaryKey().references('outbox_messages.id'))
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('channel', 'varchar(8)', (c) => c.notNull().check(sql`channel in ('email', 'sms')`))
    .addColumn('recipient', 'varchar(320)', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox_local_deliveries').execute();
  await db.schema.dropTable('outbox_messages').execute();
}
