/**
 * Defence in depth beside the CSRF token (issue 12, finding 4): a state-changing request that a browser says came
 * from another site (`Sec-Fetch-Site: cross-site` or `same-site`), or whose `Origin` is not Otway's own (BASE_URL),
 * is refused with the CSRF page and audited, even when it carries a valid token. A request with neither header (an
 * old browser, curl) still relies on the token alone. The token-less eligibility API is not a form route and is left
 * to its own rules (ADR 0030).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { encodeForm, TestClient, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const OWN_ORIGIN = 'http://localhost:3000';

describeEachDialect('the Origin and Sec-Fetch-Site check', (dialect) => {
  let t: TestApp;
  let admin: CreatedStaff;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Posts an invitation with the session's own valid token and the given browser headers. */
  async function invite(client: TestClient, email: string, headers: Record<string, string>): Promise<Page> {
    await client.get(paths.admin.invite.build());
    return client.request('POST', paths.admin.invite.build(), {
      payload: encodeForm({ _csrf: client.csrfToken!, displayName: 'Mallory Person', email, roles: 'clinician' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  const invited = async (email: string) =>
    t.deps.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();

  it('refuses a cross-site or foreign-origin post that carries a valid token, audits it, and changes nothing', async () => {
    const client = new TestClient(t.app);
    await signIn(client, admin);
    const cases: [string, Record<string, string>, string][] = [
      ['cross-site', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, 'cross-site'],
      ['cross-site-own-origin', { 'sec-fetch-site': 'cross-site' }, 'cross-site'],
      ['same-site', { 'sec-fetch-site': 'same-site', origin: 'http://other.localhost:3000' }, 'cross-site'],
      ['origin', { origin: 'https://evil.example' }, 'origin-mismatch'],
      ['origin-port', { origin: 'http://localhost:3001' }, 'origin-mismatch'],
      ['origin-null', { origin: 'null' }, 'origin-mismatch'],
      ['origin-not-the-host', { origin: 'http://evil.example', host: 'localhost:3000' }, 'origin-mismatch'],
    ];
    for (const [name, headers, reason] of cases) {
      const email = `origin-${name}@nhs.test`;
      const since = await lastAuditId(t.deps);
      const page = await invite(client, email, headers);
      expect({ name, status: page.status }).toEqual({ name, status: 403 });
      expect(page.screen.getByRole('heading', { level: 1 }).textContent).toBe('Sorry, this form could not be sent');
      const denials = await auditRows(t.deps, {
        action: 'access.denied',
        afterId: since,
        correlationId: String(page.headers['x-correlation-id']),
      });
      expect(denials).toHaveLength(1);
      expect(denials[0]).toMatchObject({
        actor_user_id: admin.id,
        subject_type: 'route',
        subject_id: 'POST /staff/admin/users/invite',
      });
      expect(JSON.parse(denials[0]!.detail!)).toEqual({ reason });
      expect(await invited(email)).toBeUndefined();
    }
  });

  it('lets a same-origin post through, and one with neither header (the token alone decides)', async () => {
    const client = new TestClient(t.app);
    await signIn(client, admin);
    const cases: [string, Record<string, string>][] = [
      ['same-origin', { 'sec-fetch-site': 'same-origin', origin: OWN_ORIGIN }],
      ['origin-only', { origin: OWN_ORIGIN }],
      ['fetch-site-only', { 'sec-fetch-site': 'same-origin' }],
      // Otway reached by another name than BASE_URL's (127.0.0.1 for localhost): the browser's Origin is the host it
      // sent the request to.
      ['origin-of-the-host-reached', { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }],
      ['typed', { 'sec-fetch-site': 'none' }],
      ['neither', {}],
    ];
    for (const [name, headers] of cases) {
      const email = `origin-ok-${name}@nhs.test`;
      const page = await invite(client, email, headers);
      expect({ name, status: page.status }).toEqual({ name, status: 200 });
      expect(await invited(email)).toBeDefined();
    }
  });

  it('refuses a cross-site sign-in post (a login CSRF) before the password is checked', async () => {
    const client = new TestClient(t.app);
    await client.get(paths.signIn.build());
    const since = await lastAuditId(t.deps);
    const page = await client.request('POST', paths.signIn.build(), {
      payload: encodeForm({ _csrf: client.csrfToken!, email: admin.email, password: admin.password }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
    });
    expect(page.status).toBe(403);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(await auditRows(t.deps, { action: 'auth.sign-in', afterId: since })).toEqual([]);
  });

  it('leaves the token-less eligibility API to its own rules: a cross-site call is answered, not refused', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: paths.api.eligibility.build(),
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      payload: '{}',
    });
    expect(response.statusCode).not.toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/json/u);
  });
});
