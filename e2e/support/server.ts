/**
 * Starts the real Otway server as a child process, as `npm start` would (`node dist/server.js`, compiled by vitest's
 * global set-up), on a free port and a fresh SQLite database in a temporary directory: a copy of the migrated database
 * made once for the run (templates.global-setup.ts), or on request of the one with the shared GP practice and school
 * extracts imported by the command line. It captures the first-admin link the server prints on its first start, and
 * waits until `/ready` answers 200.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { delay, exited, freePort, isReady, SERVER_ENTRY } from '../../test/support/server-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 90_000;
const LINK = /(https?:\/\/\S+\/activate\/[A-Za-z0-9_-]+)/u;

export interface StartOptions {
  /** Import the GP practices and schools before the server starts, so the checker searches them. */
  referenceData?: boolean;
}

export interface RunningServer {
  baseUrl: string;
  /** The server's own settings (its database and data folder), for a test that seeds it through the use cases. */
  env: Readonly<Record<string, string>>;
  /** The one-time link to create the first administrator, as printed on first start. */
  firstAdminLink: string;
  /** Everything the server wrote, for a readable failure. */
  output(): string;
  stop(): Promise<void>;
}

export async function startServer(
  extraEnv: Record<string, string> = {},
  options: StartOptions = {},
): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'otway-e2e-'));
  // A test that must know the address before the server starts (an OpenID provider's callback) gives PORT itself.
  const port = extraEnv.PORT === undefined ? await freePort() : Number(extraEnv.PORT);
  const baseUrl = `http://127.0.0.1:${String(port)}`;
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: baseUrl,
    DATABASE_URL: `sqlite:${join(dir, 'otway.db')}`,
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    // A fresh install without the shipped reference-data snapshot, unless a test passes REFERENCE_SNAPSHOT_IMPORT=true
    // (what npm start does) or asks for the shared extracts (referenceData).
    REFERENCE_SNAPSHOT_IMPORT: 'false',
    // The second factor (docs/adr/0032) is on by default; tests whose subject it is not sign in with a password alone,
    // and the two-factor tests set STAFF_TWO_FACTOR=required (test/support/two-factor.ts computes the codes).
    STAFF_TWO_FACTOR: 'off',
    ...extraEnv,
  };
  const templates = inject('serverTemplates');
  copyFileSync(options.referenceData === true ? templates.referenceData : templates.migrated, join(dir, 'otway.db'));
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let output = '';
  const keep = (chunk: string) => {
    output += chunk;
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited(child).then(() => true), delay(10_000).then(() => false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited(child);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  let link: string | undefined;
  let ready = false;
  while (link === undefined || !ready) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Otway did not start (no first-admin link or /ready not 200). It wrote:\n${output}`);
    }
    ready ||= await isReady(baseUrl);
    link ??= LINK.exec(output)?.[1];
    if (link === undefined || !ready) await delay(200);
  }
  const settings = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return { baseUrl, env: settings, firstAdminLink: link, output: () => output, stop };
}
