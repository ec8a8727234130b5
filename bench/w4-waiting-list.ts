/**
 * W4: the waiting-list report in the NHS England bands for one service, rendered through fastify for a signed-in
 * clinician, over data sets S, M and L (as `--sizes` asks), on SQLite and on PostgreSQL. Goal (PERFORMANCE.md): p95
 * under 200 ms at L; its cost follows the service's own list, not the national table.
 *
 * As W3: each run builds a fresh database, loads the data set with the bulk loader (bench/data/load.ts, which also
 * opens an episode for each accepted referral: those accepted in the last 78 weeks are waiting, earlier ones are on a
 * caseload), and runs the real application in a process of its own with its clock at the data set's date. The
 * clinician signs in over HTTP; autocannon then asks for a mix of list pages (the default "who is next" list, a later
 * page, longest wait first, and the filters of a working day). Every page runs the four queries: the count, the page,
 * the counts by band (one CASE over wait_from ranges) and the counts by pathway and priority.
 *
 * Before the clock starts, the database is asked for the plan of each query of each page of the mix: a plan that reads
 * any table in full (SQLite's `SCAN t`; PostgreSQL's `Seq Scan on t` of a table of more than SMALL_TABLE_ROWS rows),
 * or that reads the episodes by no index, fails the workload. At L (150 services) the service measured is the first, with its own list; the others' rows are there
 * to show the cost does not follow them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Compilable, type Kysely } from 'kysely';
import { insertUser, replaceRoles } from '../src/data/accounts/users.repository.js';
import {
  bandCountsQuery,
  pathwayCountsQuery,
  waitingCountQuery,
  waitingPageQuery,
} from '../src/data/care/waiting-list.repository.js';
import type { Dialect } from '../src/data/create-db.js';
import type { Database } from '../src/data/database.js';
import { bandDateRanges } from '../src/domain/care/waiting-list.js';
import type { ServiceDefinition } from '../src/domain/service/definition.js';
import { londonDate } from '../src/domain/shared/dates.js';
import { hashPassword } from '../src/services/accounts/password-hasher.js';
import {
  DEFAULT_WAITING_FILTERS,
  WAITING_LIST_PAGE_SIZE,
  waitingListQueryFor,
} from '../src/services/care/waiting-list.service.js';
import { parseForm } from '../src/web/forms/form.js';
import { paths } from '../src/web/paths.js';
import { toFilters, waitingListQuery } from '../src/web/routes/waiting-list/waiting-list.forms.js';
import { HttpClient } from '../test/support/http-client.js';
import { loadedBenchDatabase, migratedHandle } from './databases.js';
import { REFERENCE_DATE, type DataSetName } from './data/generate.js';
import type { LoadReport } from './data/load.js';
import { loadBenchReference, loadServiceDefinition } from './data/reference.js';
import { loadTest } from './http.js';
import { startServer } from './servers/spawn.js';
import { fmt, type Summary } from './stats.js';
import type { Workload, WorkloadResult } from './workloads.js';

const CONNECTIONS = 10;
const GOAL_P95_MS = 200;
const NOW = new Date(`${REFERENCE_DATE}T12:00:00.000Z`);
const EMAIL = 'w4.clinician@nhs.test';
const PASSWORD = 'w4 bench clinician password 0123456789';

/** The pages of the mix: the default list most often, then a later page, the other order and the day's filters. */
export const W4_MIX = [
  '',
  '?page=2',
  '?sort=longest',
  '',
  '?priority=urgent',
  '?band=18-52&band=over-52',
  '',
  '?overTarget=yes',
  '?pathway=coordination&priority=routine',
  '?setting=school&sort=longest',
];

async function addClinician(db: Kysely<Database>, serviceId: string): Promise<void> {
  const id = randomBytes(16)
    .toString('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/u, '$1-$2-$3-$4-$5');
  const now = NOW.toISOString();
  await insertUser(
    db,
    { id, email: EMAIL, displayName: 'W4 Clinician', status: 'active', passwordHash: await hashPassword(PASSWORD) },
    now,
  );
  await replaceRoles(db, serviceId, id, ['clinician'], null, now);
}

async function signedInCookie(baseUrl: string): Promise<string> {
  const browser = new HttpClient(baseUrl);
  await browser.get(paths.signIn.build());
  const signedIn = await browser.post(paths.signIn.build(), { email: EMAIL, password: PASSWORD });
  if (signedIn.status !== 303) throw new Error(`W4: signing in answered ${String(signedIn.status)}`);
  return [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

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
 * PostgreSQL rightly reads a table of a few pages whole (a seq scan of 1,500 rows costs less than walking an index to
 * them): a table with fewer rows than this, by the statistics VACUUM ANALYZE left, may be scanned. At S the one
 * service's episodes are such a table, and the tasks table is empty in every data set; at M and L the episodes are
 * not, and must be read by the index. SQLite is held to no full scan at all.
 */
export const SMALL_TABLE_ROWS = 5_000;

/** The tables PostgreSQL's statistics say are small enough to read whole. */
async function smallTables(db: Kysely<Database>, dialect: Dialect): Promise<Set<string>> {
  if (dialect === 'sqlite') return new Set();
  const rows = await sql<{ relname: string; reltuples: number | string }>`
    select relname, reltuples from pg_class where relkind = 'r' and relname in ('episodes', 'referrals', 'children', 'tasks')`.execute(
    db,
  );
  return new Set(rows.rows.filter((r) => Number(r.reltuples) < SMALL_TABLE_ROWS).map((r) => r.relname));
}

/** A full scan of any table (but a small one on PostgreSQL), or the episodes read by no index: what is wrong, or null. */
export function w4PlanProblem(dialect: Dialect, lines: readonly string[], small: ReadonlySet<string>): string | null {
  const text = lines.join('\n');
  if (dialect === 'sqlite') {
    const scan = /^\s*SCAN (\w+)( USING (?:COVERING )?INDEX (\w+))?/mu.exec(text);
    if (scan !== null && scan[1] !== 'CONSTANT') {
      return scan[3] === undefined
        ? `SQLite scans ${String(scan[1])} in full`
        : `SQLite walks the whole of ${scan[3]} on ${String(scan[1])}`;
    }
    if (!/SEARCH e USING (COVERING )?INDEX/u.test(text)) return 'SQLite uses no index on the episodes';
  } else {
    for (const scan of text.matchAll(/Seq Scan on (\w+)/gu)) {
      if (!small.has(String(scan[1]))) return `PostgreSQL scans ${String(scan[1])} in full`;
    }
    const indexed = /Index (Only )?Scan (Backward )?using \w+ on episodes|Bitmap Heap Scan on episodes/u.test(text);
    if (!indexed && !small.has('episodes')) return 'PostgreSQL uses no index scan on the episodes';
  }
  return null;
}

type Plans = Record<'count' | 'page' | 'bands' | 'pathways', string[]>;

/** The plans of the four queries of each page of the mix; fails on any full scan. Returns the default page's. */
export async function checkW4Plans(
  db: Kysely<Database>,
  dialect: Dialect,
  definition: ServiceDefinition,
): Promise<Plans> {
  const today = londonDate(NOW);
  const problems: string[] = [];
  let hot: Plans | undefined;
  const bands = bandDateRanges(today).map((b) => ({ id: b.band, range: b.range }));
  const small = await smallTables(db, dialect);
  for (const query of new Set(W4_MIX)) {
    const params = new URLSearchParams(query);
    const values = Object.fromEntries(
      [...new Set(params.keys())].map((k) => [k, params.getAll(k).length > 1 ? params.getAll(k) : params.get(k)]),
    );
    const parsed = parseForm(waitingListQuery(definition), values);
    if (!parsed.ok) throw new Error(`W4: the mix's query ${query} is not valid`);
    const filters = toFilters(parsed.data);
    const q = waitingListQueryFor(definition, filters, today);
    const plans: Plans = {
      count: await planOf(db, dialect, waitingCountQuery(db, q)),
      page: await planOf(
        db,
        dialect,
        waitingPageQuery(db, q, {
          offset: (Math.max(1, filters.page) - 1) * WAITING_LIST_PAGE_SIZE,
          limit: WAITING_LIST_PAGE_SIZE,
        }),
      ),
      bands: await planOf(db, dialect, bandCountsQuery(db, definition.id, bands)),
      pathways: await planOf(db, dialect, pathwayCountsQuery(db, definition.id)),
    };
    for (const [which, lines] of Object.entries(plans)) {
      const problem = w4PlanProblem(dialect, lines, small);
      if (problem !== null) problems.push(`${query || '(default)'} ${which}: ${problem}\n    ${lines.join('\n    ')}`);
    }
    hot ??= plans;
  }
  if (problems.length > 0) throw new Error(`W4: a waiting-list query reads a table in full:\n${problems.join('\n')}`);
  if (hot === undefined) throw new Error('W4: the mix is empty');
  return hot;
}

/** Each page of the mix once: 200, with the bands table and at most a page of children. */
async function checkPages(baseUrl: string, cookie: string): Promise<void> {
  for (const query of new Set(W4_MIX)) {
    const response = await fetch(`${baseUrl}${paths.waitingList.list.build()}${query}`, { headers: { cookie } });
    const html = await response.text();
    const rows = html.match(/<tr class="nhsuk-table__row">/gu)?.length ?? 0;
    if (response.status !== 200 || !html.includes('app-waiting-bands') || rows > WAITING_LIST_PAGE_SIZE + 7 + 30) {
      throw new Error(
        `W4: ${query || 'the default list'} answered ${String(response.status)} with ${String(rows)} rows`,
      );
    }
  }
}

export interface W4Setup {
  size: DataSetName;
  dialect: Dialect;
}

export interface W4Measurement {
  setup: W4Setup;
  loaded: LoadReport & { waiting: number };
  /** Children waiting in the service measured. */
  serviceWaiting: number;
  single: Summary;
  concurrent: Summary;
  plans: Plans;
}

export async function measureW4(setup: W4Setup, seconds: number): Promise<W4Measurement | string> {
  const copy = await loadedBenchDatabase(setup.dialect, setup.size);
  if (typeof copy === 'string') return copy;
  const { database } = copy;
  const dataDir = mkdtempSync(join(tmpdir(), 'otway-bench-w4-data-'));
  try {
    const reference = loadBenchReference(loadServiceDefinition());
    const serviceId = reference.definition.id;
    const handle = await migratedHandle(database.url);
    let loaded: LoadReport & { waiting: number };
    let plans: Plans;
    let serviceWaiting: number;
    try {
      loaded = copy.loaded;
      if (setup.dialect === 'postgres') await sql`vacuum analyze`.execute(handle.db);
      await addClinician(handle.db, serviceId);
      plans = await checkW4Plans(handle.db, setup.dialect, reference.definition);
      const today = londonDate(NOW);
      const all = waitingListQueryFor(reference.definition, DEFAULT_WAITING_FILTERS, today);
      serviceWaiting = Number((await waitingCountQuery(handle.db, all).executeTakeFirstOrThrow()).n);
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
      const list = paths.waitingList.list.build();
      const options = {
        headers: { cookie },
        requests: W4_MIX.map((query) => ({ method: 'GET' as const, path: `${list}${query}` })),
      };
      const single = await loadTest(`${server.url}${list}`, seconds, { ...options, connections: 1 });
      const concurrent = await loadTest(`${server.url}${list}`, seconds, { ...options, connections: CONNECTIONS });
      return { setup, loaded, serviceWaiting, single, concurrent, plans };
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const DIALECT_NAMES: Record<Dialect, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

function resultOf(setup: W4Setup, m: W4Measurement | string): WorkloadResult {
  const id = `W4 ${setup.size} ${DIALECT_NAMES[setup.dialect]}`;
  const goal = `p95 < ${String(GOAL_P95_MS)} ms at L; cost follows the service's own list`;
  if (typeof m === 'string') {
    const nothing = { perSecond: Number.NaN, p50Ms: Number.NaN, p95Ms: Number.NaN, p99Ms: Number.NaN };
    return { id, what: `the waiting-list report: not run, ${m}`, summary: nothing, goal, verdict: 'no' };
  }
  const { loaded, single, concurrent, serviceWaiting } = m;
  const services = loaded.serviceIds.length > 1 ? ` in ${String(loaded.serviceIds.length)} services` : '';
  const what = [
    `the waiting list (${String(new Set(W4_MIX).size)} pages: bands, pathway and priority summary, filters, 25 rows, rendered) for a signed-in clinician, server in its own process`,
    `on ${DIALECT_NAMES[setup.dialect]} with data set ${setup.size} (${loaded.referrals.toLocaleString('en-GB')} referrals${services}, ${loaded.waiting.toLocaleString('en-GB')} children waiting in all, ${serviceWaiting.toLocaleString('en-GB')} in the service measured), loaded in ${fmt(loaded.ms / 1000)} s`,
    `latencies by one user at a time (${fmt(single.perSecond)}/s); per second by ${String(CONNECTIONS)} connections (p50 ${fmt(concurrent.p50Ms)} ms, p95 ${fmt(concurrent.p95Ms)} ms)`,
    'no query of the mix reads any table in full; the episodes by episodes_waiting_idx',
  ].join('; ');
  const met = single.p95Ms < GOAL_P95_MS;
  return { id, what, summary: { ...single, perSecond: concurrent.perSecond }, goal, verdict: met ? 'yes' : 'no' };
}

/** W4's rows: each size asked for, on each database. */
export function w4(sizes: readonly DataSetName[]): Workload[] {
  const order: DataSetName[] = ['S', 'M', 'L'];
  const setups = order
    .filter((size) => sizes.includes(size))
    .flatMap((size) => (['sqlite', 'postgres'] as const).map((dialect) => ({ size, dialect })));
  return setups.map((setup) => ({
    id: `W4 ${setup.size} ${DIALECT_NAMES[setup.dialect]}`,
    async run(seconds) {
      return resultOf(setup, await measureW4(setup, seconds));
    },
  }));
}
