/**
 * `npm run bench`: measures this machine's ceilings, then every workload that exists, and writes the table into
 * docs/performance.md between its markers. Options (after `--`):
 *
 *   --seconds N         each measurement's length (default 5)
 *   --sizes S,M,L       the data sets W3 runs on, each on SQLite and PostgreSQL (default S,M); `--size L` is one
 *   --only W3           run only the workloads whose id starts so (repeatable); the table is then printed, not written
 *
 * All load goes to 127.0.0.1 only, bounded in time, from this process to servers in processes of their own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { format } from 'prettier';
import { measureCeilings, type Ceiling } from './ceilings.js';
import { dropLoadedDataSets } from './databases.js';
import { fmt } from './stats.js';
import { isDataSetName, type DataSetName } from './data/generate.js';
import { workloads, type WorkloadResult } from './workloads.js';

const DOC = resolve(import.meta.dirname, '../docs/performance.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

function versions(): string {
  const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  return ['fastify', 'kysely', 'better-sqlite3', 'pg', 'nunjucks']
    .map((name) => `${name} ${pkg.dependencies[name] ?? '?'}`)
    .join(', ');
}

function ceilingRows(ceilings: Ceiling[]): string[] {
  return ceilings.map(
    (c) =>
      `| ${c.name} | ${c.what} | ${fmt(c.summary.perSecond)} | ${fmt(c.summary.p50Ms, 3)} | ${fmt(c.summary.p95Ms, 3)} | ${fmt(c.summary.p99Ms, 3)} |`,
  );
}

function workloadRows(results: WorkloadResult[]): string[] {
  return results.map(
    (w) =>
      `| ${w.id} | ${w.what} | ${fmt(w.summary.perSecond)} | ${fmt(w.summary.p50Ms, 4)} | ${fmt(w.summary.p95Ms, 4)} | ${fmt(w.summary.p99Ms, 4)} | ${w.goal} | ${w.verdict} |`,
  );
}

function parseSizes(text: string): DataSetName[] {
  const sizes = text
    .split(',')
    .map((size) => size.trim().toUpperCase())
    .filter((size) => size !== '');
  const wrong = sizes.filter((size) => !isDataSetName(size));
  if (sizes.length === 0 || wrong.length > 0) {
    throw new Error(`--sizes takes data sets from S, M and L, like S,M,L (not ${wrong.join(', ') || 'nothing'})`);
  }
  return sizes.filter(isDataSetName);
}

/** The plans of each workload's hot queries, under the table, each as the database wrote it. */
function planSections(results: readonly WorkloadResult[]): string[] {
  const withPlans = results.filter((r) => (r.plans ?? []).length > 0);
  if (withPlans.length === 0) return [];
  return [
    '',
    '### Query plans',
    '',
    ...withPlans.flatMap((r) =>
      (r.plans ?? []).flatMap((p) => [`${r.id}, ${p.query}:`, '', '```text', ...p.lines, '```', '']),
    ),
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      sizes: { type: 'string' },
      size: { type: 'string' },
      only: { type: 'string', multiple: true },
    },
  });
  const seconds = Math.min(60, Math.max(1, Number(values.seconds)));
  const sizes = parseSizes(values.sizes ?? values.size ?? 'S,M');
  const only = values.only ?? [];
  const chosen = workloads({ sizes }).filter(
    (w) => only.length === 0 || only.some((prefix) => w.id.toLowerCase().startsWith(prefix.toLowerCase())),
  );
  console.log(`Measuring ceilings (${String(seconds)} s each)...`);
  const ceilings = await measureCeilings(seconds);
  const results: WorkloadResult[] = [];
  try {
    for (const workload of chosen) {
      console.log(`Measuring ${workload.id}...`);
      results.push(await workload.run(seconds, { ceilings }));
    }
  } finally {
    await dropLoadedDataSets();
  }
  const cpu = cpus();
  const table = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${String(cpu.length)} cores (${cpu[0]?.model ?? 'unknown CPU'}), ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node.js ${process.version}; ${versions()}. ${String(seconds)} s a measurement; data sets ${sizes.join(', ')}. Every server runs in a process of its own, loaded by autocannon from the benchmark's process; HTTP percentiles are computed from every response's time.`,
    '',
    '### Ceilings',
    '',
    '| ceiling | what | per second | p50 ms | p95 ms | p99 ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...ceilingRows(ceilings),
    '',
    '### Workloads',
    '',
    '| workload | what | per second | p50 ms | p95 ms | p99 ms | goal | met? |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...workloadRows(results),
    ...planSections(results),
  ].join('\n');
  if (only.length > 0) {
    console.log(table);
    console.log('(--only: docs/performance.md left as it was)');
    return;
  }
  const doc = readFileSync(DOC, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from === -1 || to === -1) throw new Error(`docs/performance.md needs the markers ${START} and ${END}`);
  const updated = `${doc.slice(0, from + START.length)}\n${table}\n${doc.slice(to)}`;
  writeFileSync(DOC, await format(updated, { parser: 'markdown', printWidth: 120, proseWrap: 'preserve' }));
  console.log(table);
}

await main();
