/**
 * Otway for the benchmarks, in a process of its own (started by bench/servers/spawn.ts): the real application, compiled
 * as `npm start` runs it (./compiled.ts), built by the composition root as server.ts builds it, on the database `DATABASE_URL` names, but with its clock fixed at
 * `BENCH_NOW` (the data sets' "today"), so that waiting times and ages are those the data set was built for. It
 * listens on 127.0.0.1 on a free port and writes `listening <url>` when it is ready; SIGTERM stops it.
 */
import { resolve } from 'node:path';
import pino from 'pino';
import type * as App from '../../src/app.js';
import type * as Composition from '../../src/composition.js';
import type * as Config from '../../src/config.js';
import { compiled } from './compiled.js';

const { buildApp } = await compiled<typeof App>('app.js');
const { buildDependencies } = await compiled<typeof Composition>('composition.js');
const { loadConfig } = await compiled<typeof Config>('config.js');

const now = new Date(process.env.BENCH_NOW ?? '');
if (Number.isNaN(now.getTime())) throw new Error('BENCH_NOW must be an ISO instant');

const config = loadConfig({
  NODE_ENV: 'test',
  DATABASE_URL: process.env.DATABASE_URL,
  DATA_DIR: process.env.DATA_DIR,
  SERVICE_DEFINITIONS_DIR: resolve(import.meta.dirname, '../../service-definitions'),
  SESSION_SECRET: 'bench-session-secret-0123456789abcdefghijklmn',
  LOG_LEVEL: 'silent',
  BASE_URL: 'http://127.0.0.1',
  // One client on 127.0.0.1 asks for thousands of pages a minute; the limits are for the internet, not a load test.
  RATE_LIMIT_PER_MINUTE: '1000000',
  SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000000',
  API_RATE_LIMIT_PER_MINUTE: '1000000',
  // The clinician signs in with a password alone: W3 measures the worklist, not the second factor (ADR 0032).
  STAFF_TWO_FACTOR: 'off',
});
const deps = await buildDependencies(config, pino({ level: 'silent' }), { clock: () => now });
if (process.env.BENCH_REFERENCE_SNAPSHOT === 'true') await deps.referenceSnapshot.importIfEmpty();
const app = await buildApp(deps);
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening ${url}\n`);

process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => deps.database.destroy())
    .then(() => process.exit(0));
});
