#!/usr/bin/env node
/**
 * How long Otway takes to start, as `npm start` starts it: spawns the server on a fresh SQLite database in a temporary
 * folder (the shipped reference-data snapshot imported, as on a fresh clone), measures the time from the spawn to the
 * first 200 from `/health` (and the CPU time the process had used by then, which a busy machine changes less than the
 * elapsed time), then its resident memory (RSS) once it has been idle for two seconds. Repeats the start a few times
 * and prints each figure and the median. It measures; it asserts nothing. CPU and RSS are the spawned process's own.
 *
 *   npm run start-time                     # builds dist/ if stale, then measures node dist/server.js
 *   node scripts/start-time.mjs --runs 5
 *   node scripts/start-time.mjs -- node --import tsx src/server.ts   # any other command, for a comparison
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const dash = args.indexOf('--');
const command = dash >= 0 ? args.slice(dash + 1) : [process.execPath, 'dist/server.js'];
const options = dash >= 0 ? args.slice(0, dash) : args;
const runsAt = options.indexOf('--runs');
const runs = runsAt >= 0 ? Number(options[runsAt + 1]) : 3;
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of at least 1');

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

/** The resident set size of a process and its children, in MB, from /proc (Linux only; null elsewhere). */
function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/u.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time (user and system) a process has used so far, in ms, from /proc (Linux only; null elsewhere). */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

async function once() {
  const dir = mkdtempSync(join(tmpdir(), 'otway-start-'));
  const port = await freePort();
  // Its own process group, so that stopping it stops what it started too (npm start leaves its server running when npm
  // alone is signalled).
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'otway.db')}`,
      DATA_DIR: dir,
      LOG_LEVEL: 'warn',
    },
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  const started = performance.now();
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}). It wrote:\n${output}`);
      if (performance.now() - started > 120_000) throw new Error(`No 200 from /health in 120 s. It wrote:\n${output}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
        if (response.status === 200) break;
      } catch {
        // Not listening yet.
      }
      await sleep(10);
    }
    const ms = performance.now() - started;
    const cpu = cpuMs(child.pid);
    await sleep(2000);
    return { ms, cpu, rss: rssMb(child.pid) };
  } finally {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((done) => (child.exitCode !== null ? done() : child.once('exit', done)));
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log(`Start-up of \`${command.join(' ')}\`, ${runs} run(s), fresh SQLite database each:`);
const results = [];
for (let i = 1; i <= runs; i += 1) {
  const result = await once();
  results.push(result);
  const rss = result.rss === null ? 'n/a' : `${result.rss.toFixed(0)} MB`;
  const cpu = result.cpu === null ? 'n/a' : `${result.cpu.toFixed(0)} ms`;
  console.log(`  run ${i}: /health 200 after ${result.ms.toFixed(0)} ms (CPU ${cpu}); RSS at rest ${rss}`);
}
const rssValues = results.map((r) => r.rss).filter((r) => r !== null);
console.log(
  `Median: ${median(results.map((r) => r.ms)).toFixed(0)} ms to /health 200` +
    (rssValues.length > 0 ? `, ${median(rssValues).toFixed(0)} MB RSS at rest` : ''),
);
