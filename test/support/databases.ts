/**
 * The same tests on every database (as Kysely's own suite does). SQLite always; PostgreSQL when
 * `TEST_DATABASE_URL` names a server (any database on it: each test file creates a database of its own and drops it
 * afterwards). `TEST_DIALECTS=postgres` (or `sqlite`) narrows the list.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import type { Dialect } from '../../src/data/create-db.js';

const SERVER_URL = process.env.TEST_DATABASE_URL;
const ONLY = process.env.TEST_DIALECTS?.split(',').map((d) => d.trim());

export const TEST_DIALECTS: Dialect[] = (['sqlite', 'postgres'] as const).filter(
  (d) => (d === 'sqlite' || SERVER_URL !== undefined) && (ONLY === undefined || ONLY.includes(d)),
);

export interface TestDatabase {
  dialect: Dialect;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database of the given kind; `drop` removes it. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'otway-test-'));
    return {
      dialect,
      url: `sqlite:${join(dir, 'otway.db')}`,
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  if (SERVER_URL === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const name = `otway_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Declares the suite once per dialect in TEST_DIALECTS. */
export function describeEachDialect(name: string, suite: (dialect: Dialect) => void): void {
  for (const dialect of TEST_DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      suite(dialect);
    });
  }
}
