/**
 * Consent on the child's record, discharge from the service and its summary letters (issue 14 items 2 and 8).
 *
 * `consents`: consent to assessment and treatment, or to sharing with a named agency, given by a person with parental
 * responsibility or by a young person judged competent (the judgement kept with it); withdrawn by date and reason,
 * never removed. `discharges`: the reason, the summary, the date, and the two dates the discharge sets (the last day a
 * parent may re-refer directly, the record's retention review date); one per episode; nothing is ever deleted
 * automatically. `discharge_letters`: each summary letter (family, GP, school) with what it said and how it travels
 * (e-mail through the outbox, or printed); its PDF in the file store.
 *
 * Dates are ISO dates and instants ISO 8601 UTC strings, as elsewhere.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consents')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    .addColumn('episode_id', 'varchar(36)', (c) => c.references('episodes.id'))
    // assessment-and-treatment | sharing
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    // For sharing: school | gp | social-care | education-authority | other (with its name)
    .addColumn('agency_code', 'varchar(32)')
    .addColumn('agency_name', 'varchar(120)')
    // parental-responsibility | competent-young-person
    .addColumn('given_by', 'varchar(32)', (c) => c.notNull())
    .addColumn('given_by_name', 'varchar(100)')
    .addColumn('relationship', 'varchar(60)')
    .addColumn('judged_by', 'varchar(100)')
    .addColumn('judged_on', 'varchar(10)')
    .addColumn('judgement_note', 'text')
    .addColumn('given_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('withdrawn_on', 'varchar(10)')
    .addColumn('withdrawn_reason', 'text')
    .addColumn('withdrawn_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('recorded_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('consents_child_idx')
    .on('consents')
    .columns(['service_id', 'child_id', 'given_on'])
    .execute();

  await db.schema
    .createTable('discharges')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    // One discharge closes one episode.
    .addColumn('episode_id', 'varchar(36)', (c) => c.notNull().unique().references('episodes.id'))
    .addColumn('reason_code', 'varchar(63)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('discharged_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('re_referral_until', 'varchar(10)', (c) => c.notNull())
    .addColumn('retention_review_on', 'varchar(10)', (c) => c.notNull())
    // 25 | 26
    .addColumn('retention_birthday', 'integer', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  // A child's discharges (the record page, the re-referral window), and the records due for retention review.
  await db.schema
    .createIndex('discharges_child_idx')
    .on('discharges')
    .columns(['service_id', 'child_id', 'discharged_on'])
    .execute();
  await db.schema
    .createIndex('discharges_retention_idx')
    .on('discharges')
    .columns(['service_id', 'retention_review_on'])
    .execute();

  await db.schema
    .createTable('discharge_letters')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('discharge_id', 'varchar(36)', (c) => c.notNull().references('discharges.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    // family | gp | school
    .addColumn('recipient', 'varchar(16)', (c) => c.notNull())
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    // email | print
    .addColumn('channel', 'varchar(8)', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // JSON: the letter's parts (src/domain/letters/compose.ts Letter, its recipient the party).
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('stored_as', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('outbox_message_id', 'varchar(36)', (c) => c.references('outbox_messages.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('printed_at', 'varchar(30)')
    .addColumn('printed_by', 'varchar(36)', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('discharge_letters_discharge_idx')
    .on('discharge_letters')
    .columns(['service_id', 'discharge_id'])
    .execute();
  await db.schema
    .createIndex('discharge_letters_print_idx')
    .on('discharge_letters')
    .columns(['service_id', 'channel', 'printed_at', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('discharge_letters').execute();
  await db.schema.dropTable('discharges').execute();
  await db.schema.dropTable('consents').execute();
}
