/**
 * The same tests on every database (as Kysely's own suite does). SQLite always; PostgreSQL when
 * `TEST_DATABASE_URL` names a server (any database on it: each test file creates a database of its own and drops it
 * afterwards). `TEST_DIALECTS=postgres` (or `sqlite`) narrows the list.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import type { Dialect } from '../../src/data/create-db.js';

export const SERVER_URL = process.env.TEST_DATABASE_URL;
const ONLY = process.env.TEST_DIALECTS?.split(',').map((d) => d.trim());

export const TEST_DIALECTS: Dialect[] = (['sqlite', 'postgres'] as const).filter(
  (d) => (d === 'sqlite' || SERVER_URL !== undefined) && (ONLY === undefined || ONLY.includes(d)),
);

export interface TestDatabase {
  dialect: Dialect;
  url: string;
  drop(): Promise<void>;
}

/** The migrated databases the global set-up made for this run (see template-databases.global-setup.ts). */
export interface DatabaseTemplates {
  /** A migrated SQLite file to copy. */
  sqlite: string | null;
  /** A migrated database on the PostgreSQL server, to create databases from. */
  postgres: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplates: DatabaseTemplates;
  }
}

/** The URL of another database on the test PostgreSQL server. */
export function databaseUrlOn(name: string): string {
  if (SERVER_URL === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function templates(): DatabaseTemplates {
  try {
    // Undefined in a project without the global set-up (the browser tests start servers of their own).
    const provided = inject('databaseTemplates') as DatabaseTemplates | undefined;
    return provided ?? { sqlite: null, postgres: null };
  } catch {
    return { sqlite: null, postgres: null };
  }
}

export interface CreateOptions {
  /**
   * A copy of the run's migrated template (when the global set-up made one), so that opening it finds no migration to
   * run; otherwise an empty database, for the tests of the migrations themselves.
   */
  migrated?: boolean;
}

/** A new database of the given kind, empty unless `migrated`; `drop` removes it. */
export async function createTestDatabase(dialect: Dialect, options: CreateOptions = {}): Promise<TestDatabase> {
  const template = options.migrated === true ? templates()[dialect] : null;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'otway-test-'));
    if (template !== null) copyFileSync(template, join(dir, 'otway.db'));
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
    await admin.query(template === null ? `create database ${name}` : `create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  return {
    dialect,
    url: databaseUrlOn(name),
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
