/**
 * A consistent copy of the database, and putting one back (docs/adr/0034).
 *
 * SQLite: better-sqlite3's online backup API copies the pages of one read snapshot while the server goes on writing.
 * PostgreSQL: `pg_dump --format=custom` run on a snapshot this module exports from a REPEATABLE READ transaction, in
 * which the counts, the audit chain heads and the list of stored files are read too, so the manifest describes exactly
 * the rows the dump holds. Restores go through `pg_restore`.
 */
import { spawn } from 'node:child_process';
import { chmod, copyFile, rename, rm, stat } from 'node:fs/promises';
import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { openDatabase, sqlitePathFromUrl, type Dialect } from '../create-db.js';
import type { Database } from '../database.js';
import type { Executor } from '../executor.js';

export interface ChainHead {
  chain: string;
  lastId: number;
  lastHash: string;
}

/** A file the database refers to: `folder/name` in the file store. */
export interface StoredFileRef {
  folder: string;
  name: string;
}

export interface DatabaseFacts {
  /** Rows in each table, by table name (every table, the migrations' own included). */
  counts: Record<string, number>;
  chainHeads: ChainHead[];
  files: StoredFileRef[];
}

async function tableNames(db: Executor, dialect: Dialect): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master
          where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** What the manifest records of a database, read in one snapshot of it. */
export async function readDatabaseFacts(db: Executor, dialect: Dialect): Promise<DatabaseFacts> {
  const counts: Record<string, number> = {};
  const names = await tableNames(db, dialect);
  for (const name of names) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    counts[name] = Number(rows[0]?.n ?? 0);
  }
  const chainHeads = names.includes('audit_chain_heads')
    ? (
        await db.selectFrom('audit_chain_heads').select(['chain', 'last_id', 'last_hash']).orderBy('chain').execute()
      ).map((h) => ({ chain: h.chain, lastId: h.last_id, lastHash: h.last_hash }))
    : [];
  // Every table that names a file in the file store, as far as this database's migrations have come.
  const files: StoredFileRef[] = [];
  const filing = [
    'referral_attachments',
    'referral_letters',
    'discharge_letters',
    'advice_given',
    'ehcp_request_documents',
    'ehcp_advice',
  ] as const;
  for (const table of filing.filter((t) => names.includes(t))) {
    const rows = await db
      .selectFrom(table as 'referral_attachments')
      .select(['service_id as folder', 'stored_as as name'])
      .where('stored_as', 'is not', null)
      .execute();
    files.push(...rows);
  }
  files.sort((a, b) => `${a.folder}/${a.name}`.localeCompare(`${b.folder}/${b.name}`));
  return { counts, chainHeads, files };
}

/**
 * The URL without its password, and the password for the tool's environment (never on its command line). The tool
 * inherits the process's environment (PATH, locale) as any child would; no setting of Otway's is read from it here.
 */
function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: { ...process.env, ...(password === '' ? {} : { PGPASSWORD: password }) } };
}

function runTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (stderr.length < 10_000) stderr += text;
    });
    child.on('error', (err) => {
      reject(new Error(`Could not run ${command}: ${err.message}`));
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} failed (exit ${String(code)}): ${stderr.trim()}`));
    });
  });
}

/**
 * Copies the live database to `out` (a file that must not exist yet) and reads its facts from the same snapshot.
 * The server may go on writing throughout.
 */
export async function snapshotDatabase(url: string, dialect: Dialect, out: string): Promise<DatabaseFacts> {
  if (dialect === 'sqlite') {
    const source = new SqliteDatabase(sqlitePathFromUrl(url), { fileMustExist: true });
    try {
      source.pragma('busy_timeout = 5000');
      // Every remaining page in one step, within one read snapshot: copied a few pages at a time, SQLite starts the
      // copy again whenever another connection writes, which under steady writes could go on for ever.
      await source.backup(out, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    await chmod(out, 0o600);
    const copy = openDatabase(`sqlite:${out}`);
    try {
      return await readDatabaseFacts(copy.db, 'sqlite');
    } finally {
      await copy.destroy();
    }
  }
  const handle = openDatabase(url, { pgPoolMax: 1 });
  try {
    return await handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`set transaction read only`.execute(trx);
        const { rows } = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(trx);
        const snapshot = rows[0]?.id ?? '';
        const { dbname, env } = toolConnection(url);
        const dump = runTool(
          'pg_dump',
          ['--format=custom', `--snapshot=${snapshot}`, `--file=${out}`, `--dbname=${dbname}`],
          env,
        );
        const facts = await readDatabaseFacts(trx, 'postgres');
        await dump;
        await chmod(out, 0o600);
        return facts;
      });
  } finally {
    await handle.destroy();
  }
}

/** True when the place a restore would write to holds no table. */
export async function databaseIsEmpty(url: string, dialect: Dialect): Promise<boolean> {
  if (dialect === 'sqlite') {
    const path = sqlitePathFromUrl(url);
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    if (size === 0) return true;
  }
  const handle = openDatabase(url, { pgPoolMax: 1 });
  try {
    return (await tableNames(handle.db, dialect)).length === 0;
  } finally {
    await handle.destroy();
  }
}

/**
 * Puts the copy at `from` back as the database `url` names. SQLite: the file is copied beside its place and renamed
 * over it (with any old -wal and -shm removed when `overwrite`). PostgreSQL: `pg_restore` in one transaction, stopping
 * at the first error; owners and grants are not restored (the restoring role owns what it makes).
 */
export async function restoreDatabase(url: string, dialect: Dialect, from: string, overwrite: boolean): Promise<void> {
  if (dialect === 'sqlite') {
    const path = sqlitePathFromUrl(url);
    const partial = `${path}.restoring`;
    await copyFile(from, partial);
    await chmod(partial, 0o600);
    if (overwrite) await Promise.all([rm(`${path}-wal`, { force: true }), rm(`${path}-shm`, { force: true })]);
    await rename(partial, path);
    return;
  }
  const { dbname, env } = toolConnection(url);
  await runTool(
    'pg_restore',
    [
      '--no-owner',
      '--no-acl',
      '--exit-on-error',
      '--single-transaction',
      ...(overwrite ? ['--clean', '--if-exists'] : []),
      `--dbname=${dbname}`,
      from,
    ],
    env,
  );
}

/** Opens the restored database to read its facts back. */
export async function withDatabase<T>(url: string, use: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const handle = openDatabase(url, { pgPoolMax: 1 });
  try {
    return await use(handle.db);
  } finally {
    await handle.destroy();
  }
}
