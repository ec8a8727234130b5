/**
 * The README's command, `npm start`, on a fresh install: it runs the compiled JavaScript (`node dist/server.js`, built
 * by `npm ci` and by vitest's global set-up), creates the SQLite database, and answers `/health`. How fast it starts is
 * measured by `node scripts/start-time.mjs`, never asserted here.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { delay, exited, freePort } from '../support/server-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 90_000;

describe('npm start', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('starts the compiled server on a fresh database, which answers /health and /ready with 200', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otway-npm-start-'));
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${String(port)}`;
    const database = join(dir, 'otway.db');
    // Its own process group, so that the test stops npm and the server it started together.
    const child = spawn('npm', ['start'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${database}`,
        DATA_DIR: dir,
        LOG_LEVEL: 'warn',
      },
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(-child.pid, 'SIGTERM');
        const stopped = await Promise.race([exited(child).then(() => true), delay(10_000).then(() => false)]);
        if (!stopped) {
          process.kill(-child.pid, 'SIGKILL');
          await exited(child);
        }
      }
      rmSync(dir, { recursive: true, force: true });
    });

    const deadline = Date.now() + START_TIMEOUT_MS;
    let health: Response | undefined;
    while (health?.status !== 200) {
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`npm start did not answer /health with 200. It wrote:\n${output}`);
      }
      health = await fetch(`${baseUrl}${paths.health.build()}`, { signal: AbortSignal.timeout(2000) }).catch(
        () => undefined,
      );
      if (health?.status !== 200) await delay(50);
    }

    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${baseUrl}${paths.ready.build()}`);
    expect(ready.status).toBe(200);
    // npm names the command it runs: the compiled server, not TypeScript compiled at run time.
    expect(output).toContain('node dist/server.js');
    expect(output).not.toContain('tsx');
    expect(existsSync(database)).toBe(true);
  }, 120_000);
});
