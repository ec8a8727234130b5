/**
 * Journey 6 and 7: every page, in its empty and error states, passes axe-core's WCAG 2.0, 2.1 and 2.2 A and AA
 * rules and carries the security headers; each is saved as a screenshot under .tmp/screens/.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from './support/browser.js';
import { checkPage } from './support/checks.js';
import {
  PASSWORD,
  acceptInvitation,
  createFirstAdmin,
  heading,
  invite,
  signIn,
  signOut,
  submitSignIn,
  type Person,
} from './support/journeys.js';
import { useOtway } from './support/otway.js';
import { paths, publicPaths } from '../src/web/paths.js';

const admin: Person = { name: 'Mary Seacole', email: 'mary.seacole@nhs.test', password: PASSWORD };
const auditor: Person = {
  name: 'Florence Nightingale',
  email: 'f.nightingale@nhs.test',
  password: 'amber falcon ridge 31',
};

// One service on this instance, so its public pages are at the root.
const site = publicPaths('');
const PUBLIC_PAGES = [
  ['home', site.home, 200],
  ['contact', site.contact, 200],
  ['accessibility statement', site.accessibility, 200],
  ['privacy notice', site.privacy, 200],
  ['cookies', site.cookies, 200],
  ['conditions we help with', site.conditions, 200],
  ['who can refer and how', site.whoCanRefer, 200],
  ['what happens after a referral', site.afterReferral, 200],
  ['what we do not provide', site.notProvided, 200],
  ['advice for professionals', site.professionals, 200],
  ['sign-in', paths.signIn.build(), 200],
  ['page not found', '/no-such-page', 404],
] as const;

describeInBrowser('Accessibility and security headers of every page', () => {
  const otway = useOtway();
  let auditorLink: string | undefined;

  it.each(PUBLIC_PAGES)('the %s page', async (name, path, status) => {
    const { page, watch } = await otway.person();
    await page.goto(path);
    await checkPage(watch, page, name, { status });
  });

  it('the sign-in page with errors', async () => {
    const { page, watch } = await otway.person();
    await page.goto(paths.signIn.build());
    await submitSignIn(page);
    await checkPage(watch, page, 'sign-in with errors', { status: 400 });
  });

  it('the first-administrator page, empty and with errors', async () => {
    const { page, watch } = await otway.person();
    await page.goto(otway.server.firstAdminLink);
    await checkPage(watch, page, 'first administrator', { status: 200 });
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('alert').first().innerText()).toContain('There is a problem');
    await checkPage(watch, page, 'first administrator with errors', { status: 400 });
  });

  it("the administrator's pages", async () => {
    const { page, watch } = await otway.person();
    await createFirstAdmin(page, otway.server.firstAdminLink, admin);
    await checkPage(watch, page, 'sign-in after activation', { status: 200 });
    await signIn(page, admin);
    await checkPage(watch, page, 'staff home', { status: 200, signedIn: true });

    await page.goto(paths.admin.invite.build());
    await checkPage(watch, page, 'invite', { status: 200, signedIn: true });
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.waitForLoadState();
    await checkPage(watch, page, 'invite with errors', { status: 400, signedIn: true });

    auditorLink = await invite(page, auditor, ['Auditor']);
    await checkPage(watch, page, 'invitation created', { status: 200, signedIn: true });

    await page.goto(paths.admin.users.build());
    await checkPage(watch, page, 'staff accounts', { status: 200, signedIn: true });
    await page.getByRole('link', { name: auditor.name }).click();
    await page.waitForURL(`**${paths.admin.users.build()}/*`);
    expect(await heading(page)).toContain(auditor.name);
    await checkPage(watch, page, 'staff account', { status: 200, signedIn: true });

    await signOut(page);
    await checkPage(watch, page, 'signed out', { status: 200 });
  });

  it("the auditor's pages, and the page for a refusal", async () => {
    expect(auditorLink, "the administrator's test invites the auditor").toBeDefined();
    const { page, watch } = await otway.person();
    await page.goto(auditorLink!);
    await checkPage(watch, page, 'set up your account', { status: 200 });
    await acceptInvitation(page, auditorLink!, auditor.password);
    await signIn(page, auditor);

    await page.goto(paths.audit.search.build());
    expect(await page.getByRole('table').getByRole('row').count()).toBeGreaterThan(1);
    await checkPage(watch, page, 'audit trail', { status: 200, signedIn: true });
    await page.goto(`${paths.audit.search.build()}?from=2026-02-31`);
    expect(await page.getByRole('alert').first().innerText()).toContain("The 'from' date must be a real date");
    await checkPage(watch, page, 'audit trail with errors', { status: 400, signedIn: true });
    await page.goto(paths.audit.verify.build());
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Check the audit trail');
    await checkPage(watch, page, 'audit trail check', { status: 200, signedIn: true });

    await page.goto(paths.admin.users.build());
    await checkPage(watch, page, 'no permission', { status: 403, signedIn: true });
  });
});
