/**
 * Advice and strategies given (issue 14 item 6): each programme of the service's library given to a child's family
 * or school, with the programme's code and title as they were, who gave it and when, and the PDF given (in the file
 * store under `stored_as`). Never changed or removed.
 *
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('advice_given')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    .addColumn('episode_id', 'varchar(36)', (c) => c.references('episodes.id'))
    .addColumn('programme_code', 'varchar(63)', (c) => c.notNull())
    .addColumn('programme_title', 'varchar(120)', (c) => c.notNull())
    // family | school
    .addColumn('given_to', 'varchar(8)', (c) => c.notNull())
    .addColumn('given_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('given_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('stored_as', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('advice_given_child_idx')
    .on('advice_given')
    .columns(['service_id', 'child_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('advice_given').execute();
}
