/**
 * The triage worklist's index. A referral row carries its answers and its eligibility decision as JSON, several
 * kilobytes that SQLite keeps in overflow pages ahead of the columns triage added later (pathway, priority,
 * decided_at), so reading those columns from the table means reading the JSON's pages too. This index holds every
 * column the worklist filters, counts and sorts on, led by the service and the status: counting the list and
 * finding a page's 25 ids read the index alone, and only those 25 rows are read from the table.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('referrals_worklist_cover_idx')
    .on('referrals')
    .columns([
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
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('referrals_worklist_cover_idx').execute();
}
