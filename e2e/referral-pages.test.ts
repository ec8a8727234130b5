/**
 * Every page of the online referral form in Chromium, with the GP practices and schools imported: each page as it
 * comes, sent empty (with its errors) and answered passes axe-core's WCAG 2.x A and AA rules and carries the security
 * headers; check your answers as it can be (eligible, not, unclear); the confirmation and an expired link. Apart from
 * the other referral journeys (referral.test.ts) so that the two files can run side by side.
 */
import { expect, it } from 'vitest';
import { describeInBrowser } from './support/browser.js';
import { tick, press } from './support/checker.js';
import { checkPage } from './support/checks.js';
import { heading } from './support/journeys.js';
import { useOtway } from './support/otway.js';
import { NEARLY_EVERY_PAGE, SLOW, checkErrors } from './support/referral-pages.js';
import {
  AYRES,
  A_PDF,
  A_PDF_NAME,
  CHECK,
  CHECK_HEADING,
  GP_NOT_KNOWN,
  NOTHING_REQUIRED,
  NO_SCHOOL,
  REFER,
  REFERENCE,
  answerUntilCheck,
  errorMessages,
  referUrl,
  sendReferral,
  startReferral,
  stepOf,
  uploadFile,
} from './support/referral.js';

describeInBrowser('Every page of the referral form, with the GP practices and schools imported', () => {
  const otway = useOtway({}, { referenceData: true });

  it(
    'every page, empty, with errors and answered; check your answers as it can be; the confirmation',
    async () => {
      // Two people take the same referral at once, one looking at each page as it comes, the other sending it empty
      // first; then each looks again at half the pages answered. axe keeps one core busy, and there are two.
      const looker = await otway.person();
      const tester = await otway.person();
      const [looked, tested] = await Promise.all([
        (async () => {
          const { page, watch } = looker;
          await page.goto(REFER);
          expect(await heading(page)).toBe('Refer a child or young person');
          await checkPage(watch, page, 'referral start', { status: 200 });
          await press(page, 'Start now');

          // Save and come back later, before anything is answered: empty, with an error, then the link sent.
          await page.getByRole('link', { name: 'Save and come back later' }).click();
          await page.waitForURL(`**${REFER}/save-and-come-back-later`);
          expect(await page.getByLabel('Email address', { exact: true }).inputValue()).toBe('');
          await checkPage(watch, page, 'referral save and come back later', { status: 200 });
          await press(page, 'Send me a link');
          expect(await errorMessages(page)).toEqual(['Enter your email address']);
          await checkPage(watch, page, 'referral save and come back later with errors', { status: 400 });
          await page.getByLabel('Email address', { exact: true }).fill('sam.okafor@nhs.test');
          await press(page, 'Send me a link');
          expect(await heading(page)).toBe('We have sent you a link');
          await checkPage(watch, page, 'referral link sent', { status: 200 });
          await page.getByRole('link', { name: 'Carry on now' }).click();
          await page.waitForURL(`**${referUrl('who-is-referring')}`);

          return answerUntilCheck(page, NEARLY_EVERY_PAGE, async (step) => {
            await checkPage(watch, page, `referral ${step}`, { status: 200 });
            if (step !== 'attachments') return;
            await uploadFile(page, A_PDF);
            expect(await page.getByRole('main').innerText()).toContain(`${A_PDF_NAME} has been uploaded`);
            await checkPage(watch, page, 'referral attachments with a file', { status: 200 });
          });
        })(),
        (async () => {
          const { page, watch } = tester;
          await startReferral(page);
          return answerUntilCheck(page, NEARLY_EVERY_PAGE, async (step) => {
            if (step === 'attachments') {
              await press(page, 'Upload file');
              expect(await errorMessages(page)).toEqual(['Select a file']);
              await checkPage(watch, page, 'referral attachments with an upload error', { status: 400 });
            } else if (!NOTHING_REQUIRED.has(step)) {
              await checkErrors(watch, page, step);
            }
          });
        })(),
      ]);
      expect(looked).toHaveLength(33);
      expect(tested).toEqual(looked);

      await Promise.all(
        [looker, tester].map(async ({ page, watch }, t) => {
          expect(await heading(page)).toBe(CHECK_HEADING);
          for (const step of looked.filter((_, i) => i % 2 === t)) {
            await page.goto(referUrl(step));
            expect(stepOf(page), 'an answered page can be seen again').toBe(step);
            await checkPage(watch, page, `referral ${step} answered`, { status: 200 });
          }
        }),
      );

      const { page, watch } = looker;
      await page.goto(referUrl(CHECK));
      expect(await page.getByRole('button', { name: 'Send referral' }).count()).toBe(1);
      await checkPage(watch, page, 'referral check your answers', { status: 200 });

      // Asking for Ayres Sensory Integration: the referral cannot be sent, and the page says why.
      await page.getByRole('link', { name: 'Change other things that apply' }).click();
      await page.waitForURL(`**${referUrl('other-needs')}`);
      await tick(page, AYRES);
      await press(page, 'Continue');
      expect(stepOf(page)).toBe(CHECK);
      const alert = page.locator('.nhsuk-card--warning');
      expect(await alert.innerText()).toContain('We cannot accept this referral as it stands');
      expect(await alert.innerText()).toContain('Ayres Sensory Integration');
      expect(await page.getByRole('button', { name: 'Send referral' }).count()).toBe(0);
      await checkPage(watch, page, 'referral check your answers ineligible', { status: 200 });

      // Nobody knows the practice and the child is at no school: it can be sent, with a warning.
      for (const [step, labels] of [
        ['other-needs', ['None of these']],
        ['child-gp', [GP_NOT_KNOWN]],
        ['child-school', [NO_SCHOOL]],
      ] as const) {
        await page.goto(referUrl(step));
        await tick(page, ...labels);
        await press(page, 'Continue');
        expect(stepOf(page)).toBe(CHECK);
      }
      expect(await page.getByRole('main').innerText()).toContain('We will need to check some things');
      await checkPage(watch, page, 'referral check your answers unclear', { status: 200 });

      const reference = await sendReferral(page);
      expect(reference).toMatch(REFERENCE);
      await checkPage(watch, page, 'referral confirmation', { status: 200 });

      await page.goto(`${REFER}/resume/anything`);
      expect(await heading(page)).toBe('This link has expired');
      await checkPage(watch, page, 'referral link expired', { status: 410 });
    },
    SLOW,
  );
});
