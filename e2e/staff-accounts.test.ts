/**
 * Journey 1: the first administrator sets Otway up and invites staff, who each see what their roles allow.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from './support/browser.js';
import {
  PASSWORD,
  acceptInvitation,
  createFirstAdmin,
  heading,
  invite,
  signIn,
  signOut,
  type Person,
} from './support/journeys.js';
import { useOtway } from './support/otway.js';
import { paths } from '../src/web/paths.js';

const admin: Person = { name: 'Ada Lovelace', email: 'ada.lovelace@nhs.test', password: PASSWORD };
const clinician: Person = { name: 'Chidi Okafor', email: 'chidi.okafor@nhs.test', password: 'marble kettle orchard 7' };
const auditor: Person = { name: 'Aoife Byrne', email: 'aoife.byrne@nhs.test', password: 'copper lantern meadow 19' };

describeInBrowser('Setting up Otway and inviting staff', () => {
  const otway = useOtway();
  const links: Partial<Record<'clinician' | 'auditor', string>> = {};

  it('lets the first administrator create their account from the printed link, invite staff and sign out', async () => {
    const { page } = await otway.person();
    await createFirstAdmin(page, otway.server.firstAdminLink, admin);
    await signIn(page, admin);
    expect(await heading(page)).toBe(`Hello, ${admin.name}`);

    links.clinician = await invite(page, clinician, ['Clinician']);
    links.auditor = await invite(page, auditor, ['Auditor']);

    await page.getByRole('link', { name: 'Back to staff accounts' }).click();
    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(4);
    const clinicianRow = rows.filter({ hasText: clinician.email });
    expect(await clinicianRow.innerText()).toContain('Clinician');
    expect(await clinicianRow.innerText()).toContain('Invited');

    await signOut(page);
    expect(await heading(page)).toMatch(/signed out/iu);
    await page.goto(paths.admin.users.build());
    expect(new URL(page.url()).pathname).toBe(paths.signIn.build());
  });

  it('lets an invited clinician set a password and sign in, and refuses them the admin pages', async () => {
    expect(links.clinician, 'the first test creates the invitation').toBeDefined();
    const { page, watch } = await otway.person();
    await acceptInvitation(page, links.clinician!, clinician.password);
    await signIn(page, clinician);
    expect(await heading(page)).toBe(`Hello, ${clinician.name}`);
    expect(await page.getByRole('main').innerText()).toContain('as Clinician');
    expect(await page.getByRole('link', { name: 'Staff accounts' }).count()).toBe(0);

    await page.goto(paths.admin.users.build());
    expect(watch.documentOf(page).status()).toBe(403);
    expect(await heading(page)).toBe('You do not have permission to see this page');

    // The one-time link works once.
    await page.goto(links.clinician!);
    expect(watch.documentOf(page).status()).toBe(410);
  });

  it('lets an invited auditor search the audit trail and see the sign-in events', async () => {
    expect(links.auditor, 'the first test creates the invitation').toBeDefined();
    const { page } = await otway.person();
    await acceptInvitation(page, links.auditor!, auditor.password);
    await signIn(page, auditor);
    await page.getByRole('main').getByRole('link', { name: 'Audit trail' }).click();
    await page.waitForURL(`**${paths.audit.search.build()}`);
    expect(await heading(page)).toBe('Audit trail');

    const table = page.getByRole('table');
    const signIns = table.getByRole('row').filter({ hasText: /auth\.sign-in\b(?!-)/u });
    const text = await signIns.allInnerTexts();
    expect(text.some((row) => row.includes(admin.name))).toBe(true);
    expect(text.some((row) => row.includes(clinician.name))).toBe(true);
    expect(text.some((row) => row.includes(auditor.name))).toBe(true);
    expect(await table.innerText()).toContain('access.denied');

    await page.getByLabel('Action', { exact: true }).selectOption('auth.sign-in');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(`**${paths.audit.search.build()}?**`);
    const actions = await table.getByRole('row').allInnerTexts();
    expect(actions.length).toBeGreaterThan(1);
    for (const row of actions.slice(1)) expect(row).toMatch(/auth\.sign-in\b(?!-)/u);
  });
});
