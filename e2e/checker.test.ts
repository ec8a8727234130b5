/**
 * "Check if we can help": every page, in each of its states, passes axe-core's WCAG 2.x A and AA rules and carries
 * the security headers, both on a fresh install (the practice and school are asked in words) and with the reference
 * data imported (they are searched for). The whole checker works with the keyboard alone, including the type-ahead,
 * and without JavaScript; the type-ahead follows the WAI-ARIA combobox pattern and breaks no rule of the CSP.
 */
import type { ConsoleMessage, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser } from './support/browser.js';
import { checkPage, saveScreenshot } from './support/checks.js';
import {
  CHECKER,
  OUTCOME_HEADINGS,
  andWaitForPage,
  checkerUrl,
  dateBefore,
  expectErrorSummary,
  fillDate,
  headingOf,
  isTicked,
  press,
  startWithDateOfBirth,
  stepOf,
  tick,
} from './support/checker.js';
import { focused, tabTo } from './support/journeys.js';
import { useOtway, type Otway } from './support/otway.js';
import type { QuestionPage } from '../src/domain/checker/pages.js';

/** The checker's difficulties, as a family reads them: what each kind means, not its clinical name. */
const MOVEMENT = 'Balance, coordination, handwriting, or using scissors, cutlery or a pencil';
const SENSORY = 'Reacting to noise, touch, movement, tastes or textures in a way that gets in the way of everyday life';
const PERCEPTUAL = 'Judging distance, space or shapes, copying, or finding things they are looking for';
const AREA = 'Leicester, Leicestershire or Rutland';
const SLOW = 240_000;

/** One page of the checker: the message for an empty answer, how to answer it, and how to see the answer kept. */
interface Question {
  page: QuestionPage;
  error: string;
  answer: (page: Page) => Promise<void>;
  kept: (page: Page) => Promise<boolean>;
}

const ticked =
  (...labels: string[]) =>
  async (page: Page) => {
    for (const label of labels) if (!(await isTicked(page, label))) return false;
    return true;
  };

const tickAnd =
  (...labels: string[]) =>
  (page: Page) =>
    tick(page, ...labels);

const seventeen = dateBefore(17, 40);
const dischargedOn = dateBefore(0, 60);

/**
 * A path that asks every question on a fresh install: a 17-year-old (so education is asked) at a school in the area
 * (curriculum), with an excluded condition (community issue), referred by a parent whom we have seen before (both
 * discharge pages). It ends eligible.
 */
const EVERY_QUESTION: Question[] = [
  {
    page: 'date-of-birth',
    error: "Enter the child's date of birth",
    answer: (page) => fillDate(page, seventeen),
    kept: async (page) => (await page.getByLabel('Year', { exact: true }).inputValue()) === seventeen.year,
  },
  {
    page: 'education',
    error: 'Select yes if the young person is in full-time education',
    answer: tickAnd('Yes'),
    kept: ticked('Yes'),
  },
  {
    page: 'gp-practice',
    error: "Select the child's GP practice, or say that you do not know it",
    answer: tickAnd(`A GP practice in ${AREA}`),
    kept: ticked(`A GP practice in ${AREA}`),
  },
  {
    page: 'school',
    error: "Select the child's school or college, or say that you do not know it",
    answer: tickAnd(`A school or college in ${AREA}`),
    kept: ticked(`A school or college in ${AREA}`),
  },
  {
    page: 'curriculum',
    error: 'Select yes if the child needs help with things they do at school',
    answer: tickAnd('Yes'),
    kept: ticked('Yes'),
  },
  {
    page: 'difficulties',
    error: "Select the child's difficulties, or 'None of these'",
    answer: tickAnd(MOVEMENT, SENSORY),
    kept: ticked(MOVEMENT, SENSORY),
  },
  {
    page: 'conditions',
    error: "Select the child's conditions, or 'None of these'",
    answer: tickAnd('A mental health condition'),
    kept: ticked('A mental health condition'),
  },
  {
    page: 'community-issue',
    error: 'Select yes if a serious problem stops the child getting help outside the home',
    answer: tickAnd('Yes'),
    kept: ticked('Yes'),
  },
  {
    page: 'other-needs',
    error: "Select the ones that apply, or 'None of these'",
    answer: tickAnd('None of these'),
    kept: ticked('None of these'),
  },
  {
    page: 'who-is-referring',
    error: 'Select who will make the referral',
    answer: tickAnd('A parent or carer'),
    kept: ticked('A parent or carer'),
  },
  {
    page: 'discharge',
    error: 'Select yes if our service has seen the child before',
    answer: tickAnd('Yes'),
    kept: ticked('Yes'),
  },
  {
    page: 'discharge-date',
    error: 'Enter the date we discharged the child',
    answer: (page) => fillDate(page, dischargedOn),
    kept: async (page) => (await page.getByLabel('Month', { exact: true }).inputValue()) === dischargedOn.month,
  },
];

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

async function checkStart(otway: Otway, name: string): Promise<void> {
  const { page, watch } = await otway.person();
  await page.goto(CHECKER);
  expect(await headingOf(page)).toBe('Check if we can help');
  await checkPage(watch, page, name, { status: 200 });
  await andWaitForPage(page, () => page.getByRole('button', { name: 'Start now' }).click());
  expect(stepOf(page)).toBe('date-of-birth');
}

describeInBrowser('The checker on a fresh install, asking about the practice and school in words', () => {
  const otway = useOtway();

  it('the start page', async () => {
    await checkStart(otway, 'checker start');
  });

  it(
    'every question page, empty, with errors and answered, on the way to an eligible result',
    async () => {
      const { page, watch } = await otway.person();
      await page.goto(checkerUrl('date-of-birth'));
      for (const question of EVERY_QUESTION) {
        const name = `checker ${question.page}`;
        expect(stepOf(page), 'the flow asks every question in turn').toBe(question.page);
        await checkPage(watch, page, name, { status: 200 });
        await press(page, 'Continue');
        expect(stepOf(page)).toBe(question.page);
        await expectErrorSummary(page, question.error);
        await checkPage(watch, page, `${name} with errors`, { status: 400 });
        await question.answer(page);
        await press(page, 'Continue');
      }
      expect(stepOf(page)).toBe('result');
      expect(await headingOf(page)).toBe(OUTCOME_HEADINGS.eligible);
      await checkPage(watch, page, 'checker result eligible', { status: 200 });

      for (const question of EVERY_QUESTION) {
        await page.goto(checkerUrl(question.page));
        expect(stepOf(page), 'an answered page can be seen again').toBe(question.page);
        expect(await question.kept(page), `the answer kept on ${question.page}`).toBe(true);
        await checkPage(watch, page, `checker ${question.page} answered`, { status: 200 });
      }
    },
    SLOW,
  );

  it('the result for a young person too old, straight after the date of birth', async () => {
    const { page, watch } = await otway.person();
    await startWithDateOfBirth(page, dateBefore(20, 40));
    expect(stepOf(page)).toBe('result');
    expect(await headingOf(page)).toBe(OUTCOME_HEADINGS.ineligible);
    const main = await page.getByRole('main').innerText();
    expect(main).toContain('We stopped asking questions');
    expect(main).toContain("Ask the young person's GP about adult services");
    await checkPage(watch, page, 'checker result ineligible', { status: 200 });
  });

  it('the result when we cannot help: plain reasons and signposting, without the service’s own pages', async () => {
    const { page, watch } = await otway.person();
    await startWithDateOfBirth(page, dateBefore(8, 40));
    const answers: [QuestionPage, string[]][] = [
      ['gp-practice', [`A GP practice in ${AREA}`]],
      ['school', ['The child does not go to school or college']],
      ['difficulties', [SENSORY]],
      ['conditions', ['Autism']],
      ['other-needs', ['You are looking for Ayres Sensory Integration therapy']],
    ];
    for (const [step, labels] of answers) {
      expect(stepOf(page)).toBe(step);
      await tick(page, ...labels);
      await press(page, 'Continue');
    }
    expect(stepOf(page)).toBe('result');
    expect(await headingOf(page)).toBe(OUTCOME_HEADINGS.ineligible);
    const main = await page.getByRole('main').innerText();
    expect(main).toContain('We do not provide Ayres Sensory Integration therapy.');
    expect(main).toContain('SENDIASS Leicester');
    expect(main).not.toContain('LPT referrals page');
    await checkPage(watch, page, 'checker result ineligible signposting', { status: 200 });
  });

  it('the result for a parent whom we have not seen before', async () => {
    const { page, watch } = await otway.person();
    await startWithDateOfBirth(page, dateBefore(8, 40));
    const answers: [QuestionPage, string[]][] = [
      ['gp-practice', [`A GP practice in ${AREA}`]],
      ['school', ['The child does not go to school or college']],
      ['difficulties', [MOVEMENT]],
      ['conditions', ['None of these']],
      ['other-needs', ['None of these']],
      ['who-is-referring', ['A parent or carer']],
      ['discharge', ['No']],
    ];
    for (const [step, labels] of answers) {
      expect(stepOf(page)).toBe(step);
      await tick(page, ...labels);
      await press(page, 'Continue');
    }
    expect(stepOf(page), 'no date to ask for').toBe('result');
    expect(await headingOf(page)).toBe('The child may be eligible, but someone else must refer them');
    expect(await page.getByRole('main').innerText()).toContain('You told us we have not seen the child before.');
    await checkPage(watch, page, 'checker result parent not seen', { status: 200 });
  });

  it('the result when nobody knows the practice or the school', async () => {
    const { page, watch } = await otway.person();
    await startWithDateOfBirth(page, dateBefore(8, 40));
    const answers: [QuestionPage, string[]][] = [
      ['gp-practice', ['I do not know']],
      ['school', ['I do not know']],
      ['difficulties', ['Everyday tasks such as dressing, eating, washing or using the toilet']],
      ['conditions', ['None of these']],
      ['other-needs', ['None of these']],
      ['who-is-referring', ['A GP']],
    ];
    for (const [step, labels] of answers) {
      expect(stepOf(page)).toBe(step);
      await tick(page, ...labels);
      await press(page, 'Continue');
    }
    expect(stepOf(page)).toBe('result');
    expect(await headingOf(page)).toBe(OUTCOME_HEADINGS.unclear);
    await checkPage(watch, page, 'checker result unclear', { status: 200 });
  });
});

const EMPINGHAM = 'EMPINGHAM MEDICAL CENTRE, OAKHAM, LE15 8PR';
const MANY_RESULTS =
  'Showing the first 20 results for ‘Leicester’. Add more of the name, or search by postcode, to narrow it down.';
const RUSHEY_MEAD_CLOSED = 'RUSHEY MEAD HEALTH CENTRE, LEICESTER, LE4 7ZX (closed)';
const BEAUMONT_LEYS = 'Beaumont Leys School, Leicester, LE4 0FL';
const FULLHURST = 'Fullhurst Community College, Leicester, LE3 1AH';

/** The search box as the type-ahead presents it: a combobox whose list of suggestions is a listbox. */
const searchBox = (page: Page) => page.locator('#q');

/** What the page says about the search it shows (not the type-ahead's own announcements). */
async function searchStatus(page: Page): Promise<string> {
  return (await page.locator('main p[role="status"]').innerText()).trim();
}

async function searchFor(page: Page, words: string): Promise<void> {
  await searchBox(page).fill(words);
  await press(page, 'Search');
  expect(new URL(page.url()).searchParams.get('q')).toBe(words);
}

describeInBrowser('The checker with the GP practices and schools imported', () => {
  const otway = useOtway({}, { referenceData: true });

  it('the start page', async () => {
    await checkStart(otway, 'checker with places start');
  });

  it(
    'the practice and school searches: empty, with results, with none, with errors and answered',
    async () => {
      const { page, watch } = await otway.person();
      await startWithDateOfBirth(page, dateBefore(8, 40));

      const places = [
        ['gp-practice', 'Empingham', EMPINGHAM, "Select the child's GP practice, or say that you do not know it"],
        ['school', 'Fullhurst', FULLHURST, "Select the child's school or college, or say that you do not know it"],
      ] as const;
      for (const [step, search, choice, error] of places) {
        const name = `checker with places ${step}`;
        expect(stepOf(page)).toBe(step);
        expect(await page.getByRole('radio').count(), 'before a search, only the answers in words').toBe(2);
        await checkPage(watch, page, name, { status: 200 });

        await searchFor(page, 'Xqzxqz');
        expect(await searchStatus(page)).toContain('No results for ‘Xqzxqz’');
        await checkPage(watch, page, `${name} no results`, { status: 200 });

        await searchFor(page, 'Leicester');
        expect(await searchStatus(page)).toBe(MANY_RESULTS);
        expect(await page.getByRole('radio').count()).toBe(22);
        await checkPage(watch, page, `${name} results`, { status: 200 });

        // Continue without a choice: the error page keeps the search and its results.
        await press(page, 'Continue');
        expect(stepOf(page)).toBe(step);
        await expectErrorSummary(page, error);
        expect(await searchStatus(page)).toBe(MANY_RESULTS);
        expect(await searchBox(page).inputValue()).toBe('Leicester');
        expect(await page.getByRole('radio').count()).toBe(22);
        await checkPage(watch, page, `${name} with errors`, { status: 400 });

        await searchFor(page, search);
        await tick(page, choice);
        await press(page, 'Continue');
      }
      expect(stepOf(page)).toBe('curriculum');

      for (const [step, , choice] of places) {
        await page.goto(checkerUrl(step));
        expect(await isTicked(page, choice), `the ${step} chosen is kept`).toBe(true);
        await checkPage(watch, page, `checker with places ${step} answered`, { status: 200 });
      }
    },
    SLOW,
  );

  it('works with the keyboard alone, choosing the practice and school with the type-ahead', async () => {
    const { page } = await otway.person();
    const errors = collectConsoleErrors(page, otway.server.baseUrl);
    const bound = 40;
    const next = async () => {
      await tabTo(page, 'button: Continue', bound);
      await andWaitForPage(page, () => page.keyboard.press('Enter'));
    };

    await page.goto(CHECKER);
    await tabTo(page, 'button: Start now', bound);
    await andWaitForPage(page, () => page.keyboard.press('Enter'));

    expect(stepOf(page)).toBe('date-of-birth');
    const born = dateBefore(8, 40);
    await tabTo(page, 'field: Day', bound);
    await page.keyboard.type(born.day);
    await page.keyboard.press('Tab');
    await page.keyboard.type(born.month);
    await page.keyboard.press('Tab');
    await page.keyboard.type(born.year);
    await next();

    const viaTypeAhead = [
      ['gp-practice', 'Search for the practice', 'C82044', EMPINGHAM],
      ['school', 'Search for the school or college', 'Beaumont', BEAUMONT_LEYS],
    ] as const;
    for (const [step, label, typed, choice] of viaTypeAhead) {
      expect(stepOf(page)).toBe(step);
      await tabTo(page, `field: ${label}`, bound);
      await page.keyboard.type(typed);
      await page.getByRole('option', { name: choice }).waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      expect(stepOf(page), 'choosing a suggestion sends nothing').toBe(step);
      await expect.poll(() => focused(page)).toBe(`field: ${choice}`);
      expect(await isTicked(page, choice)).toBe(true);
      // Straight from the chosen answer to Continue: nothing in between.
      await tabTo(page, 'button: Continue', 1);
      await andWaitForPage(page, () => page.keyboard.press('Enter'));
    }

    const byKeys: [QuestionPage, string][] = [
      ['curriculum', 'Yes'],
      ['difficulties', MOVEMENT],
      ['conditions', 'None of these'],
      ['other-needs', 'None of these'],
    ];
    for (const [step, label] of byKeys) {
      expect(stepOf(page)).toBe(step);
      await tabTo(page, `field: ${label}`, bound);
      await page.keyboard.press('Space');
      expect(await isTicked(page, label)).toBe(true);
      await next();
    }

    // Arrow keys move through a group of radios and tick as they go: on to the last that may refer.
    expect(stepOf(page)).toBe('who-is-referring');
    await tabTo(page, 'field: A GP', bound);
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('field: A health professional');
    expect(await isTicked(page, 'A health professional')).toBe(true);
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('field: A parent or carer');
    await next();

    expect(stepOf(page)).toBe('discharge');
    await tabTo(page, 'field: Yes', bound);
    await page.keyboard.press('Space');
    expect(await isTicked(page, 'Yes')).toBe(true);
    await next();

    expect(stepOf(page)).toBe('discharge-date');
    const discharged = dateBefore(0, 45);
    await tabTo(page, 'field: Day', bound);
    await page.keyboard.type(discharged.day);
    await page.keyboard.press('Tab');
    await page.keyboard.type(discharged.month);
    await page.keyboard.press('Tab');
    await page.keyboard.type(discharged.year);
    await next();

    expect(stepOf(page)).toBe('result');
    expect(await headingOf(page)).toBe(OUTCOME_HEADINGS.eligible);
    expect(await page.getByRole('main').innerText()).toContain(EMPINGHAM);
    expect(errors).toEqual([]);
  });

  it('works without JavaScript, with the Search button and the radios', async () => {
    const { page, watch } = await otway.person({ javaScriptEnabled: false });
    await page.goto(CHECKER);
    await andWaitForPage(page, () => page.getByRole('button', { name: 'Start now' }).click());
    await fillDate(page, dateBefore(8, 40));
    await press(page, 'Continue');

    for (const [step, search, choice] of [
      ['gp-practice', 'Empingham', EMPINGHAM],
      ['school', 'Fullhurst', FULLHURST],
    ] as const) {
      expect(stepOf(page)).toBe(step);
      expect(await page.getByRole('combobox').count(), 'no type-ahead without JavaScript').toBe(0);
      await searchFor(page, search);
      // Continue before choosing: the search and its result are still there to choose from.
      await press(page, 'Continue');
      expect(stepOf(page)).toBe(step);
      expect(watch.documentOf(page).status()).toBe(400);
      expect(await searchStatus(page)).toMatch(new RegExp(`^\\d+ results? for ‘${search}’\\.$`, 'u'));
      expect(await searchBox(page).inputValue()).toBe(search);
      await tick(page, choice);
      await press(page, 'Continue');
    }
    for (const [step, labels] of [
      ['curriculum', ['Yes']],
      ['difficulties', [MOVEMENT, PERCEPTUAL]],
      ['conditions', ['Autism']],
      ['other-needs', ['None of these']],
      ['who-is-referring', ['A parent or carer']],
      ['discharge', ['Yes']],
    ] as const) {
      expect(stepOf(page)).toBe(step);
      await tick(page, ...labels);
      await press(page, 'Continue');
    }
    expect(stepOf(page)).toBe('discharge-date');
    await fillDate(page, dateBefore(0, 45));
    await press(page, 'Continue');
    expect(stepOf(page)).toBe('result');
    expect(await headingOf(page)).toBe(OUTCOME_HEADINGS.eligible);
    // axe-core runs as a script in the page, so it cannot check a page without JavaScript: only the picture is kept.
    expect(watch.documentOf(page).status()).toBe(200);
    await saveScreenshot(page, 'checker with places result without javascript');
  });

  it('suggests practices as the WAI-ARIA combobox does, and ticks the one chosen without sending anything', async () => {
    const { page, watch } = await otway.person();
    const errors = collectConsoleErrors(page, otway.server.baseUrl);
    await startWithDateOfBirth(page, dateBefore(8, 40));
    expect(stepOf(page)).toBe('gp-practice');

    const asked: { url: URL; accept: string }[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) asked.push({ url, accept: request.headers().accept ?? '' });
    });
    let documents = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) documents += 1;
    });

    const box = searchBox(page);
    const listbox = page.getByRole('listbox');
    expect(await box.getAttribute('role')).toBe('combobox');
    expect(await box.getAttribute('aria-autocomplete')).toBe('list');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await box.getAttribute('aria-describedby'), 'the hint still describes the box').toBe('q-hint');
    const listboxId = await box.getAttribute('aria-controls');
    expect(listboxId).not.toBeNull();
    expect(await page.locator(`#${listboxId!}`).getAttribute('role')).toBe('listbox');
    expect(await listbox.isHidden()).toBe(true);

    // One letter asks for nothing; a word typed quickly asks once, after the pause.
    await box.pressSequentially('l');
    await page.waitForTimeout(600);
    expect(asked).toEqual([]);
    await box.pressSequentially('eic', { delay: 40 });
    await page.getByRole('option').first().waitFor();
    // Without the pause there would be three (le, lei, leic); a slow machine may let one more through.
    expect(asked.length).toBeLessThan(3);
    expect(asked.at(-1)?.url.search).toBe('?q=leic&limit=10');
    expect(asked.every((a) => a.accept === 'application/json')).toBe(true);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    const options = page.getByRole('option');
    const count = await options.count();
    expect(count).toBeGreaterThan(1);
    expect(count).toBeLessThanOrEqual(10);
    for (const text of await options.allInnerTexts()) expect(text).toMatch(/^[^,]+(, [^,]+)+$/u);
    await checkPage(watch, page, 'checker with places gp-practice suggestions', { status: 200 });

    // Up and down move through the suggestions, which the box names as its active descendant.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const second = await options.nth(1).getAttribute('id');
    expect(await box.getAttribute('aria-activedescendant')).toBe(second);
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await options.nth(0).getAttribute('id'));
    await page.keyboard.press('ArrowUp');
    expect(await box.getAttribute('aria-activedescendant'), 'up from the first goes round to the last').toBe(
      await options.nth(count - 1).getAttribute('id'),
    );
    await page.keyboard.press('Escape');
    expect(await listbox.isHidden()).toBe(true);
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await box.getAttribute('aria-activedescendant')).toBeNull();
    expect(await focused(page)).toBe('field: Search for the practice');

    // A closed practice says so; choosing it with the mouse ticks it first among the answers and moves there.
    await box.fill('rushey mead health');
    await page.getByRole('option', { name: RUSHEY_MEAD_CLOSED }).click();
    await expect.poll(() => focused(page)).toBe(`field: ${RUSHEY_MEAD_CLOSED}`);
    const radios = page.locator('#childGp-choices').getByRole('radio');
    expect(await radios.first().isChecked()).toBe(true);
    expect(await radios.first().getAttribute('value')).toBe('C82015');
    expect(await page.locator('form[method="post"] legend').innerText()).toBe('Choose the practice');
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .toContain('Selected RUSHEY MEAD HEALTH CENTRE. Press Continue.');
    expect(await listbox.isHidden()).toBe(true);

    // Choosing another replaces the one added, and one the page already lists is ticked rather than added again.
    await box.fill('C82044');
    await page.getByRole('option', { name: EMPINGHAM }).waitFor();
    await box.press('ArrowDown');
    await box.press('Enter');
    await expect.poll(() => focused(page)).toBe(`field: ${EMPINGHAM}`);
    expect(await page.locator('#childGp-choices').getByRole('radio', { name: RUSHEY_MEAD_CLOSED }).count()).toBe(0);
    expect(await page.locator('#childGp-choices .nhsuk-radios__divider').count()).toBe(1);
    expect(documents, 'nothing was sent for the person').toBe(0);

    await searchFor(page, 'Empingham');
    expect(await page.locator('input[value="C82044"]').count()).toBe(1);
    await box.fill('C82044');
    await page.getByRole('option', { name: EMPINGHAM }).waitFor();
    await box.press('ArrowDown');
    await box.press('Enter');
    await expect.poll(() => focused(page)).toBe(`field: ${EMPINGHAM}`);
    expect(await page.locator('input[value="C82044"]').count()).toBe(1);
    expect(await isTicked(page, EMPINGHAM)).toBe(true);

    // Enter with no suggestion picked searches, as the Search button does.
    await box.fill('Oakham');
    await page.getByRole('option').first().waitFor();
    await andWaitForPage(page, () => box.press('Enter'));
    expect(new URL(page.url()).searchParams.get('q')).toBe('Oakham');

    await box.fill('C82044');
    await page.getByRole('option', { name: EMPINGHAM }).waitFor();
    await box.press('ArrowDown');
    await box.press('Enter');
    await press(page, 'Continue');
    expect(stepOf(page)).toBe('school');
    expect(errors).toEqual([]);
  });

  it('writes what the server sends as text, never as HTML', async () => {
    const { page } = await otway.person();
    const errors = collectConsoleErrors(page, otway.server.baseUrl);
    await startWithDateOfBirth(page, dateBefore(8, 40));
    const name = '<img src="/x" alt="x">Smith & <b>Jones</b>';
    await page.route('**/api/v1/reference/gp-practices?*', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          results: [{ code: 'C99999', name, town: 'LEICESTER', postcode: null, open: false, gpPractice: true }],
        }),
      }),
    );
    await searchBox(page).fill('smith');
    const option = page.getByRole('option');
    await option.waitFor();
    expect(await option.innerText()).toBe(`${name}, LEICESTER (closed)`);
    expect(await page.getByRole('listbox').locator('img, b').count()).toBe(0);
    await searchBox(page).press('ArrowDown');
    await searchBox(page).press('Enter');
    const label = page.locator('#childGp-choices label').first();
    expect(await label.innerText()).toBe(`${name}, LEICESTER (closed)`);
    expect(await page.locator('#childGp-choices').locator('img, b').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('the result with a practice and school chosen', async () => {
    const { page, watch } = await otway.person();
    await startWithDateOfBirth(page, dateBefore(8, 40));
    await searchFor(page, 'Empingham');
    await tick(page, EMPINGHAM);
    await press(page, 'Continue');
    await searchFor(page, 'Beaumont');
    await tick(page, BEAUMONT_LEYS);
    await press(page, 'Continue');
    for (const labels of [['No'], [SENSORY], ['None of these'], ['None of these'], ['A GP']]) {
      await tick(page, ...labels);
      await press(page, 'Continue');
    }
    expect(stepOf(page)).toBe('result');
    expect(await headingOf(page)).toBe(OUTCOME_HEADINGS.eligible);
    const main = await page.getByRole('main').innerText();
    expect(main).toContain(EMPINGHAM);
    expect(main).toContain(BEAUMONT_LEYS);
    await checkPage(watch, page, 'checker with places result eligible', { status: 200 });
  });
});
