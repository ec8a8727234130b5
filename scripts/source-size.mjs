#!/usr/bin/env node
/**
 * Lists the source files under src/ (tests aside: not `*.test.ts`) over 400 lines, with their line counts, and exits
 * 1 when there is one (docs/adr/0022). A file is allowed over only when it is named below, with the ADR's reason.
 * Lines are counted as `wc -l` counts them. `npm run layers` runs it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const MAX_LINES = 400;
/** ADR 0022's exceptions, each one list that reads best whole. */
const ALLOWED = new Set(['src/data/database.ts']);

const root = resolve(import.meta.dirname, '..');

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield path;
  }
}

const over = [];
for (const file of sourceFiles(join(root, 'src'))) {
  const name = relative(root, file).split('\\').join('/');
  if (ALLOWED.has(name)) continue;
  const lines = readFileSync(file, 'utf8').split('\n').length - 1;
  if (lines > MAX_LINES) over.push({ name, lines });
}

if (over.length > 0) {
  over.sort((a, b) => (a.name < b.name ? -1 : 1));
  console.error(`Source files over ${String(MAX_LINES)} lines (docs/adr/0022: split each along a line a reader uses):`);
  for (const { name, lines } of over) console.error(`  ${String(lines).padStart(5)} ${name}`);
  process.exit(1);
}
console.log(
  `source-size: no source file under src/ over ${String(MAX_LINES)} lines (allowed: ${[...ALLOWED].join(', ')})`,
);
