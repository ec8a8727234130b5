/**
 * Starts a benchmark server (bench/servers/*.ts) as a child process, so that the load generator in the benchmark's
 * process never shares its event loop (PERFORMANCE.md: "the load generator runs in its own process"), and waits for
 * the `listening <url>` line it writes when ready.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;

export interface ChildServer {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * For profiling a server under load: BENCH_SERVER_NODE_OPTIONS="--import ./a-profiler.mjs" reaches every server the
 * benchmark starts as its NODE_OPTIONS (--cpu-prof is refused there).
 */
export function serverNodeOptions(): { NODE_OPTIONS?: string } {
  const options = process.env.BENCH_SERVER_NODE_OPTIONS;
  return options === undefined ? {} : { NODE_OPTIONS: options };
}

export async function startServer(
  script: 'otway' | 'ceiling',
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, `bench/servers/${script}.ts`), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...serverNodeOptions(), ...env },
  });
  let output = '';
  const exited = new Promise<void>((done) => {
    child.once('exit', () => {
      done();
    });
  });
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => {
      fail(
        new Error(`bench/servers/${script}.ts did not start within ${String(START_TIMEOUT_MS / 1000)} s:\n${output}`),
      );
    }, START_TIMEOUT_MS);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output = (output + chunk).slice(-20_000);
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output = (output + chunk).slice(-20_000);
      const found = /^listening (\S+)$/mu.exec(output);
      if (found?.[1] !== undefined) {
        clearTimeout(timer);
        done(found[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`bench/servers/${script}.ts exited (${String(code)}) before listening:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
