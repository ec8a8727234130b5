/**
 * Steps through "Check if we can help", done as a person does them: by label and button, waiting each time for the
 * next page to arrive.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { publicPaths } from '../../src/web/paths.js';
import type { QuestionPage } from '../../src/domain/checker/pages.js';

/** One service on the instance, so the checker is at the root. */
export const CHECKER = publicPaths('').checker;

export function checkerUrl(step: QuestionPage | 'result'): string {
  return `${CHECKER}/${step}`;
}

/** Where the page is, as a checker step ("start" for the start page). */
export function stepOf(page: Page): string {
  const path = new URL(page.url()).pathname;
  return path === CHECKER ? 'start' : path.slice(CHECKER.length + 1);
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/**
 * A date `years` years and `days` days before today, as a person types it. A month or more either side of a birthday
 * keeps an age the same whatever the time zone.
 */
export function dateBefore(years: number, days: number): DateParts {
  const date = new Date();
  date.setFullYear(date.getFullYear() - years);
  date.setDate(date.getDate() - days);
  return { day: String(date.getDate()), month: String(date.getMonth() + 1), year: String(date.getFullYear()) };
}

/** Runs `act` and waits until the document it leads to (after any redirect) has loaded. */
export async function andWaitForPage(page: Page, act: () => Promise<void>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await act();
  await navigated;
  await page.waitForLoadState();
}

/** Presses a button by its name and waits for the page it leads to. */
export function press(page: Page, button: string): Promise<void> {
  return andWaitForPage(page, () => page.getByRole('button', { name: button, exact: true }).click());
}

/** Ticks radios or checkboxes by their labels. */
export async function tick(page: Page, ...labels: string[]): Promise<void> {
  for (const label of labels) await page.getByLabel(label, { exact: true }).check();
}

export async function isTicked(page: Page, label: string): Promise<boolean> {
  return page.getByLabel(label, { exact: true }).isChecked();
}

/** Types a date into the day, month and year boxes (those of the page, or of one fieldset by its legend). */
export async function fillDate(page: Page, date: DateParts, legend?: string): Promise<void> {
  const scope = legend === undefined ? page : page.getByRole('group', { name: legend });
  await scope.getByLabel('Day', { exact: true }).fill(date.day);
  await scope.getByLabel('Month', { exact: true }).fill(date.month);
  await scope.getByLabel('Year', { exact: true }).fill(date.year);
}

/** Opens the checker afresh and answers the date of birth; lands on whatever the flow asks next. */
export async function startWithDateOfBirth(page: Page, date: DateParts): Promise<void> {
  await page.goto(checkerUrl('date-of-birth'));
  await fillDate(page, date);
  await press(page, 'Continue');
}

/** The error summary says `message`, and its link leads to a field that is on the page. */
export async function expectErrorSummary(page: Page, message: string): Promise<void> {
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  const link = summary.getByRole('link', { name: message, exact: true });
  expect(await link.count(), `error summary on ${page.url()}: ${await summary.allInnerTexts().then(String)}`).toBe(1);
  const href = (await link.getAttribute('href')) ?? '';
  expect(href).toMatch(/^#[A-Za-z][\w-]*$/u);
  expect(await page.locator(href).count(), `the target of ${href}`).toBe(1);
}

export async function headingOf(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).innerText()).trim();
}

export const OUTCOME_HEADINGS = {
  eligible: 'We can accept a referral for this child',
  ineligible: 'We cannot accept a referral for this child',
  unclear: 'We need to know more to tell you',
} as const;
