/**
 * Opens the database that `DATABASE_URL` names: `sqlite:PATH` (embedded, the default) or `postgres://...`.
 * SQLite runs in WAL mode, each commit on disk before it is acknowledged (ADR 0051), with a busy timeout, foreign
 * keys on, and `BEGIN IMMEDIATE` for every transaction so that two writers queue instead of failing when one upgrades its lock. Its prepared statements are
 * kept and reused (see `withStatementCache`). Its file and the -wal, -shm and -journal files beside it are readable
 * by Otway's user alone (0600, a new folder for it 0700; see `ownerOnly` and ADR 0030).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase as KyselySqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { prepareStatements } from './pg-prepared.js';
import { sqliteDurability, type SqliteDurability } from './sqlite-durability.js';

// bigint columns (audit ids) as numbers: exact up to 2^53, far beyond any audit trail's length.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Checks that the database answers, within the time given. */
  ping(timeoutMs?: number): Promise<void>;
  destroy(): Promise<void>;
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #durability: SqliteDurability | null;
  #watched: { connection: DatabaseConnection; watched: DatabaseConnection } | null = null;
  constructor(config: SqliteDialectConfig, durability: SqliteDurability | null) {
    super(config);
    this.#durability = durability;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    if (this.#durability === null) return connection;
    if (this.#watched?.connection !== connection) {
      this.#watched = { connection, watched: this.#durability.watch(connection) };
    }
    return this.#watched.watched;
  }
  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    // After the connection is free: the log's flush holds up only the work that committed (ADR 0051).
    await this.#durability?.settle();
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #durability: SqliteDurability | null;
  constructor(config: SqliteDialectConfig, durability: SqliteDurability | null) {
    super(config);
    this.#config = config;
    this.#durability = durability;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#durability);
  }
}

/** The durability of each SQLite database this process opened, by its kysely instance. */
const durabilities = new WeakMap<Kysely<Database>, SqliteDurability>();

/** How many times this process has flushed this SQLite database's log (ADR 0051); 0 on PostgreSQL. For tests. */
export function sqliteFlushes(db: Kysely<Database>): number {
  return durabilities.get(db)?.flushes ?? 0;
}

/**
 * Runs `work` on the database's one connection, held throughout, with what it commits not flushed to disk: for
 * writes worth nothing after a power cut (the rate limit's counters, ADR 0031). On PostgreSQL, and on SQLite in memory,
 * it simply runs `work` on `db`.
 */
export async function withoutDiskWait<T>(db: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const durability = durabilities.get(db);
  if (durability === undefined) return work(db);
  return db.connection().execute((connection) => durability.skippingFlush(() => work(connection)));
}

/** Prepared statements kept: far more than the distinct queries a page runs, and a few MiB at most. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * kysely asks better-sqlite3 to prepare every query it runs, and preparing (parsing and planning the SQL) costs as
 * much as running most of Otway's queries, which look up a few rows by an index. The same SQL texts recur on every
 * request (the session, the audit append, the worklist's filters), so the statements are kept by their text and
 * reused: a statement is reset and bound afresh each time it runs, and SQLite prepares it again by itself if the
 * schema changes. The least recently used is dropped once there are STATEMENT_CACHE_SIZE. A statement still being
 * iterated (a stream, which holds the one connection until it ends) is never handed out twice: a busy one is
 * replaced by a fresh one.
 */
function withStatementCache(
  sqlite: SqliteDatabase.Database,
  durability: SqliteDurability | null,
): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(text) {
      let statement = statements.get(text);
      if (statement !== undefined) statements.delete(text);
      if (statement === undefined || statement.busy) statement = sqlite.prepare(text);
      durability?.preparing(statement);
      statements.set(text, statement);
      const oldest = statements.keys().next();
      if (statements.size > STATEMENT_CACHE_SIZE && oldest.done !== true) statements.delete(oldest.value);
      return statement;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
  };
}

export function sqlitePathFromUrl(url: string): string {
  const path = url.slice('sqlite:'.length);
  return path === ':memory:' ? path : resolve(path);
}

/** The files SQLite keeps for a database: the database itself, then those it makes beside it. */
export const SQLITE_FILE_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;

/**
 * Makes the database file readable and writable by Otway's user alone before SQLite opens it: a new one is created
 * 0600 (in a folder created 0700), and an existing one, or a -wal, -shm or -journal left from before, is tightened to
 * 0600. SQLite gives the -wal, -shm and -journal files it creates later the database file's own mode, so they follow.
 */
function ownerOnly(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const suffix of SQLITE_FILE_SUFFIXES) {
    if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
  }
}

function openSqlite(url: string, flush: ((path: string) => Promise<void>) | undefined): DatabaseHandle {
  const path = sqlitePathFromUrl(url);
  if (path !== ':memory:') ownerOnly(path);
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma('journal_mode = WAL');
  // A file's commits are flushed to disk before they are acknowledged, off the event loop (ADR 0051): SQLite itself
  // need not wait. In memory there is no disk to wait for.
  const durability = path === ':memory:' ? null : sqliteDurability(sqlite, `${path}-wal`, flush);
  sqlite.pragma(durability === null ? 'synchronous = FULL' : 'synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite, durability) }, durability),
  });
  if (durability !== null) durabilities.set(db, durability);
  return {
    db,
    dialect: 'sqlite',
    ping: () => {
      sqlite.prepare('select 1').get();
      return Promise.resolve();
    },
    destroy: () => db.destroy(),
  };
}

function openPostgres(url: string, poolMax: number, onPoolError: (err: Error) => void): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server emits here; without a listener the process would crash.
  pool.on('error', onPoolError);
  // So may a client that is checked out when its connection drops (a query in flight, or an idle client taken just
  // before the drop was noticed): the pool listens only to idle clients. Its query fails on its own, and the pool
  // discards the broken client when it is released.
  pool.on('connect', (client) => {
    client.on('error', onPoolError);
    // Parsed once per connection, planned once when a generic plan serves (ADR 0052).
    prepareStatements(client);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    ping: async (timeoutMs = 2000) => {
      const client = await pool.connect();
      try {
        await client.query({ text: 'select 1', query_timeout: timeoutMs } as pg.QueryConfig);
      } finally {
        client.release();
      }
    },
    destroy: () => db.destroy(),
  };
}

export interface OpenDatabaseOptions {
  pgPoolMax?: number;
  onPoolError?: (err: Error) => void;
  /** SQLite: how the write-ahead log is flushed to disk (`fdatasync`); tests watch it. */
  flushFile?: (path: string) => Promise<void>;
}

export function openDatabase(url: string, options: OpenDatabaseOptions = {}): DatabaseHandle {
  if (url.startsWith('sqlite:')) return openSqlite(url, options.flushFile);
  if (/^postgres(ql)?:\/\//u.test(url)) {
    return openPostgres(url, options.pgPoolMax ?? 10, options.onPoolError ?? (() => undefined));
  }
  throw new Error('DATABASE_URL must be sqlite:PATH or a postgres:// URL');
}
