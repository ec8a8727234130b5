/**
 * Goals and outcome measures (issue 14 item 5): goals agreed with the child and family, each measured by Goal
 * Attainment Scaling or COPM, with its ratings at set and at review; and Therapy Outcome Measures rated at the start
 * and end of the episode (and at reviews). A goal carries a version, so that two people editing one goal at once
 * cannot both succeed on the same reading of it. Ratings are only ever added.
 *
 * Dates are ISO dates and instants ISO 8601 UTC strings, as elsewhere. TOMs ratings are 0 to 5 in half points, kept
 * as `real` (halves are exact in binary floating point on both databases).
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('goals')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    // The episode of care the goal was set in, when there was one.
    .addColumn('episode_id', 'varchar(36)', (c) => c.references('episodes.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    // self-care | productivity | leisure
    .addColumn('occupation_area', 'varchar(16)', (c) => c.notNull())
    // gas | copm
    .addColumn('measure', 'varchar(8)', (c) => c.notNull())
    // Who agreed it, space-separated in the domain's order: child parent-carer school.
    .addColumn('agreed_with', 'varchar(60)', (c) => c.notNull())
    .addColumn('set_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('review_on', 'varchar(10)', (c) => c.notNull())
    // active | achieved | discontinued
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // A child's goals, in the order they were set.
  await db.schema.createIndex('goals_child_idx').on('goals').columns(['service_id', 'child_id', 'set_on']).execute();

  await db.schema
    .createTable('goal_ratings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('goal_id', 'varchar(36)', (c) => c.notNull().references('goals.id'))
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    .addColumn('rated_on', 'varchar(10)', (c) => c.notNull())
    // set (the baseline, the goal's first rating) | review
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    // A GAS goal's level, -2 to +2; null for a COPM goal.
    .addColumn('gas_level', 'integer')
    // A COPM goal's performance and satisfaction, 1 to 10 each; null for a GAS goal.
    .addColumn('copm_performance', 'integer')
    .addColumn('copm_satisfaction', 'integer')
    .addColumn('by_user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  // A child's ratings for the chart, by date.
  await db.schema
    .createIndex('goal_ratings_child_idx')
    .on('goal_ratings')
    .columns(['service_id', 'child_id', 'rated_on'])
    .execute();
  await db.schema.createIndex('goal_ratings_goal_idx').on('goal_ratings').columns(['goal_id', 'rated_on']).execute();

  await db.schema
    .createTable('toms_ratings')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    .addColumn('episode_id', 'varchar(36)', (c) => c.references('episodes.id'))
    // start | review | end
    .addColumn('stage', 'varchar(8)', (c) => c.notNull())
    // core, or an adapted scale's code
    .addColumn('scale', 'varchar(40)', (c) => c.notNull())
    .addColumn('rated_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('impairment', 'real', (c) => c.notNull())
    .addColumn('activity', 'real', (c) => c.notNull())
    .addColumn('participation', 'real', (c) => c.notNull())
    .addColumn('wellbeing', 'real', (c) => c.notNull())
    .addColumn('carer_wellbeing', 'real')
    .addColumn('by_user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('toms_ratings_child_idx')
    .on('toms_ratings')
    .columns(['service_id', 'child_id', 'rated_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('toms_ratings').execute();
  await db.schema.dropTable('goal_ratings').execute();
  await db.schema.dropTable('goals').execute();
}
