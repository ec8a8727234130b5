/**
 * vitest's global set-up: compiles src/ to dist/ before any test runs, when dist/ is missing or older than src/, so
 * the tests that start Otway as a process (`node dist/server.js`, as `npm start` does) never run stale JavaScript.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function buildDist(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], {
    cwd: resolve(import.meta.dirname, '../..'),
    stdio: 'inherit',
  });
}
