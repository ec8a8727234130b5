/**
 * W3: the triage worklist, rendered through fastify for a signed-in triage clinician, over data sets S and M, on
 * SQLite and on PostgreSQL. Goal (PERFORMANCE.md): p95 under 50 ms at M (and under 100 ms at L, not run here); a
 * throughput of at least 25% of R_tpl; p95 at L at most 1.5 times p95 at S (M's ratio to S is reported instead).
 *
 * Each run builds a fresh database (a temporary SQLite file, or a PostgreSQL database of its own, dropped after),
 * loads the data set with bench/data/load.ts, and runs the real application in this process with its clock set to the
 * data set's reference date, listening on 127.0.0.1. The clinician signs in over HTTP like a browser; autocannon then
 * asks for a mix of worklist pages (the default list, later pages, the other order, and the filters a clinician uses),
 * each request with its full session check, permission check, audit event, two queries and the rendered page. It is
 * measured twice: by one user at a time, for the latency a clinician sees, which the p95 goal is judged on; and by 10
 * connections, as R_tpl is measured, for the throughput goal. (Ten connections queue on one event loop: their p95 is
 * reported too, but is about ten requests' service time, a measure of throughput rather than of a page's latency.)
 *
 * Before the clock starts, each page of the mix is fetched once and checked, and the database is asked for the plan of
 * its two queries (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL): a plan that reads the referrals by a full scan
 * fails the workload (PERFORMANCE.md: every hot query shows an index in its plan).
 *
 * PostgreSQL's planner is given statistics (VACUUM ANALYZE) after the load, as autovacuum would have done on a
 * running system; SQLite is left without (the application never runs ANALYZE), so its plans are those it really gets.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { sql, type Compilable, type Kysely } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { buildDependencies, type Dependencies } from '../src/composition.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/data/database.js';
import type { Dialect } from '../src/data/create-db.js';
import { insertUser, replaceRoles } from '../src/data/accounts/users.repository.js';
import { worklistCountQuery, worklistPageQuery } from '../src/data/referrals/worklist.repository.js';
import { londonDate } from '../src/domain/shared/dates.js';
import { hashPassword } from '../src/services/accounts/password-hasher.js';
import { WORKLIST_PAGE_SIZE, worklistQueryFor } from '../src/services/referrals/worklist.service.js';
import { parseForm } from '../src/web/forms/form.js';
import { paths } from '../src/web/paths.js';
import { toFilters, worklistQuery } from '../src/web/routes/triage/worklist.forms.js';
import { HttpClient } from '../test/support/http-client.js';
import { DATA_SETS, REFERENCE_DATE, type DataSetName } from './data/generate.js';
import { loadDataSet, type LoadReport } from './data/load.js';
import { loadBenchReference, loadServiceDefinition } from './data/reference.js';
import { fmt, type Summary } from './stats.js';
import type { Workload, WorkloadContext, WorkloadResult } from './workloads.js';

/** The server the PostgreSQL runs use; each creates a database of its own there and drops it afterwards. */
const POSTGRES_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECTIONS = 10;
const GOAL_P95_MS = 50;
const GOAL_SHARE_OF_R_TPL = 0.25;
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

interface Setup {
  size: DataSetName;
  dialect: Dialect;
}

interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function createDatabase(dialect: Dialect): Promise<BenchDatabase | string> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'otway-bench-w3-'));
    return {
      url: `sqlite:${join(dir, 'otway.db')}`,
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const name = `otway_bench_w3_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_SERVER, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (err) {
    return `no PostgreSQL at ${POSTGRES_SERVER} (${err instanceof Error ? err.message : String(err)})`;
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_SERVER });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function startApp(databaseUrl: string, dataDir: string): Promise<{ deps: Dependencies; app: FastifyInstance }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SERVICE_DEFINITIONS_DIR: resolve(import.meta.dirname, '../service-definitions'),
    SESSION_SECRET: 'w3-bench-session-secret-0123456789abcdefghij',
    LOG_LEVEL: 'silent',
    BASE_URL: 'http://127.0.0.1',
    // One client on 127.0.0.1 asks for thousands of pages a minute; the limit is for the internet, not a load test.
    RATE_LIMIT_PER_MINUTE: '1000000',
    SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const deps = await buildDependencies(config, pino({ level: 'silent' }), { clock: () => NOW });
  const app = await buildApp(deps);
  return { deps, app };
}

/** A triage clinician of the service, signed in over HTTP; returns the Cookie header the browser would send. */
async function signedInCookie(deps: Dependencies, baseUrl: string, serviceId: string): Promise<string> {
  const id = randomBytes(16)
    .toString('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/u, '$1-$2-$3-$4-$5');
  const now = NOW.toISOString();
  const db = deps.database.db;
  await insertUser(
    db,
    { id, email: EMAIL, displayName: 'W3 Triage', status: 'active', passwordHash: await hashPassword(PASSWORD) },
    now,
  );
  await replaceRoles(db, serviceId, id, ['triage-clinician'], null, now);
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

/** What is wrong with a plan, if anything: a full scan of the referrals, or no index on them at all. */
export function planProblem(dialect: Dialect, lines: readonly string[]): string | null {
  const text = lines.join('\n');
  if (dialect === 'sqlite') {
    if (/^\s*SCAN (r|p|referrals)\b/mu.test(text)) return 'SQLite scans the referrals in full';
    if (!/SEARCH (r|p) USING (COVERING )?INDEX/u.test(text)) return 'SQLite uses no index on the referrals';
  } else {
    if (text.includes('Seq Scan on referrals')) return 'PostgreSQL scans the referrals in full';
    if (!/Index (Only )?Scan (Backward )?using \w+ on referrals/u.test(text)) {
      return 'PostgreSQL uses no index scan on the referrals';
    }
  }
  return null;
}

/** Checks each page of the mix once, and the plans of its two queries; returns the default list's plans. */
async function checkMix(
  deps: Dependencies,
  dialect: Dialect,
  baseUrl: string,
  cookie: string,
  serviceId: string,
): Promise<{ count: string[]; page: string[] }> {
  const definition = deps.registry.byId(serviceId);
  if (definition === undefined) throw new Error(`W3: the service ${serviceId} is not loaded`);
  const today = londonDate(NOW);
  const problems: string[] = [];
  let hot: { count: string[]; page: string[] } | undefined;
  for (const query of new Set(MIX)) {
    const response = await fetch(`${baseUrl}${paths.triage.worklist.build()}${query}`, { headers: { cookie } });
    const html = await response.text();
    const rows = html.match(/<tr class="nhsuk-table__row">/gu)?.length ?? 0;
    if (response.status !== 200 || rows === 0 || rows > WORKLIST_PAGE_SIZE) {
      throw new Error(
        `W3: ${query || 'the default list'} answered ${String(response.status)} with ${String(rows)} rows`,
      );
    }
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
      count: await planOf(deps.database.db, dialect, worklistCountQuery(deps.database.db, q)),
      page: await planOf(
        deps.database.db,
        dialect,
        worklistPageQuery(deps.database.db, q, {
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
  if (problems.length > 0) throw new Error(`W3: a worklist query does not use an index:\n${problems.join('\n')}`);
  if (hot === undefined) throw new Error('W3: the mix is empty');
  return hot;
}

async function load(url: string, cookie: string, seconds: number, connections: number): Promise<Summary> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    headers: { cookie },
    requests: MIX.map((query) => ({ method: 'GET', path: `${paths.triage.worklist.build()}${query}` })),
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`W3: ${String(result.non2xx)} non-2xx answers and ${String(result.errors)} errors under load`);
  }
  return {
    perSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p95Ms: result.latency.p97_5,
    p99Ms: result.latency.p99,
  };
}

export interface W3Measurement {
  setup: Setup;
  loaded: LoadReport;
  single: Summary;
  concurrent: Summary;
  plans: { count: string[]; page: string[] };
}

/** Loads, checks and measures one data set on one database; exported for a run outside `npm run bench`. */
export async function measureW3(setup: Setup, seconds: number): Promise<W3Measurement | string> {
  const database = await createDatabase(setup.dialect);
  if (typeof database === 'string') return database;
  const dataDir = mkdtempSync(join(tmpdir(), 'otway-bench-w3-data-'));
  let started: { deps: Dependencies; app: FastifyInstance } | undefined;
  try {
    started = await startApp(database.url, dataDir);
    const { deps, app } = started;
    const reference = loadBenchReference(loadServiceDefinition());
    const loaded = await loadDataSet(deps.database.db, DATA_SETS[setup.size], reference);
    if (setup.dialect === 'postgres') await sql`vacuum analyze`.execute(deps.database.db);
    const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const serviceId = reference.definition.id;
    const cookie = await signedInCookie(deps, baseUrl, serviceId);
    const plans = await checkMix(deps, setup.dialect, baseUrl, cookie, serviceId);
    const single = await load(baseUrl, cookie, seconds, 1);
    const concurrent = await load(baseUrl, cookie, seconds, CONNECTIONS);
    return { setup, loaded, single, concurrent, plans };
  } finally {
    if (started !== undefined) {
      await started.app.close();
      await started.deps.database.destroy();
    }
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const DIALECT_NAMES: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
/** p95 at S by database, measured earlier in the same run, for M's ratio. */
const p95AtS = new Map<Dialect, number>();

function resultOf(setup: Setup, m: W3Measurement | string, context: WorkloadContext): WorkloadResult {
  const id = `W3 ${setup.size} ${DIALECT_NAMES[setup.dialect]}`;
  const rTpl = context.ceilings.find((c) => c.name === 'R_tpl')?.summary.perSecond;
  const goal = `p95 < ${String(GOAL_P95_MS)} ms; ≥ ${String(100 * GOAL_SHARE_OF_R_TPL)}% of R_tpl${rTpl === undefined ? '' : ` (${fmt(GOAL_SHARE_OF_R_TPL * rTpl)}/s)`}`;
  if (typeof m === 'string') {
    const nothing = { perSecond: Number.NaN, p50Ms: Number.NaN, p95Ms: Number.NaN, p99Ms: Number.NaN };
    return { id, what: `the triage worklist: not run, ${m}`, summary: nothing, goal, verdict: 'no' };
  }
  const { loaded, single, concurrent } = m;
  if (setup.size === 'S') p95AtS.set(setup.dialect, single.p95Ms);
  const atS = p95AtS.get(setup.dialect);
  const waiting = (loaded.byStatus['awaiting-triage'] ?? 0) + (loaded.byStatus['more-information-requested'] ?? 0);
  const share = rTpl === undefined ? null : concurrent.perSecond / rTpl;
  const what = [
    `the triage worklist (${String(new Set(MIX).size)} pages of filters, orders and pages, 25 rows each, rendered) for a signed-in triage clinician`,
    `on ${DIALECT_NAMES[setup.dialect]} with data set ${setup.size} (${loaded.referrals.toLocaleString('en-GB')} referrals, ${waiting.toLocaleString('en-GB')} waiting)`,
    `latencies by one user at a time (${fmt(single.perSecond)}/s); per second by ${String(CONNECTIONS)} connections (p50 ${fmt(concurrent.p50Ms)} ms, p95 ${fmt(concurrent.p95Ms)} ms, p99 ${fmt(concurrent.p99Ms)} ms)`,
    share === null ? 'R_tpl not measured' : `throughput ${fmt(100 * share, 0)}% of R_tpl`,
    ...(setup.size !== 'S' && atS !== undefined ? [`p95 ${fmt(single.p95Ms / atS)}× that at S`] : []),
    'every query of the mix uses an index on the referrals',
  ].join('; ');
  const met = single.p95Ms < GOAL_P95_MS && (share === null || share >= GOAL_SHARE_OF_R_TPL);
  const summary = { ...single, perSecond: concurrent.perSecond };
  return { id, what, summary, goal, verdict: met ? 'yes' : 'no' };
}

const SETUPS: Setup[] = [
  { size: 'S', dialect: 'sqlite' },
  { size: 'M', dialect: 'sqlite' },
  { size: 'S', dialect: 'postgres' },
  { size: 'M', dialect: 'postgres' },
];

export const w3: Workload[] = SETUPS.map((setup) => ({
  id: `W3 ${setup.size} ${DIALECT_NAMES[setup.dialect]}`,
  async run(seconds, context) {
    return resultOf(setup, await measureW3(setup, seconds), context);
  },
}));
