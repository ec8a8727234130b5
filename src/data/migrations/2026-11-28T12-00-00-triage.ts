/**
 * Triage: what a decision sets on a referral (its pathway, priority and setting; when more information is due back),
 * and the history of every move through the referral's states, with who made it, when and why.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referrals').addColumn('pathway', 'varchar(63)').execute();
  await db.schema.alterTable('referrals').addColumn('priority', 'varchar(16)').execute();
  await db.schema.alterTable('referrals').addColumn('setting', 'varchar(16)').execute();
  await db.schema.alterTable('referrals').addColumn('reply_due_on', 'varchar(10)').execute();
  await db.schema.alterTable('referrals').addColumn('decided_at', 'varchar(30)').execute();
  await db.schema
    .alterTable('referrals')
    .addColumn('overridden', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('referral_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('referral_id', 'varchar(36)', (c) => c.notNull().references('referrals.id'))
    .addColumn('occurred_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor_user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(32)')
    .addColumn('to_status', 'varchar(32)', (c) => c.notNull())
    // JSON: what the decision says (pathway, priority, setting, reason, override, what is needed...).
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('referral_events_referral_idx')
    .on('referral_events')
    .columns(['service_id', 'referral_id', 'occurred_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('referral_events').execute();
  for (const column of ['pathway', 'priority', 'setting', 'reply_due_on', 'decided_at', 'overridden']) {
    await db.schema.alterTable('referrals').dropColumn(column).execute();
  }
}
