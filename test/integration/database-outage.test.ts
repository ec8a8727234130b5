import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { securityHeaderProblems } from '../support/security-headers.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const UNAVAILABLE = 'Sorry, the service is unavailable';

// Only PostgreSQL can stop under a running Otway; on SQLite the database is a file in the process, so this is skipped.
describeEachDialect('when PostgreSQL stops and comes back', (dialect) => {
  const onPostgres = dialect === 'postgres';
  let database: TestDatabase | undefined;
  let proxy: TcpProxy | undefined;
  let t: TestApp | undefined;
  beforeAll(async () => {
    if (!onPostgres) return;
    database = await createTestDatabase('postgres');
    const url = new URL(database.url);
    proxy = new TcpProxy(url.hostname, Number(url.port === '' ? 5432 : url.port));
    url.hostname = '127.0.0.1';
    url.port = String(await proxy.start());
    t = await createTestApp('postgres', { databaseUrl: url.toString() });
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
    await database?.drop();
  });

  const expectUnavailablePage = (page: Page) => {
    expect(page.status).toBe(503);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['retry-after']).toBe('30');
    expect(page.screen.getByRole('heading', { level: 1 }).textContent).toBe(UNAVAILABLE);
    expect(page.body).not.toMatch(/ECONNREFUSED|ECONNRESET|Error:|\bat .+:\d+:\d+|node_modules|\.ts:\d+/u);
    // The frame never shows the account of someone whose session could not be read.
    expect(page.screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(securityHeaderProblems(page, { signedIn: false })).toEqual([]);
  };

  it.skipIf(!onPostgres)('answers 503 while the database is gone, and recovers without a restart', async () => {
    const app = t!.app;
    const staff = await aStaffMember().called('Oona Outage').withRoles('clinician').create(t!.deps);
    const member = new TestClient(app);
    await signIn(member, staff);
    const visitor = new TestClient(app);
    const ready = () => app.inject({ method: 'GET', url: paths.ready.build() });
    expect((await ready()).statusCode).toBe(200);

    await proxy!.stop();

    expectUnavailablePage(await visitor.get(paths.signIn.build()));
    expectUnavailablePage(await member.get(paths.staff.home.build()));
    expectUnavailablePage(await member.post(paths.signOut.build()));
    const notReady = await ready();
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    expect((await app.inject({ method: 'GET', url: paths.health.build() })).statusCode).toBe(200);

    await proxy!.start();

    expect((await ready()).statusCode).toBe(200);
    const signInPage = await visitor.get(paths.signIn.build());
    expect(signInPage.status).toBe(200);
    expect(signInPage.screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
    const home = await member.get(paths.staff.home.build());
    expect(home.status).toBe(200);
    expect(home.screen.getByRole('heading', { level: 1, name: 'Hello, Oona Outage' })).toBeTruthy();
  });
});
