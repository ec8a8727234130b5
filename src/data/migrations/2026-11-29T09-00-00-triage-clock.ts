/**
 * The triage clock, reply reminders and confirmed children.
 *
 * - `clock_from`: the date the triage clock counts from. It starts as the received date; while more information is
 *   requested the clock is paused, and when the reply arrives `clock_from` moves on by the working days it was paused,
 *   so "working days waiting" and "over the target" stay one indexed comparison. Existing referrals start from their
 *   received date.
 * - `reply_reminded_at`: when the referrer was reminded that a requested reply is overdue (once per request).
 * - `children.merged_into`: a record a clinician confirmed to be the same child as an older one; its referrals now
 *   belong to the older record, and it is kept (never deleted) so the history can be followed.
 * - The worklist's covering index gains the clock and the reply date, which its counts and filters now read.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import { sql, type Kysely } from 'kysely';

const WORKLIST_COLUMNS = [
  'service_id',
  'status',
  'received_on',
  'received_at',
  'id',
  'child_id',
  'pathway',
  'priority',
  'referrer_type',
  'eligibility_outcome',
  'child_match',
  'safeguarding_concern',
];

export async function up(db: Kysely<any>): Promise<void> {
  // NOT NULL needs a default to add a column to rows that exist; every row is then given its received date, and every
  // insert names the column.
  await db.schema
    .alterTable('referrals')
    .addColumn('clock_from', 'varchar(10)', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update referrals set clock_from = received_on`.execute(db);
  await db.schema.alterTable('referrals').addColumn('reply_reminded_at', 'varchar(30)').execute();
  await db.schema
    .alterTable('children')
    .addColumn('merged_into', 'varchar(36)', (c) => c.references('children.id'))
    .execute();

  await db.schema.dropIndex('referrals_worklist_cover_idx').execute();
  await db.schema
    .createIndex('referrals_worklist_covering_idx')
    .on('referrals')
    .columns([...WORKLIST_COLUMNS, 'clock_from', 'reply_due_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('referrals_worklist_covering_idx').execute();
  await db.schema.createIndex('referrals_worklist_cover_idx').on('referrals').columns(WORKLIST_COLUMNS).execute();
  await db.schema.alterTable('children').dropColumn('merged_into').execute();
  await db.schema.alterTable('referrals').dropColumn('reply_reminded_at').execute();
  await db.schema.alterTable('referrals').dropColumn('clock_from').execute();
}
