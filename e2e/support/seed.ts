/**
 * A browser test's starting state, made through Otway's use cases on the running server's own database (the same
 * factories as the integration tests: `aReferral`, `aStaffMember`), so that a test about triage starts at triage
 * instead of filling in the public form and the first-administrator pages in the browser. The use cases run in the
 * test's process against the server's SQLite file; SQLite's locking keeps the two writers apart, and the audit chain
 * stays one chain. Tests about the form and the accounts pages still go through them in the browser.
 */
import pino from 'pino';
import { afterAll } from 'vitest';
import { buildDependencies, type Dependencies } from '../../src/composition.js';
import { loadConfig } from '../../src/config.js';
import type { Otway } from './otway.js';

/**
 * The use cases of the file's Otway, built on first use and closed after the file's tests. Each call of the returned
 * function gives the same dependencies.
 */
export function useSeeding(otway: Otway): () => Promise<Dependencies> {
  let deps: Promise<Dependencies> | undefined;
  afterAll(async () => {
    if (deps !== undefined) await (await deps).database.destroy();
  });
  return () => {
    deps ??= buildDependencies(loadConfig({ ...otway.server.env, LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
    return deps;
  };
}
