/**
 * Who may see a child's record (issue 14 items 1 and 9, docs/adr/0046 and 0047):
 *
 * - `child_alerts`: what the record's banner shows before anything else: a safeguarding flag with who to contact, a
 *   sealed address (not to be disclosed: letters, messages, exports and pages for those without the need to know
 *   leave it out), access needs and communication needs. An alert is ended, with who ended it and why, never removed.
 * - `break_glass_accesses`: a clinician without a relationship who opened a record in an emergency, with the reason,
 *   when it started and ends, and the Caldicott guardian's review of it.
 *
 * Dates are ISO dates and instants ISO 8601 UTC strings, as elsewhere.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('child_alerts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    // safeguarding | sealed-address | access-needs | communication-needs
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    // For a safeguarding flag: who to contact (a name, a role, a telephone number).
    .addColumn('contact', 'varchar(300)')
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ended_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('ended_at', 'varchar(30)')
    .addColumn('end_reason', 'text')
    .execute();
  await db.schema
    .createIndex('child_alerts_child_idx')
    .on('child_alerts')
    .columns(['service_id', 'child_id', 'ended_at'])
    .execute();

  await db.schema
    .createTable('break_glass_accesses')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('started_at', 'varchar(30)', (c) => c.notNull())
    // The service's break-glass minutes when it started.
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(30)', (c) => c.notNull())
    // The Caldicott guardian's review: appropriate | not-appropriate, with a note.
    .addColumn('reviewed_at', 'varchar(30)')
    .addColumn('reviewed_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('review_outcome', 'varchar(20)')
    .addColumn('review_note', 'text')
    .execute();
  // This person's latest access to this child (the access rule reads it on every page of the record).
  await db.schema
    .createIndex('break_glass_person_idx')
    .on('break_glass_accesses')
    .columns(['service_id', 'child_id', 'user_id', 'started_at'])
    .execute();
  // The guardian's list: those not yet reviewed, oldest first.
  await db.schema
    .createIndex('break_glass_review_idx')
    .on('break_glass_accesses')
    .columns(['service_id', 'reviewed_at', 'started_at'])
    .execute();

  // The record's timeline reads a child's referrals (for their letters) by child, and only needs their ids: this index
  // answers it without the table, so that no planner prefers the worklist's index, which is by service alone.
  await db.schema
    .createIndex('referrals_child_id_idx')
    .on('referrals')
    .columns(['service_id', 'child_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('referrals_child_id_idx').execute();
  await db.schema.dropTable('break_glass_accesses').execute();
  await db.schema.dropTable('child_alerts').execute();
}
