/**
 * Before the browser tests, two SQLite databases for the servers to start from, made once instead of by each file:
 * one migrated, and a copy of it with the shared GP practice and school extracts imported by Otway's command line (as
 * someone running Otway would). Each server starts on a copy of one (`startServer` in server.ts), so no file runs
 * every migration or the imports again. The first start on an empty database is `test/integration/npm-start.test.ts`'s,
 * and the imports themselves are tested by `test/integration/reference-data-cli.test.ts`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/data/create-db.js';
import { migrateToLatest } from '../../src/data/migrate.js';
import buildDist from '../../test/support/build-dist.global-setup.js';
import { CLI_ENTRY } from '../../test/support/server-process.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The extracts beside the repository (never copied into it): LLR's practices and schools and their neighbours'. */
export const REFERENCE_IMPORTS = [
  ['import-practices', '../shared/data/epraccur_llr_and_neighbours.csv'],
  ['import-schools', '../shared/data/gias_layout_llr_and_neighbours.csv'],
] as const;

/** The databases a browser test's server starts from (copies of them). */
export interface ServerTemplates {
  /** Migrated, with nothing in it. */
  migrated: string;
  /** Migrated, with the GP practices and schools imported. */
  referenceData: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    serverTemplates: ServerTemplates;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  // The command line below is the compiled one: make sure it is there and fresh (the root set-up does the same).
  buildDist();
  const dir = mkdtempSync(join(tmpdir(), 'otway-e2e-template-'));
  const templates: ServerTemplates = { migrated: join(dir, 'migrated.db'), referenceData: join(dir, 'reference.db') };
  const handle = openDatabase(`sqlite:${templates.migrated}`);
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.destroy();
  }
  copyFileSync(templates.migrated, templates.referenceData);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: `sqlite:${templates.referenceData}`,
    DATA_DIR: dir,
  };
  // One after the other: both write to the one SQLite file.
  for (const args of REFERENCE_IMPORTS)
    execFileSync(process.execPath, [CLI_ENTRY, ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  project.provide('serverTemplates', templates);
  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
