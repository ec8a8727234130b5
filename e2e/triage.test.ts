/**
 * Issue 5 in Chromium: three referrals, as the public referral form sends them, are triaged by triage clinicians. The
 * first is accepted onto a pathway, and its letters go out (the referrer's by e-mail, through the outbox an
 * administrator reads; the family's and the GP's to the print queue an admin officer works from). The second is
 * redirected with the keyboard alone, while a second clinician deciding it at the same time is told it was changed.
 * The third is asked for more information without JavaScript, and "information received" brings it back to awaiting
 * triage. The worklist (as it comes and filtered), the referral page before and after each kind of decision, every
 * decision page (accept and information received also sent empty, with their errors), a letter, the conflict page,
 * the print queue and the outbox pass axe-core's WCAG 2.x A and AA rules. The referrals are made through the referral
 * use cases on the server's database (e2e/support/seed.ts); referral.test.ts covers the form in the browser.
 */
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from './support/browser.js';
import { checkPage, saveScreenshot } from './support/checks.js';
import { andWaitForPage, expectErrorSummary, fillDate, press, tick, type DateParts } from './support/checker.js';
import {
  PASSWORD,
  acceptInvitation,
  createFirstAdmin,
  heading,
  invite,
  signIn,
  type Person,
  type RoleLabel,
} from './support/journeys.js';
import { useOtway } from './support/otway.js';
import { useSeeding } from './support/seed.js';
import { aReferral } from '../test/support/factories.js';
import type { ReferralCase } from '../test/support/referral.js';
import { chooseRadio, focusedName, keyTo, pressByKeys, typeInto } from './support/referral.js';
import { paths } from '../src/web/paths.js';

/**
 * Three referrals of some thirty pages each, then four journeys with axe on every page: a few minutes when the two
 * cores are shared with other work, so each test gets room.
 */
const SLOW = 300_000;

const admin: Person = { name: 'Mary Seacole', email: 'mary.seacole@nhs.test', password: PASSWORD };
const triager: Person = { name: 'Rosa Quinn', email: 'rosa.quinn@nhs.test', password: 'saffron window kettle 8' };
const secondTriager: Person = { name: 'Tomas Berg', email: 'tomas.berg@nhs.test', password: 'granite puffin cellar 3' };
const officer: Person = { name: 'Olu Adeyemi', email: 'olu.adeyemi@nhs.test', password: 'pebble orchard lantern 5' };

/**
 * A teacher refers: the referrer has an e-mail address (their letter goes by e-mail), the family has none (theirs is
 * printed), and the child's GP practice is one the reference data lists, with the family's consent to share (the GP's
 * letter is printed).
 */
const TEACHER: Partial<ReferralCase> = { referrerType: 'education-staff' };
const CHILD = 'Amara Ndiaye';
const FAMILY = 'Grace Ndiaye';
const REFERRER = 'Sam Okafor';

/** The decision pages, by the link on a referral's page that leads to each. */
const DECISIONS = {
  accept: 'Accept onto a care pathway',
  decline: 'Do not accept',
  redirect: 'Redirect to another service',
  requestInformation: 'Ask the referrer for more information',
  informationReceived: 'Record that the information has arrived',
  giveAdvice: 'Give advice and close',
  withdraw: 'Withdraw the referral',
} as const;

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

const LETTERS_TABLE = "Letters about this referral's decisions";

/** A date `days` days from today, as a person types it. */
function dateAfter(days: number): DateParts {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return { day: String(date.getDate()), month: String(date.getMonth() + 1), year: String(date.getFullYear()) };
}

/** A date as Otway writes it in words: "3 March 2027". */
function longDate(date: DateParts): string {
  return new Date(Number(date.year), Number(date.month) - 1, Number(date.day)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** Follows a link by its name and waits for the page it leads to. */
function follow(page: Page, name: string): Promise<void> {
  return andWaitForPage(page, () => page.getByRole('link', { name, exact: true }).first().click());
}

/** From anywhere signed in, opens the worklist with the staff navigation. */
async function openWorklist(page: Page): Promise<void> {
  await andWaitForPage(page, () => page.getByRole('banner').getByRole('link', { name: 'Triage', exact: true }).click());
  expect(new URL(page.url()).pathname).toBe(paths.triage.worklist.build());
  expect(await heading(page)).toBe('Triage worklist');
}

/**
 * The page is the decision page `title`. Its heading is looked for by name: a page of one field also makes that
 * field's label a first-level heading.
 */
async function expectDecisionPage(page: Page, title: string, reference: string): Promise<void> {
  expect(await page.getByRole('heading', { level: 1, name: title, exact: true }).count(), page.url()).toBe(1);
  expect(await page.getByRole('main').innerText()).toContain(`Referral ${reference}: ${CHILD}`);
}

/** The worklist's row for a referral, found by its reference. */
function worklistRow(page: Page, reference: string) {
  return page
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: reference }) });
}

/** From the worklist, opens a referral's page by its reference; returns its id. */
async function openReferral(page: Page, reference: string): Promise<string> {
  await follow(page, reference);
  const match = /^\/staff\/triage\/referrals\/([^/]+)$/u.exec(new URL(page.url()).pathname);
  expect(match, `a referral's page, not ${page.url()}`).not.toBeNull();
  expect(await page.getByRole('main').innerText()).toContain(`Referral ${reference}`);
  expect(await heading(page)).toBe(CHILD);
  return match![1]!;
}

const STATUSES = [
  'Awaiting triage',
  'More information requested',
  'Accepted',
  'Not accepted',
  'Redirected',
  'Closed with advice',
  'Withdrawn',
] as const;

/** The referral's page shows it in `status`, and in no other. */
async function expectStatus(page: Page, status: (typeof STATUSES)[number]): Promise<void> {
  const main = page.getByRole('main');
  const shown = await Promise.all(
    STATUSES.map(async (s) => ((await main.getByText(s, { exact: true }).count()) > 0 ? [s] : [])),
  );
  expect(shown.flat(), `the status on ${page.url()}`).toEqual([status]);
}

/** The rows of a referral's Letters table, as text. */
async function letterRows(page: Page): Promise<string[]> {
  const rows = page.getByRole('table', { name: LETTERS_TABLE }).getByRole('row');
  return (await rows.allInnerTexts()).slice(1);
}

/** Who a referral's letters went to, in a fixed order (a decision's letters share one time of writing). */
function recipientsOf(rows: string[]): string[] {
  return rows.map((r) => r.split(':')[0] ?? '').sort();
}

describeInBrowser('Triage, from referrals sent through the public form to decisions and their letters', () => {
  const otway = useOtway({ OUTBOX_POLL_SECONDS: '1' }, { referenceData: true });
  const seeding = useSeeding(otway);
  const links: Partial<Record<'triager' | 'secondTriager' | 'officer', string>> = {};
  const refs: Partial<Record<'accepted' | 'redirected' | 'askedForMore', string>> = {};
  const ids: Partial<Record<'accepted' | 'redirected' | 'askedForMore', string>> = {};
  const sessions = new Map<string, StorageState>();

  /**
   * A member of staff in a browser of their own, on the staff home: signed in with the form the first time, and after
   * that in the same session (as a second tab would be), so the test does not spend its time signing in.
   */
  async function staffMember(who: Person, role: RoleLabel, options: BrowserContextOptions = {}) {
    const known = sessions.get(who.email);
    const person = await otway.person({ ...options, ...(known && { storageState: known }) });
    if (known === undefined) {
      await signIn(person.page, who);
      sessions.set(who.email, await person.context.storageState());
    } else {
      await person.page.goto(paths.staff.home.build());
    }
    expect(await heading(person.page)).toBe(`Hello, ${who.name}`);
    expect(await person.page.getByRole('main').innerText()).toContain(`as ${role}`);
    return person;
  }

  it(
    'three referrals come in while an administrator invites triage clinicians and an admin officer',
    async () => {
      const staff = (async () => {
        const { context, page } = await otway.person();
        await createFirstAdmin(page, otway.server.firstAdminLink, admin);
        await signIn(page, admin);
        sessions.set(admin.email, await context.storageState());
        links.triager = await invite(page, triager, ['Triage clinician']);
        links.secondTriager = await invite(page, secondTriager, ['Triage clinician']);
        links.officer = await invite(page, officer, ['Admin officer']);
        // Each sets their password in a browser of their own, not the administrator's.
        const newcomer = await otway.person();
        for (const [who, link] of [
          [triager, links.triager],
          [secondTriager, links.secondTriager],
          [officer, links.officer],
        ] as const)
          await acceptInvitation(newcomer.page, link, who.password);
      })();
      // The referrals are made through the referral use cases (referral.test.ts drives the form in the browser).
      const referrals = (async () => {
        const deps = await seeding();
        refs.accepted = (await aReferral(TEACHER).create(deps)).reference;
        refs.redirected = (await aReferral(TEACHER).create(deps)).reference;
        // The third, for the same child without the NHS number, once the first has made the child's record: the
        // service cannot be sure it is the same child, and triage is asked.
        refs.askedForMore = (await aReferral({ ...TEACHER, nhsNumber: '' }).create(deps)).reference;
      })();
      const results = await Promise.allSettled([staff, referrals]);
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
      expect(failures, failures.join('\n\n')).toEqual([]);
      expect(new Set(Object.values(refs)).size).toBe(3);
    },
    SLOW,
  );

  it(
    'a triage clinician finds the first referral on the worklist, looks at every decision, and accepts it',
    async () => {
      expect(refs.accepted, 'the first test sends the referrals').toBeDefined();
      const reference = refs.accepted!;
      const { page, watch } = await staffMember(triager, 'Triage clinician');
      await openWorklist(page);
      expect(await worklistRow(page, reference).innerText()).toContain('Awaiting triage');
      await checkPage(watch, page, 'triage worklist', { status: 200, signedIn: true });

      ids.accepted = await openReferral(page, reference);
      await expectStatus(page, 'Awaiting triage');
      expect(await page.getByRole('main').innerText()).toContain('No letters yet');
      await checkPage(watch, page, 'triage referral awaiting triage', { status: 200, signedIn: true });

      // Every decision open to a referral awaiting triage has its page, linked from the referral's; none is saved here.
      const others = [
        DECISIONS.decline,
        DECISIONS.redirect,
        DECISIONS.requestInformation,
        DECISIONS.giveAdvice,
        DECISIONS.withdraw,
      ];
      const hrefs = await Promise.all(
        others.map(async (title) => page.getByRole('link', { name: title, exact: true }).getAttribute('href')),
      );
      expect(await page.getByRole('link', { name: DECISIONS.informationReceived }).count()).toBe(0);
      for (const [i, title] of others.entries()) {
        await page.goto(hrefs[i]!);
        await expectDecisionPage(page, title, reference);
        await checkPage(watch, page, `triage decision ${title}`, { status: 200, signedIn: true });
      }
      // Back from the last, to accept.
      await follow(page, 'Back');
      expect(new URL(page.url()).pathname).toBe(paths.triage.referral.build({ referralId: ids.accepted }));
      await follow(page, DECISIONS.accept);
      await expectDecisionPage(page, DECISIONS.accept, reference);
      await checkPage(watch, page, 'triage decision accept', { status: 200, signedIn: true });
      await press(page, 'Save decision');
      await expectDecisionPage(page, DECISIONS.accept, reference);
      await expectErrorSummary(page, 'Select a care pathway');
      await expectErrorSummary(page, 'Select a priority');
      await expectErrorSummary(page, 'Select where the child should be seen');
      await checkPage(watch, page, 'triage decision accept with errors', { status: 400, signedIn: true });

      await tick(page, 'Physical Disability: Coordination', 'Soon', 'At school');
      await press(page, 'Save decision');
      expect(new URL(page.url()).pathname).toBe(paths.triage.referral.build({ referralId: ids.accepted }));
      const main = page.getByRole('main');
      expect(await main.innerText()).toContain('Decision recorded: Accepted');
      await expectStatus(page, 'Accepted');
      expect(await main.innerText()).toContain('Accepted onto the Physical Disability: Coordination pathway');
      expect(await page.getByRole('link', { name: DECISIONS.accept }).count(), 'no second acceptance').toBe(0);

      // Its letters: the referrer's by e-mail; the family (no e-mail address) and the GP by post.
      const letters = await letterRows(page);
      expect(letters).toHaveLength(3);
      expect(letters.find((l) => l.startsWith('The referrer:'))).toMatch(
        new RegExp(`${REFERRER}[\\s\\S]*By email`, 'u'),
      );
      expect(letters.find((l) => l.startsWith('The family:'))).toMatch(
        new RegExp(`${FAMILY}[\\s\\S]*By post: waiting to be printed`, 'u'),
      );
      expect(letters.find((l) => l.startsWith('The GP:'))).toContain('By post: waiting to be printed');
      await checkPage(watch, page, 'triage referral accepted', { status: 200, signedIn: true });

      await follow(page, 'Read the letter to the family');
      expect(await heading(page)).toBe(`We can help ${CHILD}: reference ${reference}`);
      await checkPage(watch, page, 'triage letter to the family', { status: 200, signedIn: true });

      // No longer waiting, so off the worklist as it first comes.
      await openWorklist(page);
      expect(await worklistRow(page, reference).count()).toBe(0);
    },
    SLOW,
  );

  it(
    'the second is redirected with the keyboard alone; a second clinician deciding it at the same time is told it was changed',
    async () => {
      expect(refs.redirected, 'the first test sends the referrals').toBeDefined();
      const reference = refs.redirected!;
      const [first, second] = await Promise.all([
        staffMember(triager, 'Triage clinician'),
        staffMember(secondTriager, 'Triage clinician'),
      ]);
      for (const { page } of [first, second]) {
        await openWorklist(page);
        ids.redirected = await openReferral(page, reference);
      }

      // The second clinician starts to decline it, and is still deciding.
      await follow(second.page, DECISIONS.decline);
      await tick(second.page, 'The difficulties are not significant enough to need occupational therapy');

      // The first reaches the redirect page, chooses, writes and saves with Tab, the arrow keys, typing and Enter.
      const { page, watch } = first;
      await keyTo(page, `link: ${DECISIONS.redirect}`);
      await andWaitForPage(page, () => page.keyboard.press('Enter'));
      await expectDecisionPage(page, DECISIONS.redirect, reference);
      await chooseRadio(page, "Children's physiotherapy", 'Speech and language therapy');
      await typeInto(page, 'Why?', 'The difficulties are with speech and swallowing more than with movement.');
      expect(await focusedName(page)).toBe('field: Why?');
      await pressByKeys(page, 'Save decision', 5);
      expect(new URL(page.url()).pathname).toBe(paths.triage.referral.build({ referralId: ids.redirected! }));
      expect(await page.getByRole('main').innerText()).toContain('Decision recorded: Redirected');
      await expectStatus(page, 'Redirected');
      expect(await page.getByRole('main').innerText()).toContain(
        'The difficulties are with speech and swallowing more than with movement.',
      );
      expect(recipientsOf(await letterRows(page))).toEqual(['The GP', 'The family', 'The referrer']);
      await checkPage(watch, page, 'triage referral redirected', { status: 200, signedIn: true });
      // The letter names the service chosen.
      await follow(page, 'Read the letter to the GP');
      expect(await heading(page)).toMatch(/redirected to Speech and language therapy$/u);
      await follow(page, 'Back to the referral');

      // The second clinician's decline is refused: the referral changed under them.
      await press(second.page, 'Save decision');
      expect(await heading(second.page)).toBe('This referral was changed');
      const conflict = await second.page.getByRole('main').innerText();
      expect(conflict).toContain('Your decision was not saved');
      expect(conflict).toContain(`${triager.name} recorded “${DECISIONS.redirect}” (Redirected)`);
      expect(conflict).toContain('The referral is now: Redirected');
      await checkPage(second.watch, second.page, 'triage decision conflict', { status: 409, signedIn: true });
      await press(second.page, 'See the referral');
      await expectStatus(second.page, 'Redirected');
      expect(await letterRows(second.page), 'the refused decline sent no letter').toHaveLength(3);
    },
    SLOW,
  );

  it(
    'the third is asked for more information without JavaScript; information received brings it back to awaiting triage',
    async () => {
      expect(refs.askedForMore, 'the first test sends the referrals').toBeDefined();
      const reference = refs.askedForMore!;
      const needed = 'A report from the physiotherapist who saw Amara last term.';
      const replyBy = dateAfter(21);

      // Without JavaScript: the worklist, the referral and the request, in the GOV.UK date boxes.
      const noScript = await staffMember(secondTriager, 'Triage clinician', { javaScriptEnabled: false });
      await openWorklist(noScript.page);
      ids.askedForMore = await openReferral(noScript.page, reference);
      await follow(noScript.page, DECISIONS.requestInformation);
      await expectDecisionPage(noScript.page, DECISIONS.requestInformation, reference);
      // The usual reply-by date is offered; the clinician gives another.
      expect(await noScript.page.getByLabel('Year', { exact: true }).inputValue()).toMatch(/^\d{4}$/u);
      await noScript.page.getByLabel('What do we need to know?', { exact: true }).fill(needed);
      await fillDate(noScript.page, replyBy, 'Reply by');
      await press(noScript.page, 'Save decision');
      expect(noScript.watch.documentOf(noScript.page).status()).toBe(200);
      let main = await noScript.page.getByRole('main').innerText();
      expect(main).toContain('Decision recorded: More information requested');
      await expectStatus(noScript.page, 'More information requested');
      expect(main).toContain(needed);
      expect(main, 'the reply-by date is shown').toContain(longDate(replyBy));
      expect(recipientsOf(await letterRows(noScript.page))).toEqual(['The family', 'The referrer']);
      await saveScreenshot(noScript.page, 'triage referral more information requested without javascript');

      // The first clinician filters the worklist to what is waiting for a reply, and records that it came.
      const { page, watch } = await staffMember(triager, 'Triage clinician');
      await openWorklist(page);
      expect(await worklistRow(page, reference).innerText()).toContain('More information requested');
      await page.getByText('Filter and sort the list', { exact: true }).click();
      // Both waiting statuses are ticked as the list first comes: leave only those waiting for a reply.
      expect(await page.getByLabel('More information requested', { exact: true }).isChecked()).toBe(true);
      await page.getByLabel('Awaiting triage', { exact: true }).uncheck();
      await press(page, 'Show referrals');
      expect(new URL(page.url()).searchParams.getAll('status')).toEqual(['more-information-requested']);
      expect(await worklistRow(page, reference).innerText()).toContain('More information requested');
      expect(await worklistRow(page, refs.redirected!).count()).toBe(0);
      await checkPage(watch, page, 'triage worklist filtered', { status: 200, signedIn: true });

      await openReferral(page, reference);
      expect(await page.getByRole('link', { name: DECISIONS.accept }).count()).toBe(0);

      // Without an NHS number the child only looks like the one already known: the clinician answers whether it is.
      await follow(page, 'Check whether this is the same child');
      expect(await heading(page)).toBe('Is this the same child?');
      await checkPage(watch, page, 'triage same child', { status: 200, signedIn: true });
      await press(page, 'Save answer');
      await expectErrorSummary(page, 'Select whether this is the same child');
      await checkPage(watch, page, 'triage same child with errors', { status: 400, signedIn: true });
      await tick(page, 'Yes, the same child');
      await press(page, 'Save answer');
      expect(await page.getByRole('main').innerText()).toContain('the records were merged');
      expect(await page.getByRole('link', { name: 'Check whether this is the same child' }).count()).toBe(0);
      await follow(page, DECISIONS.informationReceived);
      await expectDecisionPage(page, DECISIONS.informationReceived, reference);
      await checkPage(watch, page, 'triage decision information received', { status: 200, signedIn: true });
      await press(page, 'Save decision');
      await expectErrorSummary(page, 'Say what arrived');
      await checkPage(watch, page, 'triage decision information received with errors', {
        status: 400,
        signedIn: true,
      });
      await page.getByLabel('What arrived?', { exact: true }).fill('The physiotherapy report, by e-mail.');
      await press(page, 'Save decision');
      main = await page.getByRole('main').innerText();
      expect(main).toContain('Decision recorded: Awaiting triage');
      await expectStatus(page, 'Awaiting triage');
      expect(main, 'no reply is awaited').not.toContain('the reply is due by');
      expect(await page.getByRole('link', { name: DECISIONS.accept }).count(), 'it can be decided again').toBe(1);
      await checkPage(watch, page, 'triage referral information received', { status: 200, signedIn: true });

      await openWorklist(page);
      expect(await worklistRow(page, reference).innerText()).toContain('Awaiting triage');

      // Seen from the page without JavaScript too.
      await noScript.page.reload();
      await expectStatus(noScript.page, 'Awaiting triage');
    },
    SLOW,
  );

  it(
    'the letters: the e-mails in the outbox for an administrator, the rest on the print queue for an admin officer',
    async () => {
      expect(refs.accepted, 'the second test accepts a referral').toBeDefined();
      const reference = refs.accepted!;

      const printer = await staffMember(officer, 'Admin officer');
      await andWaitForPage(printer.page, () =>
        printer.page.getByRole('banner').getByRole('link', { name: 'Letters to print' }).click(),
      );
      expect(await heading(printer.page)).toBe('Letters to print');
      const queued = await printer.page
        .getByRole('table')
        .getByRole('row')
        .filter({ hasText: reference })
        .allInnerTexts();
      expect(queued.map((r) => /The (family|GP)/u.exec(r)?.[0]).sort()).toEqual(['The GP', 'The family']);
      expect(queued.find((r) => r.includes('The family'))).toContain(FAMILY);
      await checkPage(printer.watch, printer.page, 'letters print queue', { status: 200, signedIn: true });

      const { page, watch } = await staffMember(admin, 'Administrator');
      await andWaitForPage(page, () => page.getByRole('banner').getByRole('link', { name: 'Messages' }).click());
      expect(await heading(page)).toBe('Messages');
      await checkPage(watch, page, 'admin outbox with decision letters', { status: 200, signedIn: true });
      // Each decision's e-mail to its referrer (three so far), recorded by now (not sent), since Notify is not set up.
      const decisionLetters = page.getByRole('row').filter({ hasText: 'A letter about a triage decision' });
      await expect
        .poll(
          async () => {
            await page.reload();
            const rows = await decisionLetters.allInnerTexts();
            return rows.map((r) => (r.includes('Recorded, not sent: no Notify key') ? 'Recorded' : r));
          },
          { timeout: 30_000, interval: 500 },
        )
        .toEqual(['Recorded', 'Recorded', 'Recorded']);
      // The acceptance is the oldest of them: the messages are newest first.
      await andWaitForPage(page, () => decisionLetters.last().getByRole('link').click());
      const message = await page.getByRole('main').innerText();
      expect(message).toContain('What would have been sent');
      expect(message).toContain(`Referral accepted: ${CHILD}, reference ${reference}`);
      expect(message).toContain('Physical Disability: Coordination');
      await checkPage(watch, page, 'admin outbox decision letter', { status: 200, signedIn: true });
    },
    SLOW,
  );
});
