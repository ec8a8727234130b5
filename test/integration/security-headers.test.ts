import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { scriptNonce } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { securityHeaderProblems } from '../support/security-headers.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDialect('security headers on every page', (dialect) => {
  let t: TestApp;
  let admin: CreatedStaff;
  let clinician: CreatedStaff;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await aStaffMember().called('Ada Admin').withRoles('admin', 'auditor').create(t.deps);
    clinician = await aStaffMember().called('Cal Clinician').withRoles('clinician').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  const expectHeaders = (pages: Record<string, Page>, signedIn: boolean) => {
    const problems = Object.entries(pages).flatMap(([name, page]) =>
      securityHeaderProblems(page, { signedIn }).map((p) => `${name} (${String(page.status)}): ${p}`),
    );
    expect(problems).toEqual([]);
  };

  it('carries them on public pages and error pages for someone signed out', async () => {
    const client = new TestClient(t.app);
    const pages: Record<string, Page> = {
      home: await client.get('/'),
      contact: await client.get('/contact'),
      signIn: await client.get(paths.signIn.build()),
      signedOut: await client.get(paths.signedOut.build()),
      notFound: await client.get('/no-such-page'),
      badInput: await client.get(`${paths.signIn.build()}?returnTo=%00`),
      expiredLink: await client.get(paths.activate.build({ token: 'not-a-real-token' })),
      csrfRefused: await client.post(paths.signIn.build(), { email: 'a@nhs.test', password: 'x' }, { csrf: null }),
      tooLarge: await client.request('POST', paths.signIn.build(), {
        payload: `email=${'x'.repeat(2_000_000)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    };
    expect(Object.fromEntries(Object.entries(pages).map(([k, p]) => [k, p.status]))).toEqual({
      home: 200,
      contact: 200,
      signIn: 200,
      signedOut: 200,
      notFound: 404,
      badInput: 400,
      expiredLink: 410,
      csrfRefused: 403,
      tooLarge: 413,
    });
    expectHeaders(pages, false);
  });

  it('carries them, and no-store, on every page for someone signed in', async () => {
    const client = new TestClient(t.app);
    await signIn(client, admin);
    const pages: Record<string, Page> = {
      staffHome: await client.get(paths.staff.home.build()),
      chooseService: await client.get(paths.staff.chooseService.build()),
      users: await client.get(paths.admin.users.build()),
      invite: await client.get(paths.admin.invite.build()),
      user: await client.get(paths.admin.user.build({ userId: clinician.id })),
      audit: await client.get(paths.audit.search.build()),
      auditRefused: await client.get(`${paths.audit.search.build()}?action=nonsense`),
      publicHome: await client.get('/'),
      notFound: await client.get('/staff/no-such-page'),
    };
    expect(Object.values(pages).map((p) => p.status)).toEqual([200, 200, 200, 200, 200, 200, 400, 200, 404]);
    expectHeaders(pages, true);

    const clinicianClient = new TestClient(t.app);
    await signIn(clinicianClient, clinician);
    const forbidden = await clinicianClient.get(paths.admin.users.build());
    expect(forbidden.status).toBe(403);
    expectHeaders({ forbidden }, true);
  });

  it('uses a fresh nonce for each response, the one on the page’s scripts', async () => {
    const client = new TestClient(t.app);
    const first = await client.get(paths.signIn.build());
    const second = await client.get(paths.signIn.build());
    const [a, b] = [scriptNonce(first), scriptNonce(second)];
    expect(a).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/u);
    expect(a).not.toBe(b);
    for (const page of [first, second]) {
      const nonces = [...page.document.querySelectorAll('script')].map((s) => s.getAttribute('nonce'));
      expect(nonces.length).toBeGreaterThan(0);
      expect(new Set(nonces)).toEqual(new Set([scriptNonce(page)]));
    }
  });

  it('starts no session for someone who only reads a public page', async () => {
    const page = await new TestClient(t.app).get('/');
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
  });
});
