/**
 * What several Otway servers on one database share (docs/adr/0031): the rate limits' counters, one row per key and
 * window (a sliding window weighs the previous window's count against the current one's), and the scheduled jobs'
 * leases, one row per job, taken with a compare-and-set so that a job runs once per interval however many servers run.
 * Instants here are milliseconds since the epoch (bigint), compared on every request and every poll.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  // Counters are written on every request and worth nothing after a crash: on PostgreSQL the table is unlogged (no
  // write-ahead log, so a count costs no WAL flush; it is emptied after a crash and not copied to a standby).
  const counters = db.schema.createTable('rate_limit_counters');
  await (sqlite ? counters : counters.modifyFront(sql`unlogged`))
    // What is limited and for whom: the limit's name, its window length and the client's address.
    .addColumn('key', 'varchar(200)', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    // When the row no longer counts for anything: the end of the window after this one.
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_counters_pk', ['key', 'window_start'])
    .execute();
  await db.schema
    .createIndex('rate_limit_counters_expires_idx')
    .on('rate_limit_counters')
    .column('expires_at')
    .execute();

  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
    // The next run is due at or after this instant; a claim moves it one interval on.
    .addColumn('next_run_at', 'bigint', (c) => c.notNull())
    // Set while a run holds the job; a crashed holder's lease simply runs out.
    .addColumn('holder', 'varchar(200)')
    .addColumn('leased_until', 'bigint')
    .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_started_at', 'bigint')
    .addColumn('last_finished_at', 'bigint')
    .addColumn('last_outcome', 'varchar(16)')
    .execute();
}
