// Writes test/file-weights.json from vitest JSON reports: each test file's seconds, for the longest-first order of
// test/support/longest-first.sequencer.ts. Usage: node scripts/test-weights.mjs REPORT.json [REPORT.json ...]
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const weights = {};
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const result of report.testResults ?? []) {
    weights[relative(root, result.name)] = Math.round((result.endTime - result.startTime) / 100) / 10;
  }
}
const sorted = Object.fromEntries(Object.entries(weights).sort(([a], [b]) => (a < b ? -1 : 1)));
writeFileSync(resolve(root, 'test/file-weights.json'), `${JSON.stringify(sorted, null, 2)}\n`);
console.log(`test/file-weights.json: ${String(Object.keys(sorted).length)} files`);
