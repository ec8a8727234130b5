/**
 * Issue 10's new pages in Chromium, as `npm start` gives them (the shipped reference-data snapshot imported on first
 * start), each checked with axe: the feedback form (empty, with errors, and with nobody yet to send it to), the
 * page that tells a parent at once that the child was discharged too long ago, the page where a GP practice that
 * cannot be found is typed, the invitation of an address that already has an account, "Find a referral" with its
 * errors and results, the admin officer's summary of a referral, and the print queue.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from './support/browser.js';
import { checkPage } from './support/checks.js';
import { dateBefore, press } from './support/checker.js';
import {
  PASSWORD,
  acceptInvitation,
  createFirstAdmin,
  heading,
  invite,
  signIn,
  type Person,
} from './support/journeys.js';
import { useOtway } from './support/otway.js';
import {
  answerPage,
  errorMessages,
  sendReferral,
  startReferral,
  stepOf,
  type ReferralCase,
} from './support/referral.js';
import { paths } from '../src/web/paths.js';

const SLOW = 300_000;
const admin: Person = { name: 'Mary Seacole', email: 'mary.seacole@nhs.test', password: PASSWORD };
const officer: Person = { name: 'Olu Adeyemi', email: 'olu.adeyemi@nhs.test', password: 'pebble orchard lantern 5' };

/** Answers the referral form's pages until `step` (or check your answers); returns the step it stopped at. */
async function answerUntil(page: Page, c: ReferralCase, step: string): Promise<string> {
  for (let i = 0; i < 60; i += 1) {
    const now = stepOf(page);
    if (now === step || now === 'check-your-answers') return now;
    await answerPage(page, now, c);
    await press(page, 'Continue');
    expect(stepOf(page), `"${now}" did not take its answer: ${(await errorMessages(page)).join('; ')}`).not.toBe(now);
  }
  throw new Error('The referral form asked more questions than it has pages');
}

describeInBrowser('The pages that mend the front door (issue 10)', () => {
  const otway = useOtway({ REFERENCE_SNAPSHOT_IMPORT: 'true' });
  let reference = '';

  it(
    'the feedback form, a parent told at once, and a GP practice typed on a new install',
    async () => {
      const { page, watch } = await otway.person();
      await page.goto('/');
      await page.getByRole('link', { name: 'Tell us what you think' }).click();
      await page.waitForURL('**/feedback');
      await checkPage(watch, page, 'feedback form', { status: 200 });
      await press(page, 'Send feedback');
      expect((await errorMessages(page)).length).toBeGreaterThan(0);
      await checkPage(watch, page, 'feedback form with errors', { status: 400 });
      await page.getByLabel('What were you trying to do?').fill('Find out whether my son can be referred');
      await page.getByLabel('What was good or bad about it?').fill('Clear, but I could not find the phone number.');
      // No administrator yet: nobody to send it to, and the visitor is told to call instead.
      await press(page, 'Send feedback');
      expect((await errorMessages(page))[0]).toContain('Please call us on');
      await checkPage(watch, page, 'feedback with nobody to send it to', { status: 503 });

      // A parent whose child was discharged two years ago is told straight after the date.
      const parent = await otway.person();
      await startReferral(parent.page);
      const stopped = await answerUntil(
        parent.page,
        { referrerType: 'parent-carer', dischargedOn: dateBefore(2, 0) },
        'cannot-refer-again',
      );
      expect(stopped).toBe('cannot-refer-again');
      expect(await heading(parent.page)).toBe('You cannot refer the child again yourself');
      await checkPage(parent.watch, parent.page, 'cannot refer again', { status: 200 });

      // A GP practice that cannot be found in the shipped snapshot is typed with its address.
      const teacher = await otway.person();
      await startReferral(teacher.page);
      const c: ReferralCase = {
        referrerType: 'education-staff',
        childGp: 'I cannot find the practice: I will enter its name and address',
      };
      expect(await answerUntil(teacher.page, c, 'child-gp-details')).toBe('child-gp-details');
      await press(teacher.page, 'Continue');
      expect((await errorMessages(teacher.page)).length).toBeGreaterThan(0);
      await checkPage(teacher.watch, teacher.page, 'typed GP practice with errors', { status: 400 });
      expect(await answerUntil(teacher.page, c, 'check-your-answers')).toBe('check-your-answers');
      expect(await teacher.page.getByRole('main').innerText()).toContain('Granby Street Surgery');
      reference = await sendReferral(teacher.page);
    },
    SLOW,
  );

  it(
    'an address invited twice, Find a referral, a referral summary and the print queue',
    async () => {
      const office = await otway.person();
      await createFirstAdmin(office.page, otway.server.firstAdminLink, admin);
      await signIn(office.page, admin);
      // The staff home tells the administrator where the reference data came from, and how old it is.
      expect(await office.page.getByRole('main').innerText()).toContain('Reference data');
      await checkPage(office.watch, office.page, 'staff home with reference data dates', {
        status: 200,
        signedIn: true,
      });
      const link = await invite(office.page, officer, ['Admin officer']);
      const newcomer = await otway.person();
      await acceptInvitation(newcomer.page, link, officer.password);
      await office.page.goto(paths.admin.invite.build());
      await office.page.getByLabel('Full name', { exact: true }).fill('Someone Else');
      await office.page.getByLabel('Email address', { exact: true }).fill(officer.email);
      await office.page.getByLabel('Admin officer', { exact: true }).check();
      await press(office.page, 'Send invitation');
      expect((await errorMessages(office.page)).join(' ')).toContain('already belongs to a member of staff');
      expect(await office.page.getByRole('main').innerText()).toContain(officer.name);
      await checkPage(office.watch, office.page, 'invitation of an existing member', { status: 409, signedIn: true });

      const { page, watch } = await otway.person();
      await signIn(page, officer);
      await page.getByRole('main').getByRole('link', { name: 'Find a referral' }).click();
      await page.waitForURL(`**${paths.staff.searchReferrals.build()}`);
      await checkPage(watch, page, 'find a referral', { status: 200, signedIn: true });
      await page.getByLabel('Family name', { exact: true }).fill('Ndiaye');
      await press(page, 'Search by child’s name and date of birth');
      expect((await errorMessages(page)).length).toBeGreaterThan(0);
      await checkPage(watch, page, 'find a referral with errors', { status: 400, signedIn: true });
      await page.getByLabel('Reference', { exact: true }).fill(reference.toLowerCase().replaceAll('-', ' '));
      await press(page, 'Search by reference');
      await page.getByRole('link', { name: reference }).first().click();
      await page.waitForURL('**/summary');
      expect(await page.getByRole('main').innerText()).toContain('Amara Ndiaye');
      await checkPage(watch, page, 'referral summary', { status: 200, signedIn: true });

      await page.goto(paths.letters.printQueue.build());
      await checkPage(watch, page, 'print queue', { status: 200, signedIn: true });
    },
    SLOW,
  );
});
