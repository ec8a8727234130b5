/**
 * A child's GP practice and school as the referrer typed them, when they could not be found in the reference data
 * (or it had not been imported): JSON `{ name, addressLines, postcode, code }`, `code` being the ODS code or URN when
 * the referrer knew it (it is also kept in `gp_practice_code` / `school_urn`, so that an import of the publishers'
 * files that lists it later matches it). Null when the practice or school was chosen from the reference data.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('children').addColumn('gp_practice_typed', 'text').execute();
  await db.schema.alterTable('children').addColumn('school_typed', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('children').dropColumn('school_typed').execute();
  await db.schema.alterTable('children').dropColumn('gp_practice_typed').execute();
}
