/**
 * Equipment issued to children (issue 14 item 7, docs/adr/0044): each item issued, with the catalogue entry as it
 * was on the day (its code, name, age range, review interval and supplier: the catalogue may change later), the size,
 * loan or keep, the date, who fitted it, its next review and where it stands; and each review, repair and return
 * recorded against it. The issue carries a version, so that two people recording against one item at once cannot
 * both succeed on the same reading of it.
 *
 * Dates are ISO dates and instants ISO 8601 UTC strings, as elsewhere.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('equipment_issues')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    // The episode of care it was issued in, when there was one.
    .addColumn('episode_id', 'varchar(36)', (c) => c.references('episodes.id'))
    .addColumn('item_code', 'varchar(63)', (c) => c.notNull())
    // The catalogue entry as issued.
    .addColumn('item_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('item_supplier', 'varchar(120)', (c) => c.notNull())
    .addColumn('item_age_min_months', 'integer')
    .addColumn('item_age_max_months', 'integer')
    .addColumn('item_review_every_months', 'integer', (c) => c.notNull())
    .addColumn('size_label', 'varchar(60)')
    // loan | keep
    .addColumn('loan_or_keep', 'varchar(8)', (c) => c.notNull())
    .addColumn('issued_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('fitted_by_user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    // The first review, as set at issue (by hand, or the interval after the issue date).
    .addColumn('first_review_on', 'varchar(10)', (c) => c.notNull())
    // The next review after the events so far; null once there is none (returned, or no longer needed).
    .addColumn('review_on', 'varchar(10)')
    // in-use | awaiting-return | finished | returned (an overdue review is in-use with review_on past)
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // The dashboard and the recall list: a service's items by where they stand, the earliest review first.
  await db.schema
    .createIndex('equipment_issues_review_idx')
    .on('equipment_issues')
    .columns(['service_id', 'status', 'review_on'])
    .execute();
  // A child's equipment.
  await db.schema
    .createIndex('equipment_issues_child_idx')
    .on('equipment_issues')
    .columns(['service_id', 'child_id', 'issued_on'])
    .execute();

  await db.schema
    .createTable('equipment_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('issue_id', 'varchar(36)', (c) => c.notNull().references('equipment_issues.id'))
    // review | repair | return
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('on_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('by_user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    // A review's outcome (suitable | adjusted | needs-replacing | no-longer-needed); null otherwise.
    .addColumn('outcome', 'varchar(20)')
    // A repair's note of what was repaired.
    .addColumn('notes', 'text')
    // A review's next review date when set by hand.
    .addColumn('next_review_on', 'varchar(10)')
    // The version the event was recorded on: the order of events of one day, and one event per version.
    .addColumn('issue_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('equipment_events_version_uq', ['issue_id', 'issue_version'])
    .execute();
  await db.schema
    .createIndex('equipment_events_issue_idx')
    .on('equipment_events')
    .columns(['issue_id', 'on_date', 'issue_version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('equipment_events').execute();
  await db.schema.dropTable('equipment_issues').execute();
}
