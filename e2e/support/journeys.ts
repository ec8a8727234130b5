/**
 * Steps people take, done as they do them: by label, role and visible text.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { paths } from '../../src/web/paths.js';

export const PASSWORD = 'violet tractor harbour 42';

export interface Person {
  name: string;
  email: string;
  password: string;
}

export const ROLE_LABELS = {
  admin: 'Administrator',
  'admin-officer': 'Admin officer',
  'triage-clinician': 'Triage clinician',
  clinician: 'Clinician',
  'service-manager': 'Service manager',
  auditor: 'Auditor',
} as const;

export type RoleLabel = (typeof ROLE_LABELS)[keyof typeof ROLE_LABELS];

export async function heading(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).innerText()).trim();
}

/** Follows the first-admin link and creates the account; lands on the sign-in page. */
export async function createFirstAdmin(page: Page, link: string, admin: Person): Promise<void> {
  await page.goto(link);
  expect(await heading(page)).toBe('Create the first administrator');
  await page.getByLabel('Full name', { exact: true }).fill(admin.name);
  await page.getByLabel('Email address', { exact: true }).fill(admin.email);
  await page.getByLabel('Create a password', { exact: true }).fill(admin.password);
  await page.getByLabel('Confirm password', { exact: true }).fill(admin.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`**${paths.signIn.build()}?activated=1`);
  await page.getByText('Your account is ready').waitFor();
}

export async function signIn(page: Page, person: Pick<Person, 'email' | 'password'>): Promise<void> {
  await page.goto(paths.signIn.build());
  await fillSignIn(page, person);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`**${paths.staff.home.build()}`);
}

export async function fillSignIn(page: Page, person: Pick<Person, 'email' | 'password'>): Promise<void> {
  await page.getByLabel('Email address', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`**${paths.signedOut.build()}`);
}

/** From the staff home, opens Staff accounts and invites someone; returns their one-time link. */
export async function invite(page: Page, person: Pick<Person, 'name' | 'email'>, roles: RoleLabel[]): Promise<string> {
  await page.goto(paths.staff.home.build());
  await page.getByRole('main').getByRole('link', { name: 'Staff accounts' }).click();
  await page.waitForURL(`**${paths.admin.users.build()}`);
  await page.getByRole('button', { name: 'Invite a member of staff' }).click();
  await page.waitForURL(`**${paths.admin.invite.build()}`);
  await page.getByLabel('Full name', { exact: true }).fill(person.name);
  await page.getByLabel('Email address', { exact: true }).fill(person.email);
  for (const role of roles) await page.getByLabel(role, { exact: true }).check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.waitForURL(`**${paths.admin.invite.build()}`);
  expect(await heading(page)).toBe('Invitation created');
  const link = (await page.locator('main code').innerText()).trim();
  expect(link).toMatch(/\/activate\/[A-Za-z0-9_-]+$/u);
  return link;
}

/** Follows an invitation link and sets a password; lands on the sign-in page. */
export async function acceptInvitation(page: Page, link: string, password: string): Promise<void> {
  await page.goto(link);
  expect(await heading(page)).toBe('Set up your account');
  await page.getByLabel('Create a password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`**${paths.signIn.build()}?activated=1`);
}

/** Submits the sign-in form with its button and returns the response to the POST. */
export async function submitSignIn(page: Page): Promise<{ status: number }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === paths.signIn.build()),
    page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
  await page.waitForLoadState();
  return { status: response.status() };
}

/** What has the keyboard focus, as a person would name it: "link: Skip to main content", "field: Password". */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    const text = (s: string | null | undefined) => (s ?? '').replace(/\s+/gu, ' ').trim();
    if (el === null || el === document.body) return 'nothing';
    if (el instanceof HTMLInputElement) return `field: ${text(el.labels?.[0]?.innerText)}`;
    const name = text(el.getAttribute('aria-label') ?? (el as HTMLElement).innerText);
    if (el instanceof HTMLButtonElement || el.getAttribute('role') === 'button') return `button: ${name}`;
    if (el instanceof HTMLAnchorElement) return `link: ${name}`;
    return `${el.tagName.toLowerCase()}${el.className === '' ? '' : `.${el.className.split(' ').join('.')}`}`;
  });
}

/** Presses Tab until `wanted` has focus (at most `bound` times); returns what had focus on the way. */
export async function tabTo(page: Page, wanted: string, bound = 20): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < bound; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    seen.push(now);
    if (now === wanted) return seen;
  }
  throw new Error(`"${wanted}" never had focus after ${String(bound)} presses of Tab; focus went:\n${seen.join('\n')}`);
}
