#!/usr/bin/env node
/**
 * Compiles Otway's TypeScript (src/**, without the tests) to JavaScript in dist/, file by file, with esbuild: the same
 * folders, so that paths computed from `import.meta.dirname` (views/, public/) resolve the same from dist/ as from
 * src/. It only strips types: `npm run typecheck` checks them. `npm ci` and `npm install` run it (`prepare`), and so do
 * `npm start` (`prestart`, with --if-stale) and the tests (vitest's global set-up).
 *
 *   node scripts/build.mjs             # always compiles
 *   node scripts/build.mjs --if-stale  # compiles only when dist/ is missing or older than src/ (a few milliseconds)
 *
 * It compiles into a new folder and then swaps it for dist/, so that a server being started elsewhere from the same
 * tree (another test run) never reads a half-written dist/.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
/** Written last: what was compiled, so that --if-stale can tell a source file added, changed or removed. */
const STAMP = '.build-stamp.json';

/** Every source file to compile, relative to src/, with its modification time. */
function sources(dir = SRC, found = new Map()) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, found);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) {
      found.set(relative(SRC, path), statSync(path).mtimeMs);
    }
  }
  return found;
}

/** Why dist/ must be compiled again, or null when it is up to date with src/. */
function staleness(files) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(DIST, STAMP), 'utf8'));
  } catch {
    return 'dist/ has not been built';
  }
  const built = new Map(Object.entries(stamp.files ?? {}));
  if (built.size !== files.size) return 'files were added to or removed from src/';
  for (const [file, mtime] of files) {
    if (built.get(file) !== mtime) return `src/${file} changed`;
  }
  return null;
}

async function compile(files) {
  const started = performance.now();
  const next = `${DIST}.building-${String(process.pid)}`;
  rmSync(next, { recursive: true, force: true });
  await build({
    entryPoints: [...files.keys()].map((file) => join(SRC, file)),
    outbase: SRC,
    outdir: next,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    bundle: false,
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
  writeFileSync(join(next, STAMP), `${JSON.stringify({ files: Object.fromEntries(files) })}\n`);
  // Swap: the old dist/ is moved aside, the new one takes its name, the old one is removed.
  const old = `${DIST}.old-${String(process.pid)}`;
  try {
    if (existsSync(DIST)) renameSync(DIST, old);
    renameSync(next, DIST);
  } catch (error) {
    // Another build swapped its own dist/ in at the same moment: it was compiled from the same src/, so keep it.
    if (!['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(error?.code) || !existsSync(DIST)) throw error;
    rmSync(next, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  const ms = performance.now() - started;
  process.stdout.write(`Built dist/ from src/: ${String(files.size)} files in ${ms.toFixed(0)} ms\n`);
}

const files = sources();
if (process.argv.includes('--if-stale')) {
  const reason = staleness(files);
  if (reason !== null) {
    process.stdout.write(`Building dist/ (${reason})\n`);
    await compile(files);
  }
} else {
  await compile(files);
}
