/**
 * Where each reference-data import came from and how old its data is:
 *
 * - `source`: `file` for a file an operator imported (the command line), `snapshot` for the dated copy of the
 *   publishers' files shipped beside the service definitions and imported on first start into empty tables.
 * - `data_date`: the publisher's date of the data (an ISO calendar date), when known. Admins are warned when it is
 *   older than the publisher's cycle. Earlier imports keep it null (unknown).
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('reference_imports')
    .addColumn('source', 'varchar(16)', (c) =>
      c
        .notNull()
        .defaultTo('file')
        .check(sql`source in ('file', 'snapshot')`),
    )
    .execute();
  await db.schema.alterTable('reference_imports').addColumn('data_date', 'varchar(10)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reference_imports').dropColumn('data_date').execute();
  await db.schema.alterTable('reference_imports').dropColumn('source').execute();
}
