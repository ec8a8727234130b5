/**
 * What the browser tests of the referral form share: the journey that asks nearly every page, and the checks of a
 * question page sent empty.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { press } from './checker.js';
import { checkPage, type ResponseWatch } from './checks.js';
import { NOTHING_REQUIRED, NOT_LISTED_PRACTICE, errorMessages, stepOf, type ReferralCase } from './referral.js';

/**
 * The longest journeys (every page empty, with errors and answered, each checked by axe) take about two minutes alone
 * on two cores, and more than four when the machine is shared: room for both.
 */
export const SLOW = 480_000;
/**
 * A GP's referral that asks nearly every page: their practice is not listed (so their organisation is asked), a
 * young person of 17 (full-time education), a second parent, living with someone else, a mental health condition
 * (a serious problem at home) and safeguarding concerns. Only the pages of other referrers are left out.
 */
export const NEARLY_EVERY_PAGE: ReferralCase = {
  referrerType: 'gp',
  referrerPlace: NOT_LISTED_PRACTICE,
  childAge: 17,
  secondParent: true,
  livesWithSomeoneElse: true,
  conditions: ['A mental health condition'],
  safeguarding: true,
};

/** Sends a question page empty: it stays, with errors. */
export async function checkErrors(watch: ResponseWatch, page: Page, step: string): Promise<void> {
  await press(page, 'Continue');
  expect(stepOf(page), `${step} sent empty`).toBe(step);
  expect((await errorMessages(page)).length, `errors on ${step} sent empty`).toBeGreaterThan(0);
  await checkPage(watch, page, `referral ${step} with errors`, { status: 400 });
}

/** Checks a question page as it first comes, then sent empty (unless it asks for nothing). */
export async function checkEmptyAndErrors(watch: ResponseWatch, page: Page, step: string): Promise<void> {
  await checkPage(watch, page, `referral ${step}`, { status: 200 });
  if (!NOTHING_REQUIRED.has(step)) await checkErrors(watch, page, step);
}
