/**
 * Signing in with NHS Care Identity (docs/adr/0033) in Chromium, against a real OpenID provider started by the test:
 * Otway's button, the provider's own login and consent pages, and back to Otway signed in; with the keyboard, without
 * JavaScript, and the refusals a person can meet. axe checks Otway's pages (not the provider's).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../src/web/paths.js';
import { startOidcProvider, type TestOidcProvider } from '../test/support/oidc-provider.js';
import { freePort } from '../test/support/server-process.js';
import { describeInBrowser } from './support/browser.js';
import { checkPage } from './support/checks.js';
import { PASSWORD, createFirstAdmin, heading, signOut, type Person } from './support/journeys.js';
import { useOtway, type PersonInBrowser } from './support/otway.js';

const admin: Person = { name: 'Mary Seacole', email: 'mary.seacole@nhs.test', password: PASSWORD };
const ADMIN_SUB = 'cis2-uid-555000000001';
const STRANGER_SUB = 'cis2-uid-555000000002';

describeInBrowser('Signing in with NHS Care Identity', () => {
  // The provider must know Otway's callback before Otway starts, so the port is chosen here and given to both.
  const env: Record<string, string> = {};
  let idp: TestOidcProvider;
  beforeAll(async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${String(port)}`;
    idp = await startOidcProvider([`${baseUrl}${paths.oidc.callback.build()}`]);
    idp.people.set(ADMIN_SUB, { email: admin.email, email_verified: true });
    idp.people.set(STRANGER_SUB, { email: 'not.in.otway@nhs.test', email_verified: true });
    Object.assign(env, idp.env, { PORT: String(port), BASE_URL: baseUrl, STAFF_TWO_FACTOR: 'required' });
  });
  afterAll(async () => {
    await idp.close();
  });
  const otway = useOtway(env);

  beforeAll(async () => {
    const { page } = await otway.person();
    await createFirstAdmin(page, otway.server.firstAdminLink, admin);
  });

  /** A person whose browser may also talk to the provider (Otway's people are kept to Otway alone). */
  async function person(options: { javaScriptEnabled?: boolean } = {}): Promise<PersonInBrowser> {
    const p = await otway.person(options);
    await p.context.route(
      (url) => url.origin === idp.issuer,
      (route) => route.continue(),
    );
    return p;
  }

  /** The provider's own pages: its login form (any password), then its consent page. */
  async function atTheProvider(page: Page, sub: string): Promise<void> {
    await page.waitForURL(`${idp.issuer}/**`);
    await page.locator('input[name="login"]').fill(sub);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${idp.issuer}/interaction/**`);
    await page.locator('button[type="submit"]').click();
  }

  it('signs in through the provider’s login and consent pages, starting from the keyboard', async () => {
    const { page, watch } = await person();
    await page.goto(paths.signIn.build());
    await checkPage(watch, page, 'Sign in, with NHS Care Identity', { status: 200 });
    const button = page.getByRole('button', { name: 'Sign in with NHS Care Identity' });
    await button.focus();
    await page.keyboard.press('Enter');
    await atTheProvider(page, ADMIN_SUB);
    await page.waitForURL(`**${paths.staff.home.build()}`);
    // Straight in: Otway's own second factor, required for passwords here, is not asked for after the provider's.
    expect(await heading(page)).toBe(`Hello, ${admin.name}`);
    await signOut(page);
  });

  it('works without JavaScript', async () => {
    const { page } = await person({ javaScriptEnabled: false });
    await page.goto(paths.signIn.build());
    await page.getByRole('button', { name: 'Sign in with NHS Care Identity' }).click();
    await atTheProvider(page, ADMIN_SUB);
    await page.waitForURL(`**${paths.staff.home.build()}`);
    expect(await heading(page)).toBe(`Hello, ${admin.name}`);
  });

  it('tells a person without an Otway account so, and refuses a replayed return from the provider', async () => {
    const { page, watch } = await person();
    await page.goto(paths.signIn.build());
    await page.getByRole('button', { name: 'Sign in with NHS Care Identity' }).click();
    const returned = page.waitForRequest((r) => r.url().includes(paths.oidc.callback.build()));
    await atTheProvider(page, STRANGER_SUB);
    const callback = (await returned).url();
    await page.getByRole('heading', { level: 1, name: 'You do not have an Otway account' }).waitFor();
    await checkPage(watch, page, 'No Otway account', { status: 403 });
    await page.getByRole('link', { name: 'Go back to sign in' }).click();
    await page.waitForURL(`**${paths.signIn.build()}`);

    await page.goto(callback);
    expect(await heading(page)).toBe('You could not be signed in');
    await checkPage(watch, page, 'Sign-in could not be completed', { status: 401 });
  });
});
