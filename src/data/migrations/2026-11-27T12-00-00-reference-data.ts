/**
 * Reference data: GP practices (NHS ODS epraccur) and schools (DfE GIAS), each with a history of changes, and a log
 * of the imports that wrote them. See docs/adr/0012. Dates are ISO calendar dates, instants ISO UTC text.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = isSqlite(db);
  const serial = sqlite ? 'integer' : 'bigserial';

  await db.schema
    .createTable('reference_imports')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull().check(sql`kind in ('practices', 'schools')`))
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(30)')
    .addColumn('total', 'integer')
    .addColumn('added', 'integer')
    .addColumn('updated', 'integer')
    .addColumn('unchanged', 'integer')
    .addColumn('closed', 'integer')
    .addColumn('missing', 'integer')
    .execute();
  await db.schema
    .createIndex('reference_imports_kind_idx')
    .on('reference_imports')
    .columns(['kind', 'started_at'])
    .execute();

  await db.schema
    .createTable('gp_practices')
    .addColumn('code', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('national_grouping', 'varchar(10)')
    .addColumn('icb_code', 'varchar(10)')
    .addColumn('sub_icb_code', 'varchar(10)')
    .addColumn('address_1', 'varchar(100)')
    .addColumn('address_2', 'varchar(100)')
    .addColumn('address_3', 'varchar(100)')
    .addColumn('address_4', 'varchar(100)')
    .addColumn('address_5', 'varchar(100)')
    .addColumn('town', 'varchar(100)')
    .addColumn('postcode', 'varchar(10)')
    .addColumn('status', 'varchar(1)', (c) => c.notNull().check(sql`status in ('A', 'C', 'D', 'P')`))
    .addColumn('open_date', 'varchar(10)')
    .addColumn('close_date', 'varchar(10)')
    .addColumn('telephone', 'varchar(40)')
    .addColumn('prescribing_setting', 'integer', (c) => c.notNull())
    .addColumn('first_seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('source_file', 'varchar(255)', (c) => c.notNull())
    .addColumn('missing_since', 'varchar(30)')
    .execute();
  await db.schema.createIndex('gp_practices_name_idx').on('gp_practices').column('name').execute();
  await db.schema.createIndex('gp_practices_postcode_idx').on('gp_practices').column('postcode').execute();
  await db.schema.createIndex('gp_practices_town_idx').on('gp_practices').column('town').execute();

  await db.schema
    .createTable('gp_practice_history')
    .addColumn('id', serial, (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('code', 'varchar(10)', (c) => c.notNull().references('gp_practices.code'))
    .addColumn('import_id', 'varchar(36)', (c) => c.notNull().references('reference_imports.id'))
    .addColumn('changed_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('change', 'varchar(16)', (c) =>
      c.notNull().check(sql`change in ('updated', 'closed', 'missing', 'returned')`),
    )
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('gp_practice_history_code_idx')
    .on('gp_practice_history')
    .columns(['code', 'id'])
    .execute();
  await db.schema.createIndex('gp_practice_history_import_idx').on('gp_practice_history').column('import_id').execute();

  await db.schema
    .createTable('schools')
    .addColumn('urn', 'varchar(10)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('la_code', 'varchar(3)', (c) => c.notNull())
    .addColumn('la_name', 'varchar(100)')
    .addColumn('establishment_type', 'varchar(100)')
    .addColumn('establishment_type_group', 'varchar(100)')
    .addColumn('phase', 'varchar(50)')
    .addColumn('status', 'varchar(32)', (c) =>
      c.notNull().check(sql`status in ('open', 'closed', 'open-proposed-to-close', 'proposed-to-open')`),
    )
    .addColumn('open_date', 'varchar(10)')
    .addColumn('close_date', 'varchar(10)')
    .addColumn('statutory_low_age', 'integer')
    .addColumn('statutory_high_age', 'integer')
    .addColumn('street', 'varchar(100)')
    .addColumn('town', 'varchar(100)')
    .addColumn('postcode', 'varchar(10)')
    .addColumn('first_seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('source_file', 'varchar(255)', (c) => c.notNull())
    .addColumn('missing_since', 'varchar(30)')
    .execute();
  await db.schema.createIndex('schools_name_idx').on('schools').column('name').execute();
  await db.schema.createIndex('schools_postcode_idx').on('schools').column('postcode').execute();
  await db.schema.createIndex('schools_town_idx').on('schools').column('town').execute();
  await db.schema.createIndex('schools_la_idx').on('schools').column('la_code').execute();

  await db.schema
    .createTable('school_history')
    .addColumn('id', serial, (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('urn', 'varchar(10)', (c) => c.notNull().references('schools.urn'))
    .addColumn('import_id', 'varchar(36)', (c) => c.notNull().references('reference_imports.id'))
    .addColumn('changed_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('change', 'varchar(16)', (c) =>
      c.notNull().check(sql`change in ('updated', 'closed', 'missing', 'returned')`),
    )
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('school_history_urn_idx').on('school_history').columns(['urn', 'id']).execute();
  await db.schema.createIndex('school_history_import_idx').on('school_history').column('import_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['school_history', 'schools', 'gp_practice_history', 'gp_practices', 'reference_imports']) {
    await db.schema.dropTable(table).execute();
  }
}
