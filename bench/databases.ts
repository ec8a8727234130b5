/**
 * The benchmarks' databases: a temporary SQLite file, or a PostgreSQL database of its own on the local server, each
 * dropped after the measurement.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Dialect } from '../src/data/create-db.js';
import { migrateToLatest } from '../src/data/migrate.js';

/** The server the PostgreSQL runs use; each creates a database of its own there and drops it afterwards. */
export const POSTGRES_SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database; or, when there is no PostgreSQL to create one on, why not. */
export async function createBenchDatabase(dialect: Dialect): Promise<BenchDatabase | string> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'otway-bench-db-'));
    return {
      url: `sqlite:${join(dir, 'otway.db')}`,
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const name = `otway_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_SERVER, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (err) {
    return `no PostgreSQL at ${POSTGRES_SERVER} (${err instanceof Error ? err.message : String(err)})`;
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
