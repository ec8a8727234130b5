/**
 * Before the database tests, one migrated database of each kind: a SQLite file, and on the PostgreSQL server that
 * `TEST_DATABASE_URL` names a database of its own. A test app's database is a copy of it (`createTestDatabase(d,
 * { migrated: true })`), which takes a few milliseconds where running every migration again took most of a second.
 * The migrations themselves are still run by every test app (they find nothing to do), and tested on empty databases
 * by the tests that ask for one. Both templates are removed after the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/data/create-db.js';
import { migrateToLatest } from '../../src/data/migrate.js';
import { TEST_DIALECTS, SERVER_URL, databaseUrlOn, type DatabaseTemplates } from './databases.js';

async function migrated(url: string): Promise<void> {
  const handle = openDatabase(url);
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.destroy();
  }
}

async function onServer(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'otway-template-'));
  const templates: DatabaseTemplates = { sqlite: null, postgres: null };
  if (TEST_DIALECTS.includes('sqlite')) {
    templates.sqlite = join(dir, 'template.db');
    await migrated(`sqlite:${templates.sqlite}`);
  }
  if (TEST_DIALECTS.includes('postgres') && SERVER_URL !== undefined) {
    const name = `otway_template_${randomBytes(6).toString('hex')}`;
    await onServer(`create database ${name}`);
    templates.postgres = name;
    await migrated(databaseUrlOn(name));
  }
  project.provide('databaseTemplates', templates);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (templates.postgres !== null) await onServer(`drop database if exists ${templates.postgres} with (force)`);
  };
}
