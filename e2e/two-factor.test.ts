/**
 * The second factor in Chromium (docs/adr/0032): setting up the authenticator app at the first sign-in, signing in
 * with a code (computed here as an app computes it, from the key the page shows), with a recovery code, and without
 * JavaScript; and resetting a forgotten password from the e-mailed link. axe checks every new page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { base32Decode } from '../src/domain/accounts/base32.js';
import { totpAt } from '../src/domain/accounts/totp.js';
import { paths } from '../src/web/paths.js';
import { describeInBrowser } from './support/browser.js';
import { checkPage } from './support/checks.js';
import { PASSWORD, createFirstAdmin, fillSignIn, heading, signOut, type Person } from './support/journeys.js';
import { useOtway } from './support/otway.js';

const admin: Person = { name: 'Grace Hopper', email: 'grace.hopper@nhs.test', password: PASSWORD };
const NEW_PASSWORD = 'amber lantern orchard 7';

/** The code an app shows for this key, `steps` time steps from now (the server runs on this machine's clock). */
const codeFor = (key: Uint8Array, steps = 0) => totpAt(key, new Date(Date.now() + steps * 30_000));

async function passwordStep(page: Page, person: Pick<Person, 'email' | 'password'>, next: string): Promise<void> {
  await page.goto(paths.signIn.build());
  await fillSignIn(page, person);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`**${next}`);
}

async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Security code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
}

describeInBrowser('A second factor for staff', () => {
  const otway = useOtway({ STAFF_TWO_FACTOR: 'required', OUTBOX_POLL_SECONDS: '1' });
  let key: Uint8Array;
  let recoveryCodes: string[];

  beforeAll(async () => {
    const { page } = await otway.person();
    await createFirstAdmin(page, otway.server.firstAdminLink, admin);
  });

  it('sets up the authenticator app at the first sign-in, then shows the recovery codes once', async () => {
    const { page, watch } = await otway.person();
    await passwordStep(page, admin, paths.signInSetUp.build());
    expect(await heading(page)).toBe('Set up your authenticator app');
    await page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).waitFor();
    await checkPage(watch, page, 'Set up your authenticator app', { status: 200 });
    key = base32Decode(await page.locator('#secret-key').innerText()) ?? new Uint8Array();
    expect(key.length).toBe(20);

    await enterCode(page, '000000');
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(watch, page, 'Set up your authenticator app, wrong code', { status: 401 });

    await enterCode(page, codeFor(key));
    await page.getByRole('heading', { level: 1, name: 'Save your recovery codes' }).waitFor();
    await checkPage(watch, page, 'Save your recovery codes', { status: 200, signedIn: true });
    recoveryCodes = await page.locator('.app-recovery-codes code').allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    await page.getByRole('link', { name: 'I have saved my recovery codes' }).click();
    await page.waitForURL(`**${paths.staff.home.build()}`);
    expect(await heading(page)).toBe(`Hello, ${admin.name}`);
    await signOut(page);
  });

  it('signs in with the password and then the code from the app, without JavaScript too', async () => {
    // axe runs as a script in the page, so the pages are checked in the next test, with JavaScript.
    const { page } = await otway.person({ javaScriptEnabled: false });
    await passwordStep(page, admin, paths.signInCode.build());
    expect(await heading(page)).toBe('Enter your security code');
    await enterCode(page, '123');
    await page.locator('.nhsuk-error-summary').waitFor();
    // One step ahead: the set-up used this step's code, and a code is good once.
    await enterCode(page, codeFor(key, 1));
    await page.waitForURL(`**${paths.staff.home.build()}`);
    expect(await heading(page)).toBe(`Hello, ${admin.name}`);
    await signOut(page);
  });

  it('signs in with a recovery code instead, and says how many are left', async () => {
    const { page, watch } = await otway.person();
    await passwordStep(page, admin, paths.signInCode.build());
    await checkPage(watch, page, 'Enter your security code', { status: 200 });
    await enterCode(page, '999999');
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkPage(watch, page, 'Enter your security code, wrong code', { status: 401 });
    await enterCode(page, recoveryCodes[0] ?? '');
    await page.getByRole('heading', { level: 1, name: 'You signed in with a recovery code' }).waitFor();
    expect(await page.locator('main').innerText()).toContain('You have 9 recovery codes left');
    await checkPage(watch, page, 'You signed in with a recovery code', { status: 200, signedIn: true });
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.waitForURL(`**${paths.staff.home.build()}`);
    await signOut(page);
  });

  it('resets a forgotten password from the e-mailed link; the code is still asked for after', async () => {
    const { page, watch } = await otway.person();
    await page.goto(paths.signIn.build());
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    expect(await heading(page)).toBe('Reset your password');
    await checkPage(watch, page, 'Reset your password', { status: 200 });
    await page.getByLabel('Email address', { exact: true }).fill(admin.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    await checkPage(watch, page, 'Check your email', { status: 200 });

    const link = await mailedResetLink(join(otway.server.env.DATA_DIR ?? '', 'local-mailbox'));
    await page.goto(link);
    expect(await heading(page)).toBe('Choose a new password');
    await checkPage(watch, page, 'Choose a new password', { status: 200 });
    await page.getByLabel('Create a new password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(`**${paths.signIn.build()}?reset=1`);
    await page.getByText('Your password has been changed').waitFor();

    await passwordStep(page, { email: admin.email, password: NEW_PASSWORD }, paths.signInCode.build());
    await enterCode(page, recoveryCodes[1] ?? '');
    await page.getByRole('heading', { level: 1, name: 'You signed in with a recovery code' }).waitFor();
    expect(await page.locator('main').innerText()).toContain('You have 8 recovery codes left');
  });
});

/** Waits for the outbox to send the reset e-mail to the local mailbox, and reads the link from it. */
async function mailedResetLink(folder: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    let files: string[];
    try {
      files = readdirSync(folder);
    } catch {
      files = []; // not made until the first message is sent
    }
    for (const file of files) {
      const found = /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}/u.exec(readFileSync(join(folder, file), 'utf8'));
      if (found !== null) return found[0];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('No reset e-mail arrived in the local mailbox');
}
