/**
 * Every response that sets or clears a cookie carrying a session (the staff session, the referral draft's cookie,
 * the checker's sealed answers) says `Cache-Control: no-store`, redirects included (issue 12, finding 4): a shared
 * cache or a proxy that kept one would hand the cookie to the next person.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

function setsCookie(page: Page): boolean {
  const value = page.headers['set-cookie'];
  return Array.isArray(value) ? value.length > 0 : typeof value === 'string';
}

function expectNoStoreRedirect(page: Page, name: string, cookie = true): void {
  expect({ name, status: page.status, setsCookie: setsCookie(page) }).toEqual({
    name,
    status: 303,
    setsCookie: cookie,
  });
  expect({ name, cacheControl: page.headers['cache-control'] }).toEqual({ name, cacheControl: 'no-store' });
}

describeEachDialect('Cache-Control on responses that carry a session', (dialect) => {
  let t: TestApp;
  let admin: CreatedStaff;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  it('sign-in and sign-out redirects are no-store', async () => {
    const client = new TestClient(t.app);
    await client.get(paths.signIn.build());
    const signedIn = await client.post(paths.signIn.build(), { email: admin.email, password: admin.password });
    expectNoStoreRedirect(signedIn, 'sign-in');
    await client.follow(signedIn);
    const signedOut = await client.post(paths.signOut.build());
    expectNoStoreRedirect(signedOut, 'sign-out');
  });

  it('the redirect after accepting an invitation is no-store', async () => {
    const client = new TestClient(t.app);
    await signIn(client, admin);
    await client.get(paths.admin.invite.build());
    const invited = await client.post(paths.admin.invite.build(), {
      displayName: 'Nia Newstarter',
      email: 'nia.no-store@nhs.test',
      roles: 'clinician',
    });
    const link = new URL(invited.screen.getByText(/\/activate\//u).textContent.trim()).pathname;
    const person = new TestClient(t.app);
    await person.get(link);
    const done = await person.post(link, {
      password: 'a new long passphrase',
      confirmPassword: 'a new long passphrase',
    });
    // It sets no cookie, but carries the session the form's token came from.
    expectNoStoreRedirect(done, 'activation', false);
  });

  it("starting a referral (the draft's cookie) is a no-store redirect", async () => {
    const client = new TestClient(t.app);
    const started = await client.post('/refer/start', {}, { csrf: null });
    expectNoStoreRedirect(started, 'referral start');
  });

  it('any response that sets a cookie, to anyone, is no-store', async () => {
    const pages = [
      await new TestClient(t.app).get(paths.signIn.build()),
      await new TestClient(t.app).get('/refer/start'),
    ];
    for (const page of pages.filter(setsCookie)) expect(page.headers['cache-control']).toBe('no-store');
  });
});
