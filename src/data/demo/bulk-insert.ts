/**
 * Bulk loading for the synthetic data sets: many rows a statement, and the tables' secondary indexes dropped for the
 * load and built once at the end, which is far cheaper than keeping them up to date row by row.
 *
 * - SQLite: multi-row `INSERT ... VALUES (...), (...)`, the same SQL text for every full batch so that the statement
 *   is prepared once (create-db.ts keeps prepared statements), inside large transactions.
 * - PostgreSQL: `INSERT ... SELECT * FROM unnest($1::type[], $2::type[], ...)`: one array a column, so a statement
 *   takes thousands of rows with as many parameters as the table has columns, and the text never changes. (COPY FROM
 *   STDIN would be faster still, but needs a driver-level stream outside kysely and a package more; unnest loads L in
 *   minutes, which is what the benchmarks ask.)
 *
 * For the benchmarks and the demo only: the rows are built by code, not typed by anyone, and every value is a bound
 * parameter; only table and column names (from the rows' own keys, checked against the table) reach the SQL text.
 */
import { CompiledQuery, PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { Executor } from '../executor.js';

/** SQLite allows 32,766 bound values in one statement (since 3.32). */
const SQLITE_MAX_VALUES = 32_766;
/** Rows in one PostgreSQL statement: one array a column, so the parameter count stays the table's column count. */
const POSTGRES_ROWS_PER_STATEMENT = 5_000;

export const isPostgres = (db: Executor) => db.getExecutor().adapter instanceof PostgresAdapter;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/u;
const quoted = (name: string) => {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return `"${name}"`;
};

type Row = Record<string, unknown>;

/** PostgreSQL's element type of each column (`varchar`, `int4`, `text`...), for the casts of unnest's arrays. */
async function postgresColumnTypes(db: Executor, table: string): Promise<Map<string, string>> {
  const { rows } = await sql<{ column_name: string; udt_name: string }>`
    select column_name, udt_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(db);
  return new Map(rows.map((r) => [r.column_name, r.udt_name]));
}

/** PostgreSQL's column types by table, kept by a caller that inserts into the same tables many times. */
export type ColumnTypes = Map<string, Map<string, string>>;

/**
 * Inserts `rows` (all with the same keys) into `table`, as few statements as the database allows. Run it inside a
 * transaction: it opens none of its own. `types`, when given, keeps PostgreSQL's column types between calls.
 */
export async function insertRows(
  db: Executor,
  table: keyof Database,
  rows: readonly Row[],
  types: ColumnTypes = new Map(),
): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  const columnList = columns.map(quoted).join(', ');
  if (isPostgres(db)) {
    let columnTypes = types.get(table);
    if (columnTypes === undefined) {
      columnTypes = await postgresColumnTypes(db, table);
      types.set(table, columnTypes);
    }
    const known = columnTypes;
    const casts = columns.map((c, i) => {
      const type = known.get(c);
      if (type === undefined) throw new Error(`${table} has no column ${c}`);
      return `$${String(i + 1)}::${quoted(type)}[]`;
    });
    const text = `insert into ${quoted(table)} (${columnList}) select * from unnest(${casts.join(', ')})`;
    for (let at = 0; at < rows.length; at += POSTGRES_ROWS_PER_STATEMENT) {
      const batch = rows.slice(at, at + POSTGRES_ROWS_PER_STATEMENT);
      const arrays = columns.map((c) => batch.map((r) => r[c] ?? null));
      await db.executeQuery(CompiledQuery.raw(text, arrays));
    }
    return;
  }
  const perStatement = Math.max(1, Math.floor(SQLITE_MAX_VALUES / columns.length));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const textFor = (n: number) =>
    `insert into ${quoted(table)} (${columnList}) values ${Array.from({ length: n }, () => tuple).join(', ')}`;
  const full = textFor(perStatement);
  for (let at = 0; at < rows.length; at += perStatement) {
    const batch = rows.slice(at, at + perStatement);
    const values: unknown[] = [];
    for (const r of batch) for (const c of columns) values.push(r[c] ?? null);
    await db.executeQuery(CompiledQuery.raw(batch.length === perStatement ? full : textFor(batch.length), values));
  }
}

/** A secondary index, by name and the statement that builds it again. */
export interface IndexDefinition {
  name: string;
  table: string;
  create: string;
}

/**
 * The indexes on `tables` that can be dropped and built again: those created with CREATE INDEX, not the ones that
 * back a primary key or a UNIQUE constraint (SQLite's automatic indexes, PostgreSQL's constraint indexes), which the
 * load needs anyway to keep the keys unique.
 */
export async function droppableIndexes(db: Kysely<Database>, tables: readonly string[]): Promise<IndexDefinition[]> {
  if (isPostgres(db)) {
    const { rows } = await sql<{ indexname: string; tablename: string; indexdef: string }>`
      select i.indexname, i.tablename, i.indexdef from pg_indexes i
      where i.schemaname = current_schema() and i.tablename in (${sql.join(tables)})
        and not exists (select 1 from pg_constraint k where k.conname = i.indexname)
      order by i.indexname`.execute(db);
    return rows.map((r) => ({ name: r.indexname, table: r.tablename, create: r.indexdef }));
  }
  const { rows } = await sql<{ name: string; tbl_name: string; sql: string | null }>`
    select name, tbl_name, sql from sqlite_master
    where type = 'index' and tbl_name in (${sql.join(tables)}) and sql is not null
    order by name`.execute(db);
  return rows.flatMap((r) => (r.sql === null ? [] : [{ name: r.name, table: r.tbl_name, create: r.sql }]));
}

export async function dropIndexes(db: Kysely<Database>, indexes: readonly IndexDefinition[]): Promise<void> {
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
}

/** Builds the indexes again, each from the statement the database itself gave for it. */
export async function createIndexes(db: Kysely<Database>, indexes: readonly IndexDefinition[]): Promise<void> {
  if (isPostgres(db)) {
    await db.connection().execute(async (connection) => {
      // Room to sort each index in memory rather than on disk; for this connection only.
      await sql`set maintenance_work_mem = '256MB'`.execute(connection);
      for (const index of indexes) await sql.raw(index.create).execute(connection);
      await sql`reset maintenance_work_mem`.execute(connection);
    });
    return;
  }
  for (const index of indexes) await sql.raw(index.create).execute(db);
}
