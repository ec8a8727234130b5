/**
 * This machine's ceilings, measured in the same run as the workloads (PERFORMANCE.md): a fixed HTTP answer, a
 * rendered page (each served by a process of its own: bench/servers/ceiling.ts), and a primary-key read and a one-row insert through the raw driver and through kysely.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { eligibilityRequests, JSON_HEADERS } from './eligibility-requests.js';
import { loadTest } from './http.js';
import { startServer } from './servers/spawn.js';
import { timeLoop, type Summary } from './stats.js';

export interface Ceiling {
  name: string;
  what: string;
  summary: Summary;
}

async function driverCeilings(seconds: number): Promise<Ceiling[]> {
  const dir = mkdtempSync(join(tmpdir(), 'otway-bench-'));
  const raw = new SqliteDatabase(join(dir, 'bench.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec('create table t (id integer primary key, v text not null)');
  const insertMany = raw.prepare('insert into t (v) values (?)');
  raw.transaction(() => {
    for (let i = 0; i < 10_000; i++) insertMany.run(`row ${String(i)}`);
  })();
  const read = raw.prepare('select id, v from t where id = ?');
  const write = raw.prepare('insert into t (v) values (?)');
  const begin = raw.prepare('begin immediate');
  const commit = raw.prepare('commit');
  let n = 0;
  const db = new Kysely<{ t: { id: Generated<number>; v: string } }>({ dialect: new SqliteDialect({ database: raw }) });
  try {
    const results: Ceiling[] = [
      {
        name: 'R_read',
        what: 'SQLite primary-key read, raw driver',
        summary: await timeLoop(() => read.get((n++ % 10_000) + 1), seconds),
      },
      {
        name: 'R_write',
        what: 'SQLite one-row insert transaction (WAL, synchronous=FULL), raw driver',
        summary: await timeLoop(() => {
          begin.run();
          write.run('written');
          commit.run();
        }, seconds),
      },
      {
        name: 'R_kysely read',
        what: 'the same read through kysely',
        summary: await timeLoop(
          () =>
            db
              .selectFrom('t')
              .select(['id', 'v'])
              .where('id', '=', (n++ % 10_000) + 1)
              .executeTakeFirst(),
          seconds,
        ),
      },
      {
        name: 'R_kysely write',
        what: 'the same insert transaction through kysely',
        summary: await timeLoop(
          () => db.transaction().execute((trx) => trx.insertInto('t').values({ v: 'written' }).execute()),
          seconds,
        ),
      },
    ];
    await sql`select 1`.execute(db);
    return results;
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Not one of PERFORMANCE.md's ceilings: what fastify alone reaches on W1 over HTTP's own requests (the same bodies,
 * sent the same way, parsed by fastify's JSON parser) when it answers each with a decision held as text, deciding
 * nothing. W1 over HTTP is measured against R_http; this line shows how much of the gap between the two is HTTP with
 * a body and a 1 KB answer on this machine, and how much is Otway's work.
 */
export const R_HTTP_POST = 'R_http POST';

export async function measureCeilings(seconds: number): Promise<Ceiling[]> {
  // Each server in a process of its own, so that autocannon, here, does not share its event loop.
  const { bodies, answer } = eligibilityRequests();
  const fixed = await startServer('ceiling', ['fixed']);
  const page = await startServer('ceiling', ['tpl']);
  const post = await startServer('ceiling', ['post'], { BENCH_FIXED_ANSWER: answer });
  try {
    return [
      {
        name: 'R_http',
        what: 'fastify answering a fixed string, in a process of its own (autocannon, 10 connections)',
        summary: await loadTest(fixed.url, seconds),
      },
      {
        name: R_HTTP_POST,
        what:
          `fastify answering W1 HTTP's ${String(bodies.length)} POST bodies (JSON, parsed) with one real decision ` +
          `held as text (${String(Buffer.byteLength(answer))} bytes), deciding nothing; for comparison, not a goal's ` +
          `denominator (autocannon, 10 connections)`,
        summary: await loadTest(post.url, seconds, {
          connections: 10,
          requests: bodies.map((body) => ({ method: 'POST' as const, headers: JSON_HEADERS, body })),
        }),
      },
      {
        name: 'R_tpl',
        what: 'fastify rendering the triage worklist template (25 rows, counts, filter form, pagination) in the nhsuk page frame from memory, in a process of its own (autocannon, 10 connections)',
        summary: await loadTest(page.url, seconds),
      },
      ...(await driverCeilings(seconds)),
    ];
  } finally {
    await fixed.stop();
    await page.stop();
    await post.stop();
  }
}
