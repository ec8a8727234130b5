/**
 * This machine's ceilings, measured in the same run as the workloads (PERFORMANCE.md): a fixed HTTP answer, a
 * rendered page, and a primary-key read and a one-row insert through the raw driver and through kysely.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import Fastify from 'fastify';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { createViewEnvironment } from '../src/web/plugins/views.js';
import { loadTest } from './http.js';
import { timeLoop, type Summary } from './stats.js';

export interface Ceiling {
  name: string;
  what: string;
  summary: Summary;
}

async function serve(handler: () => string, contentType: string): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/', (_req, reply) => reply.type(contentType).send(handler()));
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}/`, close: () => app.close() };
}

/** A staff list of 25 people in the real page frame: the heaviest template that exists so far. */
function renderStaffList(): () => string {
  const env = createViewEnvironment();
  const members = Array.from({ length: 25 }, (_, i) => ({
    name: `Member ${String(i)}`,
    href: `/staff/admin/users/${String(i)}`,
    email: `member${String(i)}@nhs.test`,
    roles: 'Clinician, Triage clinician',
    status: { text: 'Active', classes: 'nhsuk-tag--green' },
  }));
  const model = {
    assetPaths: { css: '/static/a.css', js: '/static/a.js', appJs: '/static/app.js', appCss: '/static/app.css' },
    frame: {
      serviceName: "Children's Occupational Therapy",
      organisationName: 'Leicestershire Partnership NHS Trust',
      homeHref: '/staff',
      phase: 'beta',
      contactHref: '/contact',
      footerLinks: [{ text: 'Contact us', href: '/contact' }],
      signedIn: true,
      userName: 'Bench Admin',
      signOutAction: '/sign-out',
      csrfToken: 'x'.repeat(43),
      navigation: [{ text: 'Home', href: '/staff', current: false }],
      timeout: null,
    },
    cspNonce: 'n'.repeat(32),
    members,
    inviteHref: '/staff/admin/users/invite',
  };
  return () => env.render('admin/users.njk', model);
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

export async function measureCeilings(seconds: number): Promise<Ceiling[]> {
  const fixed = await serve(() => 'ok', 'text/plain');
  const page = await serve(renderStaffList(), 'text/html; charset=utf-8');
  try {
    return [
      {
        name: 'R_http',
        what: 'fastify answering a fixed string (autocannon, 10 connections)',
        summary: await loadTest(fixed.url, seconds),
      },
      {
        name: 'R_tpl',
        what: 'fastify rendering the staff list (25 rows) in the nhsuk page frame from memory (autocannon, 10 connections)',
        summary: await loadTest(page.url, seconds),
      },
      ...(await driverCeilings(seconds)),
    ];
  } finally {
    await fixed.close();
    await page.close();
  }
}
