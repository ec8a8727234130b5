/**
 * Journeys 2 to 5: signing in with the keyboard alone, without JavaScript, too many wrong passwords, and the error
 * summary of an empty form.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeInBrowser } from './support/browser.js';
import {
  PASSWORD,
  acceptInvitation,
  createFirstAdmin,
  fillSignIn,
  focused,
  heading,
  invite,
  signIn,
  signOut,
  submitSignIn,
  tabTo,
  type Person,
} from './support/journeys.js';
import { useOtway } from './support/otway.js';
import { paths } from '../src/web/paths.js';

const admin: Person = { name: 'Grace Hopper', email: 'grace.hopper@nhs.test', password: PASSWORD };
const target: Person = { name: 'Sam Patel', email: 'sam.patel@nhs.test', password: 'quiet river pebble 88' };

describeInBrowser('Signing in', () => {
  const otway = useOtway();

  beforeAll(async () => {
    const { page } = await otway.person();
    await createFirstAdmin(page, otway.server.firstAdminLink, admin);
    await signIn(page, admin);
    const link = await invite(page, target, ['Clinician']);
    await signOut(page);
    await acceptInvitation(page, link, target.password);
  });

  it('works with the keyboard alone, from the skip link to the staff home', async () => {
    const { page } = await otway.person();
    await page.goto(paths.signIn.build());
    expect(await focused(page)).toBe('nothing');

    await page.keyboard.press('Tab');
    expect(await focused(page), 'the skip link comes first').toBe('link: Skip to main content');

    await tabTo(page, 'field: Email address');
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    expect(await focused(page), 'the password comes straight after the email address').toBe('field: Password');
    await page.keyboard.type(admin.password);

    const after = await tabTo(page, 'button: Sign in', 3);
    expect(
      after.slice(0, -1).every((f) => f.includes('password')),
      `between password and Sign in: ${after.join(', ')}`,
    ).toBe(true);
    await Promise.all([page.waitForURL(`**${paths.staff.home.build()}`), page.keyboard.press('Enter')]);
    expect(await heading(page)).toBe(`Hello, ${admin.name}`);
  });

  it('works without JavaScript', async () => {
    const { page } = await otway.person({ javaScriptEnabled: false });
    await signIn(page, admin);
    expect(await heading(page)).toBe(`Hello, ${admin.name}`);
    await signOut(page);
  });

  it('refuses even the right password after five wrong ones for the account', async () => {
    const { page } = await otway.person();
    await page.goto(paths.signIn.build());
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await fillSignIn(page, { email: target.email, password: `wrong password ${String(attempt)}` });
      statuses.push((await submitSignIn(page)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);

    await fillSignIn(page, target);
    expect((await submitSignIn(page)).status).toBe(429);
    expect(await page.getByRole('alert').innerText()).toContain('There have been too many attempts to sign in');
    expect(new URL(page.url()).pathname).toBe(paths.signIn.build());

    await page.goto(paths.staff.home.build());
    expect(new URL(page.url()).pathname, 'not signed in').toBe(paths.signIn.build());
  });

  it('shows an error summary for an empty form, links it to the fields and moves focus to it', async () => {
    const { page } = await otway.person();
    await page.goto(paths.signIn.build());
    expect((await submitSignIn(page)).status).toBe(400);
    expect(await page.title()).toMatch(/^Error: /u);

    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await expect.poll(() => focused(page)).toMatch(/^div\.nhsuk-error-summary/u);
    const links = summary.getByRole('link');
    expect(await links.allInnerTexts()).toEqual(['Enter your email address', 'Enter your password']);
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#email', '#password']);

    await summary.getByRole('link', { name: 'Enter your password' }).click();
    expect(await focused(page)).toBe('field: Password');
  });
});
