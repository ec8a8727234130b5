/**
 * The review history of EHCP health advice (issue 15 item 4): each time its author asks a second clinician to review
 * it, a row naming the reviewer and when it was asked; the reviewer's outcome (approved | changes-requested), comment
 * and time are written into that row once, when they review. `ehcp_advice` keeps only the review in progress, so
 * without this an advice sent back and then approved would lose who sent it back and why.
 *
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ehcp_advice_reviews')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('advice_id', 'varchar(36)', (c) => c.notNull().references('ehcp_advice.id'))
    .addColumn('reviewer_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('requested_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('requested_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('reviewed_at', 'varchar(30)')
    // approved | changes-requested
    .addColumn('outcome', 'varchar(20)')
    .addColumn('comment', 'text')
    .execute();
  await db.schema
    .createIndex('ehcp_advice_reviews_advice_idx')
    .on('ehcp_advice_reviews')
    .columns(['service_id', 'advice_id', 'requested_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ehcp_advice_reviews').execute();
}
