/**
 * Issue 10, item 1, in Chromium (hazard H24, "referral attached to the wrong child"): Oliver Bennett, born 10 May
 * 2019, is referred with NHS number 943 476 5919; then Leo Smith, born 21 September 2014, with the same number (both
 * made through the referral use cases, as the factories of the integration tests make them). A
 * triage clinician reads Leo's worklist row, his referral's heading and, once the conflict is resolved as a different
 * child and the referrer asked for the right number, every letter written: each names Leo, none names Oliver. axe on
 * the worklist, the referral page, the "same child?" page and the request it leads to.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { aStaffMember, TEST_PASSWORD } from '../test/support/builders.js';
import { aReferral } from '../test/support/factories.js';
import type { ReferralCase } from '../test/support/referral.js';
import { describeInBrowser } from './support/browser.js';
import { checkPage } from './support/checks.js';
import { andWaitForPage, press, tick } from './support/checker.js';
import { heading, signIn } from './support/journeys.js';
import { useOtway } from './support/otway.js';
import { useSeeding } from './support/seed.js';
import { paths } from '../src/web/paths.js';

const SLOW = 300_000;
const TRIAGER = { name: 'Rosa Quinn', email: 'rosa.quinn@nhs.test', password: TEST_PASSWORD };

const NHS_NUMBER = '943 476 5919';
const OLIVER: Partial<ReferralCase> = {
  referrerType: 'education-staff',
  childGivenName: 'Oliver',
  childFamilyName: 'Bennett',
  dateOfBirth: '2019-05-10',
  nhsNumber: NHS_NUMBER,
};
const LEO: Partial<ReferralCase> = {
  ...OLIVER,
  childGivenName: 'Leo',
  childFamilyName: 'Smith',
  dateOfBirth: '2014-09-21',
};

/** Age in whole years today, as the worklist shows it. */
function ageToday(year: number, month: number, day: number): number {
  const now = new Date();
  const before = now.getMonth() + 1 < month || (now.getMonth() + 1 === month && now.getDate() < day);
  return now.getFullYear() - year - (before ? 1 : 0);
}

function follow(page: Page, name: string): Promise<void> {
  return andWaitForPage(page, () => page.getByRole('link', { name, exact: true }).first().click());
}

function worklistRow(page: Page, reference: string) {
  return page
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: reference }) });
}

describeInBrowser('A referral with another child’s NHS number names its own child everywhere', () => {
  const otway = useOtway({}, { referenceData: true });
  const seeding = useSeeding(otway);

  it(
    'Leo Smith, referred with Oliver Bennett’s NHS number, is Leo on the worklist, his page and his letters',
    async () => {
      // Oliver first, so that his is the record the NHS number belongs to; then Leo.
      const deps = await seeding();
      const { reference: oliver } = await aReferral(OLIVER).create(deps);
      const { reference: leo } = await aReferral(LEO).create(deps);
      await aStaffMember().called(TRIAGER.name).withEmail(TRIAGER.email).withRoles('triage-clinician').create(deps);

      const { page, watch } = await otway.person();
      await signIn(page, TRIAGER);
      await page.goto(paths.triage.worklist.build());
      const leoRow = await worklistRow(page, leo).innerText();
      expect(leoRow).toContain('LS');
      expect(leoRow).toContain(String(ageToday(2014, 9, 21)));
      expect(leoRow).toContain('NHS number conflict');
      expect(leoRow).not.toContain('OB');
      const oliverRow = await worklistRow(page, oliver).innerText();
      expect(oliverRow).toContain('OB');
      expect(oliverRow).toContain(String(ageToday(2019, 5, 10)));
      await checkPage(watch, page, 'worklist with an NHS number conflict', { status: 200, signedIn: true });

      await follow(page, leo);
      expect(await heading(page)).toBe('Leo Smith');
      const main = await page.getByRole('main').innerText();
      expect(main).toContain('21 September 2014');
      expect(main).toContain('This NHS number is recorded for another child');
      await checkPage(watch, page, 'referral with an NHS number conflict', { status: 200, signedIn: true });

      // Side by side, then: a different child, whose NHS number the referrer is asked to confirm.
      await follow(page, 'Check whether this is the same child');
      expect(await heading(page)).toBe('Is this the same child?');
      const records = await page.getByRole('table', { name: 'The two records' }).innerText();
      expect(records).toContain('Leo Smith');
      expect(records).toContain('Oliver Bennett');
      await checkPage(watch, page, 'same child question for an NHS number conflict', { status: 200, signedIn: true });
      await tick(page, 'No, a different child');
      await press(page, 'Save answer');
      expect(await heading(page)).toBe('Ask the referrer for more information');
      const asked = await page.getByLabel('What do we need to know?').inputValue();
      expect(asked).toContain('Please confirm the child');
      expect(asked).not.toMatch(/Oliver|Bennett/u);
      await checkPage(watch, page, 'request for the right NHS number', { status: 200, signedIn: true });
      await press(page, 'Save decision');
      expect(await heading(page)).toBe('Leo Smith');

      // Every letter written is about Leo.
      const letters = page
        .getByRole('table', { name: "Letters about this referral's decisions" })
        .getByRole('link', { name: /^Read/u });
      const pages = await letters.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
      expect(pages.length).toBeGreaterThan(0);
      for (const href of pages) {
        await page.goto(href);
        const letter = await page.getByRole('main').innerText();
        expect(letter, href).toMatch(/Leo|LS/u);
        expect(letter, href).not.toMatch(/Oliver|Bennett|10 May 2019/u);
      }
    },
    SLOW,
  );
});
