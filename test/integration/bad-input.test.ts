import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, fieldError } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const BAD_REQUEST = 'Sorry, there is a problem with what was sent';
const TOO_LARGE = 'Sorry, what you sent is too large';
const FORM = 'application/x-www-form-urlencoded';

describeEachDialect('bad input on the sign-in and admin forms', (dialect) => {
  let t: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = new TestClient(t.app);
    await signIn(admin, await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps));
  });
  afterAll(async () => {
    await t.close();
  });

  const heading = (page: Page) => page.screen.getByRole('heading', { level: 1 }).textContent;
  const usersCalled = (name: string) =>
    t.deps.database.db.selectFrom('users').select(['id', 'display_name']).where('display_name', '=', name).execute();
  const userCount = async () => (await t.deps.database.db.selectFrom('users').select('id').execute()).length;

  /** Sends a raw body, with the CSRF token of the client's session already in it where the test wants one. */
  async function raw(client: TestClient, url: string, payload: string, type = FORM): Promise<Page> {
    return client.request('POST', url, { payload, headers: { 'content-type': type } });
  }

  async function signInPage(): Promise<TestClient> {
    const client = new TestClient(t.app);
    await client.get(paths.signIn.build());
    return client;
  }

  async function inviteToken(): Promise<string> {
    await admin.get(paths.admin.invite.build());
    return admin.csrfToken!;
  }

  it('gives a field error, not a 500, for values far too long', async () => {
    const client = await signInPage();
    const longEmail = await client.post(paths.signIn.build(), {
      email: `${'a'.repeat(10_001)}@nhs.test`,
      password: 'x',
    });
    expect(longEmail.status).toBe(400);
    expect(fieldError(longEmail, 'Email address')).toBe('Email address must be 254 characters or fewer');

    const before = await userCount();
    await admin.get(paths.admin.invite.build());
    const longName = await admin.post(paths.admin.invite.build(), {
      displayName: 'n'.repeat(10_001),
      email: 'long.name@nhs.test',
      roles: 'clinician',
    });
    expect(longName.status).toBe(400);
    expect(fieldError(longName, 'Full name')).toBe('Full name must be 100 characters or fewer');
    expect(await userCount()).toBe(before);
  });

  it('answers a 2 MB body with the 413 page', async () => {
    const client = await signInPage();
    const huge = `_csrf=${client.csrfToken!}&email=${'a'.repeat(2 * 1024 * 1024)}&password=x`;
    for (const [c, url] of [
      [client, paths.signIn.build()],
      [admin, paths.admin.invite.build()],
    ] as const) {
      const page = await raw(c, url, huge);
      expect({ url, status: page.status, heading: heading(page) }).toEqual({ url, status: 413, heading: TOO_LARGE });
    }
    const json = await raw(
      client,
      paths.signIn.build(),
      JSON.stringify({ email: 'a'.repeat(2 * 1024 * 1024) }),
      'application/json',
    );
    expect(json.status).toBe(413);
  });

  it('refuses NUL bytes and lone surrogates with 400 before anything reaches the database', async () => {
    const client = await signInPage();
    const token = client.csrfToken!;
    const since = await lastAuditId(t.deps);
    const attempts: [string, string, string][] = [
      ['NUL in the address', `_csrf=${token}&email=a%00b%40nhs.test&password=x`, FORM],
      ['NUL in the password', `_csrf=${token}&email=a%40nhs.test&password=pass%00word`, FORM],
      ['NUL in a field name', `_csrf=${token}&email%00=a%40nhs.test&password=x`, FORM],
      ['an encoded lone surrogate', `_csrf=${token}&email=%ED%A0%80%40nhs.test&password=x`, FORM],
      [
        'a lone surrogate in JSON',
        JSON.stringify({ _csrf: token, email: '\uD800@nhs.test', password: 'x' }),
        'application/json',
      ],
      ['NUL in JSON', JSON.stringify({ _csrf: token, email: 'a\u0000@nhs.test', password: 'x' }), 'application/json'],
    ];
    for (const [name, payload, type] of attempts) {
      const page = await raw(client, paths.signIn.build(), payload, type);
      expect({ name, status: page.status, heading: heading(page) }).toEqual({
        name,
        status: 400,
        heading: BAD_REQUEST,
      });
    }
    expect(await auditRows(t.deps, { afterId: since })).toEqual([]);
    expect(await t.deps.database.db.selectFrom('sign_in_throttle').selectAll().execute()).toEqual([]);

    const before = await userCount();
    const invite = await inviteToken();
    for (const [name, value] of [
      ['NUL', 'Nul%00Byte'],
      ['encoded lone surrogate', 'Lone%ED%A0%80Surrogate'],
      ['overlong encoding', '%C0%BCscript%C0%BE'],
    ] as const) {
      const page = await raw(
        admin,
        paths.admin.invite.build(),
        `_csrf=${invite}&displayName=${value}&email=x%40nhs.test&roles=clinician`,
      );
      expect({ name, status: page.status, heading: heading(page) }).toEqual({
        name,
        status: 400,
        heading: BAD_REQUEST,
      });
    }
    expect(await userCount()).toBe(before);
  });

  it('stores markup and template syntax in a name as text, and shows it as text', async () => {
    const names = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '{{7*7}}', "{% raw %}x{{ 7*'7' }}"];
    for (const [i, name] of names.entries()) {
      await admin.get(paths.admin.invite.build());
      const invited = await admin.post(paths.admin.invite.build(), {
        displayName: name,
        email: `markup-${String(i)}@nhs.test`,
        roles: 'clinician',
      });
      expect(invited.status).toBe(200);
      if (/[<>"]/u.test(name)) expect(invited.body).not.toContain(name);
      expect(
        invited.screen.getAllByText(new RegExp(name.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'), 'u')).length,
      ).toBeGreaterThan(0);
      const [stored] = await usersCalled(name);
      expect(stored?.display_name).toBe(name);

      const page = await admin.get(paths.admin.user.build({ userId: stored!.id }));
      expect(page.screen.getByRole('heading', { level: 1 }).textContent).toBe(name);
      expect(page.document.querySelectorAll('img[src="x"], script:not([nonce])')).toHaveLength(0);
    }
    const list = await admin.get(paths.admin.users.build());
    for (const name of names) expect(list.screen.getByRole('link', { name })).toBeTruthy();
    expect(list.body).not.toContain('>49<');
    expect(list.document.querySelectorAll('script')).toHaveLength(2);
  });

  it('refuses fields a form does not have, and poisoned names, with 400 and no change', async () => {
    const before = await userCount();
    const invite = await inviteToken();
    const base = `_csrf=${invite}&displayName=Eve&email=eve%40nhs.test&roles=clinician`;
    for (const extra of [
      'role=admin',
      'isAdmin=1',
      '__proto__=x',
      '__proto__%5BisAdmin%5D=1',
      'constructor=x',
      'constructor%5Bprototype%5D%5Bx%5D=1',
    ]) {
      const page = await raw(admin, paths.admin.invite.build(), `${base}&${extra}`);
      expect({ extra, status: page.status, heading: heading(page) }).toEqual({
        extra,
        status: 400,
        heading: BAD_REQUEST,
      });
    }
    for (const body of [
      `{"_csrf":"${invite}","displayName":"Eve","email":"eve@nhs.test","roles":"clinician","__proto__":{"isAdmin":true}}`,
      `{"_csrf":"${invite}","displayName":"Eve","email":"eve@nhs.test","roles":"clinician","constructor":{"prototype":{"isAdmin":true}}}`,
    ]) {
      const page = await raw(admin, paths.admin.invite.build(), body, 'application/json');
      expect(page.status).toBe(400);
      expect(heading(page)).toBe(BAD_REQUEST);
    }
    expect(await userCount()).toBe(before);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();

    const client = await signInPage();
    const signInExtra = await client.post(paths.signIn.build(), { email: 'a@nhs.test', password: 'x', role: 'admin' });
    expect(signInExtra.status).toBe(400);
  });

  it('gives a clear field error for a field sent twice', async () => {
    const client = await signInPage();
    const twice = await client.post(paths.signIn.build(), { email: ['a@nhs.test', 'b@nhs.test'], password: 'x' });
    expect(twice.status).toBe(400);
    expect(fieldError(twice, 'Email address')).toBe('Enter one answer only');

    await admin.get(paths.admin.invite.build());
    const invite = await admin.post(paths.admin.invite.build(), {
      displayName: ['One', 'Two'],
      email: ['a@nhs.test', 'b@nhs.test'],
      roles: 'clinician',
    });
    expect(invite.status).toBe(400);
    expect(errorSummary(invite)).toEqual(['Enter one answer only', 'Enter one answer only']);
    expect(fieldError(invite, 'Full name')).toBe('Enter one answer only');
    expect(fieldError(invite, 'Email address')).toBe('Enter one answer only');
  });
});
