/**
 * The real Otway server as a child process, started the way `npm start` and e2e/support/server.ts start it (`node
 * dist/server.js`, the JavaScript compiled from src/ by vitest's global set-up, so the process the test signals is the
 * server itself, with no npm wrapper in between), but on a database, data directory and port the caller chooses and
 * keeps. That lets a test kill the server with SIGKILL at any moment and start it again on the same database and port,
 * as a process supervisor would after a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { paths } from '../../src/web/paths.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** What `npm start` runs, relative to ROOT: the compiled server (scripts/build.mjs). */
export const SERVER_ENTRY = 'dist/server.js';
/** What `npm run cli` runs, relative to ROOT. */
export const CLI_ENTRY = 'dist/cli/main.js';
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 10_000;
/** Enough of the server's output to explain a failure, without holding every restart's in memory. */
const OUTPUT_LIMIT = 200_000;

export interface ServerProcessOptions {
  databaseUrl: string;
  /** Kept across restarts: the embedded-mode files live here. */
  dataDir: string;
  port: number;
  /** Settings added to (or replacing) the defaults below. */
  env?: Record<string, string>;
}

export interface ServerProcess {
  readonly baseUrl: string;
  /** The running server's process id, if one is running. */
  readonly pid: number | undefined;
  /** Starts the server and waits until `/ready` answers 200. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown handler runs, nothing is flushed, connections drop mid-answer. Waits until it has exited. */
  kill(): Promise<void>;
  /** A graceful stop (SIGTERM), or SIGKILL if it has not exited within ten seconds. */
  stop(): Promise<void>;
  /** Everything the server wrote across its starts, for a readable failure. */
  output(): string;
}

/** A port nobody is listening on now; the caller keeps it for the server's whole life, across restarts. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        done(port);
      });
    });
  });
}

export const delay = (ms: number) =>
  new Promise<void>((done) => {
    setTimeout(done, ms);
  });

export async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}${paths.ready.build()}`, { signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function exited(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => {
      done();
    });
  });
}

export function serverProcess(options: ServerProcessOptions): ServerProcess {
  const baseUrl = `http://127.0.0.1:${String(options.port)}`;
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    BASE_URL: baseUrl,
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: options.dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    // Empty reference tables unless a test asks for the shipped snapshot (REFERENCE_SNAPSHOT_IMPORT=true), as npm start has.
    REFERENCE_SNAPSHOT_IMPORT: 'false',
    // The second factor (docs/adr/0032) is on by default; tests whose subject it is not sign in with a password alone,
    // and the two-factor tests set STAFF_TWO_FACTOR=required (test/support/two-factor.ts computes the codes).
    STAFF_TWO_FACTOR: 'off',
    ...options.env,
  };
  let child: ChildProcess | undefined;
  let output = '';
  const keep = (chunk: string) => {
    output = (output + chunk).slice(-OUTPUT_LIMIT);
  };

  async function start(): Promise<void> {
    if (child !== undefined && !hasExited(child)) throw new Error('The server is already running');
    output += `\n--- start at ${new Date().toISOString()} ---\n`;
    const started = spawn(process.execPath, [SERVER_ENTRY], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    child = started;
    started.stdout.setEncoding('utf8').on('data', keep);
    started.stderr.setEncoding('utf8').on('data', keep);
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (hasExited(started) || Date.now() > deadline) {
        if (!hasExited(started)) {
          started.kill('SIGKILL');
          await exited(started);
        }
        throw new Error(`Otway did not start (/ready never answered 200). It wrote:\n${output}`);
      }
      if (await isReady(baseUrl)) return;
      await delay(50);
    }
  }

  async function kill(): Promise<void> {
    if (child === undefined || hasExited(child)) return;
    output += `\n--- SIGKILL at ${new Date().toISOString()} ---\n`;
    child.kill('SIGKILL');
    await exited(child);
  }

  async function stop(): Promise<void> {
    if (child === undefined || hasExited(child)) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exited(child).then(() => true), delay(STOP_TIMEOUT_MS).then(() => false)]);
    if (!stopped) await kill();
  }

  return {
    baseUrl,
    get pid() {
      return child !== undefined && !hasExited(child) ? child.pid : undefined;
    },
    start,
    kill,
    stop,
    output: () => output,
  };
}
