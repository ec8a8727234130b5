/**
 * W3: the triage worklist, rendered through fastify for a signed-in triage clinician, over data sets S, M and L (as
 * `--sizes` asks), on SQLite and on PostgreSQL. Goal (PERFORMANCE.md): p95 under 50 ms at M and under 100 ms at L; a
 * throughput of at least 25% of R_tpl; p95 at L at most 1.5 times p95 at S (M's ratio to S is reported too).
 *
 * Each run builds a fresh database (a temporary SQLite file, or a PostgreSQL database of its own, dropped after) and
 * loads the data set with the bulk loader (src/data/demo/load.ts), in this process; the load's time is reported. The
 * real application then runs in a process of its own (bench/servers/otway.ts) with its clock set to the data set's
 * reference date, so that autocannon, here, never shares its event loop. The clinician signs in over HTTP like a
 * browser; autocannon then asks for a mix of worklist pages (the default list, later pages, the other order, and the
 * filters a clinician uses), each request with its full session check, permission check, audit event, two queries
 * and the rendered page. It is measured twice: by one user at a time, for the latency a clinician sees, which the p95
 * goal is judged on; and by 10 connections, as R_tpl is measured, for the throughput goal. Every response's time is
 * recorded, and the percentiles are computed from them all (bench/http.ts).
 *
 * Before the clock starts, the database is asked for the plan of each page's two queries (EXPLAIN QUERY PLAN on
 * SQLite, EXPLAIN on PostgreSQL): a plan that reads any table by a full scan fails the workload (PERFORMANCE.md:
 * every hot query shows an index in its plan, for every table it touches); then each page is fetched once and checked.
 *
 * PostgreSQL's planner is given statistics (VACUUM ANALYZE) after the load, as autovacuum would have done on a
 * running system; SQLite is left without (the application never runs ANALYZE), so its plans are those it really gets.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Compilable, type Kysely } from 'kysely';
import { insertUser, replaceRoles } from '../src/data/accounts/users.repository.js';
import type { Dialect } from '../src/data/create-db.js';
import type { Database } from '../src/data/database.js';
import { worklistCountQuery, worklistPageQuery } from '../src/data/referrals/worklist.repository.js';
import { londonDate } from '../src/domain/shared/dates.js';
import type { ServiceDefinition } from '../src/domain/service/definition.js';
import { hashPassword } from '../src/services/accounts/password-hasher.js';
import { WORKLIST_PAGE_SIZE, worklistQueryFor } from '../src/services/referrals/worklist.service.js';
import { parseForm } from '../src/web/forms/form.js';
import { paths } from '../src/web/paths.js';
import { toFilters, worklistQuery } from '../src/web/routes/triage/worklist.forms.js';
import { HttpClient } from '../test/support/http-client.js';
import { loadedBenchDatabase, migratedHandle } from './databases.js';
import { REFERENCE_DATE, type DataSetName } from './data/generate.js';
import type { LoadReport } from './data/load.js';
import { loadBenchReference, loadServiceDefinition } from './data/reference.js';
import { loadTest } from './http.js';
import { startServer } from './servers/spawn.js';
import { fmt, type Summary } from './stats.js';
import type { Workload, WorkloadContext, WorkloadResult } from './workloads.js';

const CONNECTIONS = 10;
const GOAL_P95_MS: Record<DataSetName, number> = { S: 50, M: 50, L: 100 };
const GOAL_SHARE_OF_R_TPL = 0.25;
const GOAL_L_TO_S = 1.5;
/** Noon in London on the reference date: the data set's "today". */
const NOW = new Date(`${REFERENCE_DATE}T12:00:00.000Z`);
const EMAIL = 'w3.triage@nhs.test';
const PASSWORD = 'w3 bench triage password 0123456789';

/**
 * The pages of the mix, in the order each connection asks for them: the default list most often, as it is the page a
 * clinician returns to; then the filters and orders of a working day, including decided referrals on one pathway.
 */
const MIX = [
  '',
  '?page=2',
  '?sort=newest',
  '',
  '?waiting=over-target',
  '?flag=possible-duplicate&flag=safeguarding',
  '',
  '?age=under-5',
  '?area=856&area=not-known',
  '',
  '?eligibility=unclear&eligibility=ineligible',
  '?referrer=gp&referrer=health-professional&sort=newest',
  '',
  '?status=accepted&pathway=coordination&priority=urgent',
  '?status=more-information-requested',
];

export interface W3Setup {
  size: DataSetName;
  dialect: Dialect;
}

/** A triage clinician of the service, with a password to sign in with. */
async function addClinician(db: Kysely<Database>, serviceId: string): Promise<void> {
  const id = randomBytes(16)
    .toString('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/u, '$1-$2-$3-$4-$5');
  const now = NOW.toISOString();
  await insertUser(
    db,
    { id, email: EMAIL, displayName: 'W3 Triage', status: 'active', passwordHash: await hashPassword(PASSWORD) },
    now,
  );
  await replaceRoles(db, serviceId, id, ['triage-clinician'], null, now);
}

/** Signs the clinician in over HTTP; returns the Cookie header the browser would send. */
async function signedInCookie(baseUrl: string): Promise<string> {
  const browser = new HttpClient(baseUrl);
  await browser.get(paths.signIn.build());
  const signedIn = await browser.post(paths.signIn.build(), { email: EMAIL, password: PASSWORD });
  if (signedIn.status !== 303) throw new Error(`W3: signing in answered ${String(signedIn.status)}`);
  return [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** The plan's lines, as the database writes them. */
async function planOf(db: Kysely<Database>, dialect: Dialect, query: Compilable): Promise<string[]> {
  const compiled = query.compile();
  const explain = dialect === 'sqlite' ? `explain query plan ${compiled.sql}` : `explain ${compiled.sql}`;
  const result = await db.executeQuery<Record<string, unknown>>({ ...compiled, sql: explain });
  return result.rows.map((row) => {
    const line = row.detail ?? row['QUERY PLAN'];
    return typeof line === 'string' ? line : JSON.stringify(row);
  });
}

/**
 * What is wrong with a plan, if anything: a full scan of any table it reads (SQLite's `SCAN t`, with or without an
 * index to walk in full; PostgreSQL's `Seq Scan on t`), or no index on the referrals at all.
 */
export function planProblem(dialect: Dialect, lines: readonly string[]): string | null {
  const text = lines.join('\n');
  if (dialect === 'sqlite') {
    const scan = /^\s*SCAN (\w+)( USING (?:COVERING )?INDEX (\w+))?/mu.exec(text);
    if (scan !== null && scan[1] !== 'CONSTANT') {
      return scan[3] === undefined
        ? `SQLite scans ${String(scan[1])} in full`
        : `SQLite walks the whole of ${scan[3]} on ${String(scan[1])}`;
    }
    if (!/SEARCH (r|p) USING (COVERING )?INDEX/u.test(text)) return 'SQLite uses no index on the referrals';
  } else {
    const scan = /Seq Scan on (\w+)/u.exec(text);
    if (scan !== null) return `PostgreSQL scans ${String(scan[1])} in full`;
    if (!/Index (Only )?Scan (Backward )?using \w+ on referrals|Bitmap Heap Scan on referrals/u.test(text)) {
      return 'PostgreSQL uses no index scan on the referrals';
    }
  }
  return null;
}

/** Asks the database for the plans of the two queries of each page of the mix; fails on any full scan. */
async function checkPlans(
  db: Kysely<Database>,
  dialect: Dialect,
  definition: ServiceDefinition,
): Promise<{ count: string[]; page: string[] }> {
  const today = londonDate(NOW);
  const problems: string[] = [];
  let hot: { count: string[]; page: string[] } | undefined;
  for (const query of new Set(MIX)) {
    // The same parsing as the page's: a repeated parameter (flag=a&flag=b) is a list, as fastify gives it.
    const params = new URLSearchParams(query);
    const values = Object.fromEntries(
      [...new Set(params.keys())].map((k) => [k, params.getAll(k).length > 1 ? params.getAll(k) : params.get(k)]),
    );
    const parsed = parseForm(worklistQuery(definition), values);
    if (!parsed.ok) throw new Error(`W3: the mix's query ${query} is not valid`);
    const filters = toFilters(parsed.data);
    const q = worklistQueryFor(definition, filters, today);
    const plans = {
      count: await planOf(db, dialect, worklistCountQuery(db, q)),
      page: await planOf(
        db,
        dialect,
        worklistPageQuery(db, q, {
          offset: (Math.max(1, filters.page) - 1) * WORKLIST_PAGE_SIZE,
          limit: WORKLIST_PAGE_SIZE,
        }),
      ),
    };
    for (const [which, lines] of Object.entries(plans)) {
      const problem = planProblem(dialect, lines);
      if (problem !== null) problems.push(`${query || '(default)'} ${which}: ${problem}\n    ${lines.join('\n    ')}`);
    }
    hot ??= plans;
  }
  if (problems.length > 0) throw new Error(`W3: a worklist query reads a table in full:\n${problems.join('\n')}`);
  if (hot === undefined) throw new Error('W3: the mix is empty');
  return hot;
}

/** Fetches each page of the mix once: each must answer 200 with between 1 and a page of rows. */
async function checkPages(baseUrl: string, cookie: string): Promise<void> {
  for (const query of new Set(MIX)) {
    const response = await fetch(`${baseUrl}${paths.triage.worklist.build()}${query}`, { headers: { cookie } });
    const html = await response.text();
    const rows = html.match(/<tr class="nhsuk-table__row">/gu)?.length ?? 0;
    if (response.status !== 200 || rows === 0 || rows > WORKLIST_PAGE_SIZE) {
      throw new Error(
        `W3: ${query || 'the default list'} answered ${String(response.status)} with ${String(rows)} rows`,
      );
    }
  }
}

export interface W3Measurement {
  setup: W3Setup;
  loaded: LoadReport;
  single: Summary;
  concurrent: Summary;
  plans: { count: string[]; page: string[] };
}

/** Loads, checks and measures one data set on one database; exported for a run outside `npm run bench`. */
export async function measureW3(setup: W3Setup, seconds: number): Promise<W3Measurement | string> {
  const copy = await loadedBenchDatabase(setup.dialect, setup.size);
  if (typeof copy === 'string') return copy;
  const { database } = copy;
  const dataDir = mkdtempSync(join(tmpdir(), 'otway-bench-w3-data-'));
  try {
    const reference = loadBenchReference(loadServiceDefinition());
    const serviceId = reference.definition.id;
    const handle = await migratedHandle(database.url);
    let loaded: LoadReport;
    let plans: { count: string[]; page: string[] };
    try {
      loaded = copy.loaded;
      if (setup.dialect === 'postgres') await sql`vacuum analyze`.execute(handle.db);
      await addClinician(handle.db, serviceId);
      plans = await checkPlans(handle.db, setup.dialect, reference.definition);
    } finally {
      await handle.destroy();
    }
    const server = await startServer('otway', [], {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      BENCH_NOW: NOW.toISOString(),
    });
    try {
      const cookie = await signedInCookie(server.url);
      await checkPages(server.url, cookie);
      const options = {
        headers: { cookie },
        requests: MIX.map((query) => ({ method: 'GET' as const, path: `${paths.triage.worklist.build()}${query}` })),
      };
      const worklist = `${server.url}${paths.triage.worklist.build()}`;
      const single = await loadTest(worklist, seconds, { ...options, connections: 1 });
      const concurrent = await loadTest(worklist, seconds, { ...options, connections: CONNECTIONS });
      return { setup, loaded, single, concurrent, plans };
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const DIALECT_NAMES: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
/** p95 at S by database, measured earlier in the same run, for M's and L's ratio. */
const p95AtS = new Map<Dialect, number>();

function resultOf(setup: W3Setup, m: W3Measurement | string, context: WorkloadContext): WorkloadResult {
  const id = `W3 ${setup.size} ${DIALECT_NAMES[setup.dialect]}`;
  const rTpl = context.ceilings.find((c) => c.name === 'R_tpl')?.summary.perSecond;
  const goalP95 = GOAL_P95_MS[setup.size];
  const goal = [
    `p95 < ${String(goalP95)} ms`,
    `≥ ${String(100 * GOAL_SHARE_OF_R_TPL)}% of R_tpl${rTpl === undefined ? '' : ` (${fmt(GOAL_SHARE_OF_R_TPL * rTpl)}/s)`}`,
    ...(setup.size === 'L' ? [`p95 ≤ ${String(GOAL_L_TO_S)}× that at S`] : []),
  ].join('; ');
  if (typeof m === 'string') {
    const nothing = { perSecond: Number.NaN, p50Ms: Number.NaN, p95Ms: Number.NaN, p99Ms: Number.NaN };
    return { id, what: `the triage worklist: not run, ${m}`, summary: nothing, goal, verdict: 'no' };
  }
  const { loaded, single, concurrent } = m;
  if (setup.size === 'S') p95AtS.set(setup.dialect, single.p95Ms);
  const atS = p95AtS.get(setup.dialect);
  const ratio = setup.size !== 'S' && atS !== undefined ? single.p95Ms / atS : null;
  const waiting = (loaded.byStatus['awaiting-triage'] ?? 0) + (loaded.byStatus['more-information-requested'] ?? 0);
  const share = rTpl === undefined ? null : concurrent.perSecond / rTpl;
  const services = loaded.serviceIds.length > 1 ? `, ${String(loaded.serviceIds.length)} services` : '';
  const what = [
    `the triage worklist (${String(new Set(MIX).size)} pages of filters, orders and pages, 25 rows each, rendered) for a signed-in triage clinician, server in its own process`,
    `on ${DIALECT_NAMES[setup.dialect]} with data set ${setup.size} (${loaded.referrals.toLocaleString('en-GB')} referrals${services}, ${waiting.toLocaleString('en-GB')} waiting${services === '' ? '' : ' in all'}), loaded in ${fmt(loaded.ms / 1000)} s`,
    `latencies by one user at a time (${fmt(single.perSecond)}/s); per second by ${String(CONNECTIONS)} connections (p50 ${fmt(concurrent.p50Ms)} ms, p95 ${fmt(concurrent.p95Ms)} ms, p99 ${fmt(concurrent.p99Ms)} ms)`,
    share === null ? 'R_tpl not measured' : `throughput ${fmt(100 * share, 0)}% of R_tpl`,
    ...(ratio === null ? [] : [`p95 ${fmt(ratio)}× that at S`]),
    'no query of the mix reads any table in full',
  ].join('; ');
  const met =
    single.p95Ms < goalP95 &&
    (share === null || share >= GOAL_SHARE_OF_R_TPL) &&
    (setup.size !== 'L' || (ratio !== null && ratio <= GOAL_L_TO_S));
  const summary = { ...single, perSecond: concurrent.perSecond };
  const plans = [
    { query: 'the default list: the counts', lines: m.plans.count },
    { query: 'the default list: the page of rows', lines: m.plans.page },
  ];
  return { id, what, summary, goal, verdict: met ? 'yes' : 'no', plans };
}

/** W3's rows: each size asked for, smallest first (so that S's p95 is known for the ratios), on each database. */
export function w3(sizes: readonly DataSetName[]): Workload[] {
  const order: DataSetName[] = ['S', 'M', 'L'];
  const setups = order
    .filter((size) => sizes.includes(size))
    .flatMap((size) => (['sqlite', 'postgres'] as const).map((dialect) => ({ size, dialect })));
  return setups.map((setup) => ({
    id: `W3 ${setup.size} ${DIALECT_NAMES[setup.dialect]}`,
    async run(seconds, context) {
      return resultOf(setup, await measureW3(setup, seconds), context);
    },
  }));
}
