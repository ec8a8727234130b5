/**
 * The benchmarks' databases: a temporary SQLite file, or a PostgreSQL database of its own on the local server, each
 * dropped after the measurement. A data set is loaded once a run for each database and copied for every workload that
 * measures on it (`loadedBenchDatabase`), since each workload changes its copy: L took about five minutes a load.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Dialect } from '../src/data/create-db.js';
import { migrateToLatest } from '../src/data/migrate.js';
import { DATA_SETS, type DataSetName } from './data/generate.js';
import { loadDataSet, type LoadReport } from './data/load.js';
import { loadBenchReference, loadServiceDefinition } from './data/reference.js';

/** The server the PostgreSQL runs use; each creates a database of its own there and drops it afterwards. */
export const POSTGRES_SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new SQLite file in a directory of its own, which `drop` removes; the file is not made yet. */
function sqliteFile(): BenchDatabase & { path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'otway-bench-db-'));
  const path = join(dir, 'otway.db');
  return {
    path,
    url: `sqlite:${path}`,
    drop: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

/** A new PostgreSQL database on the local server, made by `create database <name> <how>`; `drop` drops it. */
async function postgresDatabase(how = ''): Promise<BenchDatabase> {
  const name = `otway_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_SERVER, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name} ${how}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_SERVER });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A new, empty database; or, when there is no PostgreSQL to create one on, why not. */
export async function createBenchDatabase(dialect: Dialect): Promise<BenchDatabase | string> {
  if (dialect === 'sqlite') return sqliteFile();
  try {
    return await postgresDatabase();
  } catch (err) {
    return `no PostgreSQL at ${POSTGRES_SERVER} (${err instanceof Error ? err.message : String(err)})`;
  }
}

/** The database opened and migrated, as the server would leave it on first start. */
export async function migratedHandle(url: string): Promise<DatabaseHandle> {
  const handle = openDatabase(url);
  try {
    await migrateToLatest(handle.db);
  } catch (err) {
    await handle.destroy();
    throw err;
  }
  return handle;
}

type Loaded = LoadReport & { waiting: number };

interface Seed {
  url: string;
  loaded: Loaded;
  database: BenchDatabase;
}

/** The data sets loaded in this run, by database and size: each the original its workloads' copies are made from. */
const seeds = new Map<string, Promise<Seed | string>>();

async function seedOf(dialect: Dialect, size: DataSetName): Promise<Seed | string> {
  const database = await createBenchDatabase(dialect);
  if (typeof database === 'string') return database;
  try {
    const handle = await migratedHandle(database.url);
    try {
      const loaded = await loadDataSet(handle.db, DATA_SETS[size], loadBenchReference(loadServiceDefinition()));
      // The copy is of the file alone: everything in the write-ahead log goes into it first.
      if (dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(handle.db);
      return { url: database.url, loaded, database };
    } finally {
      await handle.destroy();
    }
  } catch (err) {
    await database.drop();
    throw err;
  }
}

/** A copy of `seed` for one workload, dropped by its `drop`. */
async function copyOf(dialect: Dialect, seed: Seed): Promise<BenchDatabase> {
  if (dialect === 'sqlite') {
    const copy = sqliteFile();
    copyFileSync(seed.url.slice('sqlite:'.length), copy.path);
    return copy;
  }
  // A file copy: PostgreSQL 15's default copies through the write-ahead log, far slower for a database of gigabytes.
  return postgresDatabase(`template ${new URL(seed.url).pathname.slice(1)} strategy file_copy`);
}

/**
 * A database holding data set `size`, migrated and loaded, for one workload to change as it likes and drop: a copy of
 * the one loaded for this run, which is loaded the first time any workload asks. `loaded` is that load's report.
 */
export async function loadedBenchDatabase(
  dialect: Dialect,
  size: DataSetName,
): Promise<{ database: BenchDatabase; loaded: Loaded } | string> {
  const key = `${dialect} ${size}`;
  let seed = seeds.get(key);
  if (seed === undefined) {
    seed = seedOf(dialect, size);
    seeds.set(key, seed);
  }
  const loaded = await seed;
  if (typeof loaded === 'string') return loaded;
  return { database: await copyOf(dialect, loaded), loaded: loaded.loaded };
}

/** Drops the data sets loaded in this run: at its end. */
export async function dropLoadedDataSets(): Promise<void> {
  const all = await Promise.allSettled(seeds.values());
  seeds.clear();
  for (const seed of all) {
    if (seed.status === 'fulfilled' && typeof seed.value !== 'string') await seed.value.database.drop();
  }
}
