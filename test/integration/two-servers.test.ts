/**
 * Several servers as one (docs/adr/0031): two real Otway processes (dist/server.js) on one PostgreSQL database, as a
 * trust runs them behind a load balancer. With requests alternating between them: a rate limit is counted once, a
 * session made on one is good on the other, each outbox message reaches (the fake) GOV.UK Notify once, and each
 * scheduled job runs once per interval. PostgreSQL only: SQLite is one file in one process, so on the SQLite pass
 * this is skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { NewMessage } from '../../src/services/outbox/outbox.service.js';
import { paths } from '../../src/web/paths.js';
import { aStaffMember } from '../support/builders.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { FakeNotify } from '../support/fake-notify.js';
import { HttpClient } from '../support/http-client.js';
import { delay, freePort, serverProcess, type ServerProcess } from '../support/server-process.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

const SEARCH_LIMIT = 6;
const JOB_INTERVAL_S = 1;
const MESSAGES = 20;
const JOBS = ['purge-expired-sessions', 'purge-expired-drafts', 'remind-overdue-replies', 'purge-rate-limit-counters'];

const FAMILY_EMAIL = (n: number): NewMessage => ({
  serviceId: LLR,
  template: 'referral-received-family',
  channel: 'email',
  recipient: `parent${String(n)}@example.com`,
  personalisation: {
    reference: `OT-7KQ4-M${String(n).padStart(3, '0')}`,
    child_initials: 'A B',
    service_name: "Children's Occupational Therapy",
    service_telephone: '0116 295 0000',
  },
  subject: { type: 'referral', id: `referral-${String(n)}` },
});

interface JobRun {
  job: string;
  holder: string;
  dueAt: number;
}

/** The `job ran` lines a server logged (pino JSON, one object a line). */
function jobRuns(output: string): JobRun[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"job ran"'))
    .map((line) => JSON.parse(line) as JobRun);
}

describeEachDialect('two servers on one database', (dialect) => {
  const onPostgres = dialect === 'postgres';
  let database: TestDatabase | undefined;
  let fake: FakeNotify | undefined;
  let t: TestApp | undefined;
  let dataDir = '';
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    if (!onPostgres) return;
    database = await createTestDatabase('postgres', { migrated: true });
    fake = await FakeNotify.start();
    dataDir = mkdtempSync(join(tmpdir(), 'otway-two-servers-'));
    const env = {
      SESSION_SECRET: 'two-servers-share-one-session-secret-0123456789',
      STAFF_TWO_FACTOR: 'off',
      LOG_LEVEL: 'info',
      SEARCH_RATE_LIMIT_PER_MINUTE: String(SEARCH_LIMIT),
      JOBS_INTERVAL_SECONDS: String(JOB_INTERVAL_S),
      OUTBOX_POLL_SECONDS: '1',
      ...fake.env(),
    };
    // The world is built through the use cases, on the servers' database.
    t = await createTestApp('postgres', { databaseUrl: database.url, env: { STAFF_TWO_FACTOR: 'off' } });
    for (let i = 0; i < 2; i++) {
      servers.push(serverProcess({ databaseUrl: database.url, dataDir, port: await freePort(), env }));
    }
    await Promise.all(servers.map((s) => s.start()));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await t?.close();
    await fake?.close();
    await database?.drop();
    if (dataDir !== '') rmSync(dataDir, { recursive: true, force: true });
  });

  const [one, two] = [() => servers[0]!, () => servers[1]!];

  it.skipIf(!onPostgres)('counts a rate limit once, the requests alternating between the servers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 2 * SEARCH_LIMIT; i++) {
      const server = i % 2 === 0 ? one() : two();
      const response = await fetch(`${server.baseUrl}${paths.api.schools.build()}?q=le`);
      await response.text();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array<number>(SEARCH_LIMIT).fill(200), ...Array<number>(SEARCH_LIMIT).fill(429)]);
  });

  it.skipIf(!onPostgres)('takes a session made on one server as good on the other, and ends it on both', async () => {
    const staff = await aStaffMember().called('Sam Twoservers').withRoles('clinician').create(t!.deps);
    const onOne = new HttpClient(one().baseUrl);
    await onOne.get(paths.signIn.build());
    const signedIn = await onOne.post(paths.signIn.build(), { email: staff.email, password: staff.password });
    expect(signedIn.status).toBe(303);
    // The same browser, its next request sent by the load balancer to the other server.
    const onTwo = new HttpClient(two().baseUrl);
    for (const [name, value] of onOne.cookies) onTwo.cookies.set(name, value);
    const home = await onTwo.get(paths.staff.home.build());
    expect(home.status).toBe(200);
    expect(home.body).toContain('<h1>Hello, Sam Twoservers</h1>');
    // Signed out on the second server: the first no longer knows the session either.
    expect((await onTwo.post(paths.signOut.build())).status).toBe(303);
    const after = await onOne.get(paths.staff.home.build());
    expect(after.status).not.toBe(200);
    expect(after.body).not.toContain('Hello, Sam Twoservers');
  });

  it.skipIf(!onPostgres)('sends each outbox message once, with both servers’ dispatchers polling', async () => {
    const ids: string[] = [];
    for (let n = 0; n < MESSAGES; n++) {
      ids.push(await t!.deps.outbox.enqueue(t!.deps.database.db, FAMILY_EMAIL(n)));
    }
    const deadline = Date.now() + 30_000;
    while (ids.some((id) => fake!.timesReceived(id) === 0) && Date.now() < deadline) await delay(200);
    // Time for a second send, were there to be one.
    await delay(2_500);
    expect(ids.map((id) => fake!.timesReceived(id))).toEqual(Array<number>(MESSAGES).fill(1));
    const statuses = await t!.deps.database.db
      .selectFrom('outbox_messages')
      .select('status')
      .where('id', 'in', ids)
      .execute();
    expect(statuses.map((s) => s.status)).toEqual(Array<string>(MESSAGES).fill('sent'));
  });

  it.skipIf(!onPostgres)('runs each scheduled job once per interval across both servers', async () => {
    // By now the servers have been polling for several intervals; wait a few more.
    await delay(4 * JOB_INTERVAL_S * 1000);
    const runs = [...jobRuns(one().output()), ...jobRuns(two().output())];
    const leases = await t!.deps.database.db.selectFrom('job_leases').select(['name', 'runs']).execute();
    for (const job of JOBS) {
      const mine = runs.filter((r) => r.job === job).sort((x, y) => x.dueAt - y.dueAt);
      expect(mine.length, `${job} ran`).toBeGreaterThanOrEqual(3);
      // Never two runs of one scheduled instant, and never two within one interval, whichever server ran it.
      const dueAts = mine.map((r) => r.dueAt);
      expect(new Set(dueAts).size, `${job}: one run per due instant`).toBe(dueAts.length);
      for (let i = 1; i < dueAts.length; i++) {
        expect(dueAts[i]! - dueAts[i - 1]!, `${job}: runs an interval apart`).toBeGreaterThanOrEqual(
          JOB_INTERVAL_S * 1000,
        );
      }
      // What the servers logged is what the database counted: no run went unlogged, none was made twice.
      expect(leases.find((l) => l.name === job)?.runs).toBeGreaterThanOrEqual(mine.length);
      expect(leases.find((l) => l.name === job)!.runs - mine.length).toBeLessThanOrEqual(1);
    }
  });
});
