/**
 * The online referral form in Chromium, with the GP practices and schools imported so that they are searched for:
 * every referrer type completes and sends a referral; the form works with the keyboard alone (the type-ahead
 * included) and without JavaScript (uploading and removing a file included); every page, empty, with errors and
 * answered, passes axe-core's WCAG 2.x A and AA rules and carries the security headers; and an admin officer
 * registers a paper referral. Each page checked is saved as a screenshot under .tmp/screens/.
 */
import type { ConsoleMessage, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from './support/browser.js';
import { checkPage, saveScreenshot } from './support/checks.js';
import { press } from './support/checker.js';
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
import { SLOW, checkEmptyAndErrors } from './support/referral-pages.js';
import {
  A_PDF,
  A_PDF_NAME,
  BEAUMONT_LEYS,
  CHECK,
  CHECK_HEADING,
  EMPINGHAM,
  FULLHURST,
  REFER,
  REFERENCE,
  REFERRER_TYPES,
  answerByKeys,
  answerPage,
  answerUntilCheck,
  errorMessages,
  pressByKeys,
  referUrl,
  referenceOn,
  sendReferral,
  startReferral,
  stepOf,
  type ReferralCase,
  type ReferrerType,
  uploadFile,
} from './support/referral.js';
import { paths } from '../src/web/paths.js';

/** Referrals taken at once by different people. */
const LANES = 3;

/** Runs `task` on each item, `lanes` at a time; settles every one. */
async function inLanes<T>(
  items: readonly T[],
  lanes: number,
  task: (item: T) => Promise<void>,
): Promise<PromiseSettledResult<void>[]> {
  const results: PromiseSettledResult<void>[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      results[i] = await task(items[i]!).then(
        () => ({ status: 'fulfilled', value: undefined }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      );
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}

/** Console errors from Otway's own pages and scripts (the NHS font service is refused on purpose: not counted). */
function collectConsoleErrors(page: Page, baseUrl: string): string[] {
  const errors: string[] = [];
  const ours = (message: ConsoleMessage) => {
    const at = message.location().url;
    return at === '' || at.startsWith(baseUrl);
  };
  page.on('console', (message) => {
    if (message.type() === 'error' && ours(message)) errors.push(`${message.location().url}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/** The pages only some referrers are asked. */
const OWN_PAGES: Record<ReferrerType, string[]> = {
  gp: ['your-details', 'your-practice', 'child-nhs-number'],
  'health-professional': ['your-details', 'your-organisation', 'child-nhs-number'],
  'education-staff': ['your-details', 'your-school', 'child-nhs-number-optional'],
  'educational-psychologist': ['your-details', 'your-organisation', 'child-nhs-number-optional'],
  'social-care': ['your-details', 'your-organisation', 'child-nhs-number-optional'],
  'early-years-setting': ['your-details', 'your-organisation', 'child-nhs-number-optional'],
  'parent-carer': ['your-contact-details', 'child-nhs-number-optional', 'discharge'],
};

/** The pages that the journey of NEARLY_EVERY_PAGE does not ask, checked with axe on the way of those who are. */
const AXE_ONLY_HERE: Partial<Record<ReferrerType, string[]>> = {
  'parent-carer': ['your-contact-details', 'child-nhs-number-optional', 'discharge'],
  'education-staff': ['your-school'],
};

/** The pages whose place the keyboard journey chooses with the type-ahead. */
const CHOSEN_BY_TYPE_AHEAD = ['your-school', 'child-gp', 'child-school'];

const admin: Person = { name: 'Mary Seacole', email: 'mary.seacole@nhs.test', password: PASSWORD };
const officer: Person = { name: 'Olu Adeyemi', email: 'olu.adeyemi@nhs.test', password: 'pebble orchard lantern 5' };

describeInBrowser('The referral form, with the GP practices and schools imported', () => {
  const otway = useOtway({}, { referenceData: true });
  let officerLink: string | undefined;

  it(
    'every referrer type completes the form and sends the referral; the pages only a parent or teacher sees pass axe',
    async () => {
      // A few people at a time: a page load keeps the browser, the server and the test each partly busy, and there
      // are two cores to share between them.
      const results = await inLanes(REFERRER_TYPES, LANES, async (referrerType) => {
        const { page, watch } = await otway.person();
        const axeOn = AXE_ONLY_HERE[referrerType] ?? [];
        await startReferral(page);
        expect(stepOf(page)).toBe('who-is-referring');
        const answered = await answerUntilCheck(page, { referrerType }, async (step) => {
          if (axeOn.includes(step)) await checkEmptyAndErrors(watch, page, step);
        });
        for (const own of OWN_PAGES[referrerType]) expect(answered, `${referrerType} is asked ${own}`).toContain(own);
        for (const step of axeOn) {
          await page.goto(referUrl(step));
          expect(stepOf(page)).toBe(step);
          await checkPage(watch, page, `referral ${step} answered`, { status: 200 });
        }
        if (axeOn.length > 0) await page.goto(referUrl(CHECK));
        expect(await heading(page)).toBe(CHECK_HEADING);
        const main = await page.getByRole('main').innerText();
        expect(main).toContain(EMPINGHAM.label);
        expect(main).toContain(FULLHURST.label);
        if (referrerType === 'education-staff') expect(main).toContain(BEAUMONT_LEYS.label);
        expect(main).not.toContain('We will need to check some things');
        const reference = await sendReferral(page);
        expect(reference).toMatch(REFERENCE);
        expect(await heading(page)).toBe('Referral sent');
      });
      const failures = results.flatMap((r, i) =>
        r.status === 'rejected' ? [`${REFERRER_TYPES[i] ?? '?'}: ${String(r.reason)}`] : [],
      );
      expect(failures, failures.join('\n\n')).toEqual([]);
    },
    SLOW,
  );

  it('an education staff referral with the keyboard alone, the practice and schools chosen with the type-ahead', async () => {
    const { page } = await otway.person();
    const errors = collectConsoleErrors(page, otway.server.baseUrl);
    await page.goto(REFER);
    await pressByKeys(page, 'Start now');
    const steps: string[] = [];
    for (let i = 0; i < 60 && stepOf(page) !== CHECK; i += 1) {
      const step = stepOf(page);
      steps.push(step);
      await answerByKeys(page, step);
      // From a place chosen among the suggestions, Continue is the very next stop.
      await pressByKeys(page, 'Continue', CHOSEN_BY_TYPE_AHEAD.includes(step) ? 1 : 60);
      expect(stepOf(page), `"${step}" did not take its answer: ${(await errorMessages(page)).join('; ')}`).not.toBe(
        step,
      );
    }
    expect(steps).toContain('your-school');
    expect(stepOf(page)).toBe(CHECK);
    const main = await page.getByRole('main').innerText();
    expect(main).toContain(BEAUMONT_LEYS.label);
    expect(main).toContain(EMPINGHAM.label);
    // Past every "Change" link to the button.
    await pressByKeys(page, 'Send referral', 200);
    expect(stepOf(page)).toBe('confirmation');
    expect(await referenceOn(page)).toMatch(REFERENCE);
    expect(errors).toEqual([]);
  });

  // The list is named by the kind of place the page searches, whatever its field is called (the checker's is "gp", the
  // referral form's are referrerPractice and childGp), so a screen reader announces what it holds.
  it('names the type-ahead suggestions of a practice search as GP practices', async () => {
    const { page } = await otway.person();
    await startReferral(page);
    for (const step of ['who-is-referring', 'your-details']) {
      await answerPage(page, step, { referrerType: 'gp' });
      await press(page, 'Continue');
    }
    expect(stepOf(page)).toBe('your-practice');
    const listbox = page.locator('[role="listbox"]');
    expect(await listbox.count()).toBe(1);
    expect(await listbox.getAttribute('aria-label')).toBe('Suggested GP practices');
  });

  it('the same referral without JavaScript, uploading a PDF and removing it', async () => {
    const { page, watch } = await otway.person({ javaScriptEnabled: false });
    await startReferral(page);
    const c: ReferralCase = { referrerType: 'education-staff' };
    await answerUntilCheck(page, c, async (step) => {
      if (['your-school', 'child-gp', 'child-school'].includes(step))
        expect(await page.getByRole('combobox').count(), 'no type-ahead without JavaScript').toBe(0);
      if (step !== 'attachments') return;
      await uploadFile(page, A_PDF);
      expect(stepOf(page)).toBe('attachments');
      expect(await page.getByRole('main').innerText()).toContain(`${A_PDF_NAME} has been uploaded`);
      const listed = page.locator('.nhsuk-summary-list__key', { hasText: A_PDF_NAME });
      expect(await listed.count()).toBe(1);
      await saveScreenshot(page, 'referral attachments with a file without javascript');
      await press(page, `Remove ${A_PDF_NAME}`);
      expect(stepOf(page)).toBe('attachments');
      expect(await listed.count()).toBe(0);
      // And once more, to send with the referral.
      await uploadFile(page, A_PDF);
      expect(await listed.count()).toBe(1);
    });
    expect(stepOf(page)).toBe(CHECK);
    const files = page.locator('.nhsuk-summary-list__row', { hasText: 'Files' });
    expect(await files.innerText()).toContain(A_PDF_NAME);
    expect(await page.getByRole('main').innerText()).toContain(BEAUMONT_LEYS.label);
    const reference = await sendReferral(page);
    expect(reference).toMatch(REFERENCE);
    // axe-core runs as a script in the page, so it cannot check a page without JavaScript: only the picture is kept.
    expect(watch.documentOf(page).status()).toBe(200);
    await saveScreenshot(page, 'referral confirmation without javascript');
  });

  it('an administrator invites an admin officer', async () => {
    const { page } = await otway.person();
    await createFirstAdmin(page, otway.server.firstAdminLink, admin);
    await signIn(page, admin);
    officerLink = await invite(page, officer, ['Admin officer']);
  });

  it('an admin officer registers a paper referral, and sees it registered', async () => {
    expect(officerLink, 'the administrator invites them first').toBeDefined();
    const { page, watch } = await otway.person();
    await acceptInvitation(page, officerLink!, officer.password);
    await signIn(page, officer);
    await page.getByRole('main').getByRole('link', { name: 'Register a referral' }).click();
    await page.waitForURL(`**${paths.staff.registerReferral.build()}`);
    expect(await heading(page)).toBe('Register a referral');
    await checkPage(watch, page, 'staff register a referral', { status: 200, signedIn: true });

    await press(page, 'Start');
    expect(stepOf(page)).toBe('received');
    expect(await heading(page)).toBe('How did the referral arrive?');
    await checkPage(watch, page, 'staff referral received', { status: 200 });
    await press(page, 'Continue');
    expect(await errorMessages(page)).toEqual([
      'Select how the referral arrived',
      'Enter the date the referral arrived',
    ]);
    await checkPage(watch, page, 'staff referral received with errors', { status: 400 });

    const c: ReferralCase = { referrerType: 'gp' };
    await answerPage(page, 'received', c);
    await press(page, 'Continue');
    expect(stepOf(page)).toBe('who-is-referring');
    expect(await heading(page)).toBe('Who is referring?');
    await page.goto(referUrl('received'));
    await checkPage(watch, page, 'staff referral received answered', { status: 200 });
    await press(page, 'Continue');

    const answered = await answerUntilCheck(page, c, async (step) => {
      if (step === 'attachments') await saveScreenshot(page, 'staff referral attachments');
    });
    expect(answered).toContain('your-practice');
    expect(await page.getByRole('button', { name: 'Send referral' }).count()).toBe(0);
    await saveScreenshot(page, 'staff referral check your answers');
    const reference = await sendReferral(page, 'Register referral');
    expect(reference).toMatch(REFERENCE);
    expect(await heading(page)).toBe('Referral registered');
    await saveScreenshot(page, 'staff referral registered');
  });
});
