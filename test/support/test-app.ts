/**
 * Builds the real application for a test, on a fresh database of the chosen dialect: real plugins, real templates,
 * real CSRF. Nothing is switched off for tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { buildDependencies, type Dependencies } from '../../src/composition.js';
import { loadConfig } from '../../src/config.js';
import type { Dialect } from '../../src/data/create-db.js';
import type { Clock } from '../../src/services/shared/context.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export const TEST_SERVICE_DIR = resolve(import.meta.dirname, '../fixtures/service-definitions');
export const LLR = 'llr-childrens-ot';
export const SECOND_SERVICE = 'test-paediatric-physio';

export interface TestAppOptions {
  /** Host the tests' second service beside LLR. */
  twoServices?: boolean;
  clock?: Clock;
  env?: Record<string, string>;
  /** Use this database instead of creating one (it is not dropped on close). */
  databaseUrl?: string;
  /**
   * Import the shipped reference-data snapshot into empty tables, as `npm start` does. Off by default, so that a test
   * starts with empty reference tables unless it imports what it needs.
   */
  referenceSnapshot?: boolean;
}

export interface TestApp {
  app: FastifyInstance;
  deps: Dependencies;
  database: TestDatabase | null;
  close(): Promise<void>;
}

export async function createTestApp(dialect: Dialect, options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.databaseUrl === undefined ? await createTestDatabase(dialect, { migrated: true }) : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'otway-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: options.databaseUrl ?? database?.url,
    DATA_DIR: dataDir,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: 'silent',
    BASE_URL: 'http://localhost:3000',
    RATE_LIMIT_PER_MINUTE: '100000',
    SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000',
    // The second factor (docs/adr/0032) is on by default; tests whose subject it is not sign in with a password alone,
    // and the two-factor tests set STAFF_TWO_FACTOR=required (test/support/two-factor.ts computes the codes).
    STAFF_TWO_FACTOR: 'off',
    ...options.env,
  });
  const deps = await buildDependencies(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), {
    extraDefinitionDirs: options.twoServices === true ? [TEST_SERVICE_DIR] : [],
    ...(options.clock !== undefined && { clock: options.clock }),
  });
  if (options.referenceSnapshot === true) await deps.referenceSnapshot.importIfEmpty();
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    database,
    close: async () => {
      await app.close();
      await deps.database.destroy();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
