/**
 * Issue 14 in Chromium ("Done when"): a child's clinical record end to end, through the pages as a clinician uses them
 * (links, buttons, fields by their labels). An accepted child on the clinician's caseload: the record page; consent to
 * assessment and treatment from a parent and to sharing with the school; an initial MABC-2 assessment (the domain's
 * worked example); a GAS goal and a COPM goal with baseline ratings and TOMs at the start; three signed therapy notes,
 * one with an addendum (the third written and signed with JavaScript off); equipment issued; the goals' review ratings
 * and TOMs at the end; discharge with its check page (letters to the family, the GP and, by the sharing consent, the
 * school) and the discharge page's dates; then the record again, read-only, its timeline showing what was recorded.
 * Every page passes the full check (axe WCAG 2.x A/AA and headers), but those opened with JavaScript off.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { paths } from '../src/web/paths.js';
import { aStaffMember, type CreatedStaff } from '../test/support/builders.js';
import { aChildOnCaseload } from '../test/support/record-world.js';
import { describeInBrowser } from './support/browser.js';
import { staffSessions, follow } from './support/care.js';
import { andWaitForPage, fillDate, press, tick, type DateParts } from './support/checker.js';
import { checkPage, saveScreenshot, type ResponseWatch } from './support/checks.js';
import { heading, signIn } from './support/journeys.js';
import { useOtway } from './support/otway.js';
import { useSeeding } from './support/seed.js';

const SLOW = 240_000;
const DAY_MS = 86_400_000;
const CLINICIAN = 'Priya Natarajan';
const GAS_GOAL = 'Amara will fasten the buttons of her school shirt by herself before school, on 4 days of 5.';
const COPM_GOAL = 'Amara will write a sentence of ten words that her teacher can read, in five minutes.';
const NOTES = [
  'Therapy session: practised buttons on a board and on her shirt; fastened three of five.',
  'Therapy session: pencil grip and letter formation; wrote six legible words.',
  'Therapy session without JavaScript: reviewed the home programme with her mother.',
] as const;
const ADDENDUM = 'The shirt buttons were the small ones: she fastened three of five of those.';
const ADDENDUM_REASON = 'Her mother told me afterwards which shirt it was.';
const SUMMARY = 'Amara met her goals for dressing and handwriting. Carry on with the home programme given.';

/** A day as a person types it, `days` from today in London (the server's "today"). */
function londonDay(days = 0): DateParts {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).formatToParts(new Date(Date.now() + days * DAY_MS));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: part('day'), month: part('month'), year: part('year') };
}

const main = (page: Page) => page.getByRole('main').innerText();
const signedIn = { status: 200, signedIn: true } as const;

describeInBrowser('The clinical record, from the first consent to discharge', () => {
  const otway = useOtway({}, { referenceData: true });
  const seeding = useSeeding(otway);
  const asStaff = staffSessions(otway);
  let world: { clinician: CreatedStaff; childId: string; episodeId: string } | undefined;
  const seeded = () => {
    if (world === undefined) throw new Error('The first test seeds the clinician and the child');
    return world;
  };
  const recordHref = () => paths.record.child.build({ childId: seeded().childId });

  /** The clinician in a browser of their own, on the child's record page. */
  async function onRecord(): Promise<{ page: Page; watch: ResponseWatch }> {
    const person = await asStaff(seeded().clinician);
    await person.page.goto(recordHref());
    return person;
  }

  /** From the record page, a part of the record by its link in "Parts of the record". */
  async function openPart(page: Page, name: string): Promise<void> {
    await andWaitForPage(page, () =>
      page.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link', { name, exact: true }).click(),
    );
  }

  it(
    'the record page, consent from a parent and to share with the school, and an initial MABC-2 assessment',
    async () => {
      const deps = await seeding();
      const clinician = await aStaffMember()
        .called(CLINICIAN)
        .withEmail('priya.natarajan@nhs.test')
        .withRoles('clinician')
        .create(deps);
      const child = await aChildOnCaseload(deps, clinician.id);
      world = { clinician, childId: child.childId, episodeId: child.episodeId };

      const { page, watch } = await onRecord();
      expect(await main(page)).toContain('Child’s record');
      const parts = page.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link');
      expect(await parts.allInnerTexts()).toEqual(
        expect.arrayContaining([
          'Contact notes',
          'Assessments',
          'Goals and outcomes',
          'Consent',
          'Equipment',
          'Discharge',
        ]),
      );
      await checkPage(watch, page, 'record: the record page', signedIn);

      // Consent to assessment and treatment, from the child's mother.
      await openPart(page, 'Consent');
      expect(await main(page)).toContain('No consent has been recorded for this child.');
      await checkPage(watch, page, 'record: consents, none', signedIn);
      await press(page, 'Record consent');
      expect(await heading(page)).toBe('Record consent');
      await checkPage(watch, page, 'record: record consent', signedIn);
      await tick(page, 'Assessment and treatment', 'A person with parental responsibility');
      await page.getByLabel('Name', { exact: true }).fill('Grace Record');
      await page.getByLabel('Relationship to the child', { exact: true }).fill('Mother');
      await fillDate(page, londonDay(), 'Date consent was given');
      await press(page, 'Save consent');
      expect(await heading(page), `the consents page, not ${page.url()}`).not.toBe('Record consent');

      // Consent to share information with the school, from the same parent.
      await press(page, 'Record consent');
      await tick(page, 'Sharing information with another organisation', 'The child’s school or setting');
      await tick(page, 'A person with parental responsibility');
      await page.getByLabel('Name', { exact: true }).fill('Grace Record');
      await page.getByLabel('Relationship to the child', { exact: true }).fill('Mother');
      await fillDate(page, londonDay(), 'Date consent was given');
      await press(page, 'Save consent');
      const consents = page.getByRole('table', { name: 'Consents, most recently given first' });
      const consentText = await consents.innerText();
      expect(consentText).toContain('Assessment and treatment');
      expect(consentText).toMatch(/school/iu);
      expect(await consents.getByText('In force').count()).toBe(2);
      await checkPage(watch, page, 'record: consents, two in force', signedIn);

      // The initial assessment: the Movement ABC-2 (the domain's worked example: total 6, the 9th percentile, amber).
      await page.goto(recordHref());
      await openPart(page, 'Assessments');
      await checkPage(watch, page, 'record: assessments, none', signedIn);
      await press(page, 'Record an assessment');
      await checkPage(watch, page, 'record: choose an assessment', signedIn);
      await andWaitForPage(page, () =>
        page
          .getByRole('link', { name: /Movement ABC-2/u })
          .first()
          .click(),
      );
      await fillDate(page, londonDay(), 'Date of the assessment');
      await page.getByLabel('Manual Dexterity standard score', { exact: true }).fill('7');
      await page.getByLabel('Aiming and Catching standard score', { exact: true }).fill('8');
      await page.getByLabel('Balance standard score', { exact: true }).fill('6');
      await page.getByLabel('Total standard score', { exact: true }).fill('6');
      await checkPage(watch, page, 'record: MABC-2 form', signedIn);
      await press(page, 'Save assessment');
      const assessment = await main(page);
      expect(assessment).toContain('Assessment recorded');
      expect(assessment).toContain('Amber: at risk of movement difficulty');
      const scores = await page.getByRole('table', { name: /Movement ABC-2 scores/u }).innerText();
      expect(scores).toMatch(/Total\s+6\s+9th/u);
      await checkPage(watch, page, 'record: MABC-2 assessment', signedIn);
    },
    SLOW,
  );

  it(
    'two goals with baseline ratings, TOMs at the start, and three signed notes, one with an addendum',
    async () => {
      const { page, watch } = await onRecord();
      await openPart(page, 'Goals and outcomes');
      await checkPage(watch, page, 'record: goals, none', signedIn);

      const setGoal = async (text: string, area: string, measure: string) => {
        await press(page, 'Set a goal');
        await page.getByLabel('Goal', { exact: true }).fill(text);
        await tick(page, area, 'The child or young person', 'Parent or carer', measure);
        await fillDate(page, londonDay(), 'Date set');
        await fillDate(page, londonDay(90), 'Review date');
        await press(page, 'Set goal');
        expect(await main(page), `the goals page after setting a goal, not ${page.url()}`).toContain(text);
      };
      await setGoal(GAS_GOAL, 'Self-care', 'Goal Attainment Scaling (GAS)');
      await press(page, 'Set a goal');
      await checkPage(watch, page, 'record: set a goal', signedIn);
      await follow(page, 'Back to goals and outcomes');
      await setGoal(COPM_GOAL, 'Productivity (school and play)', 'Canadian Occupational Performance Measure (COPM)');

      // Baseline ratings: the GAS goal at -2 (much less than expected), the COPM goal's performance and satisfaction.
      await follow(page, 'Rate goal 1');
      await checkPage(watch, page, 'record: rate a GAS goal', signedIn);
      await fillDate(page, londonDay(), 'Date of the rating');
      await page.getByLabel(/Much less than expected/u).check();
      await press(page, 'Save rating');
      await follow(page, 'Rate goal 2');
      await fillDate(page, londonDay(), 'Date of the rating');
      await page.getByLabel('Performance (1 to 10)', { exact: true }).fill('3');
      await page.getByLabel('Satisfaction with performance (1 to 10)', { exact: true }).fill('2');
      await checkPage(watch, page, 'record: rate a COPM goal', signedIn);
      await press(page, 'Save rating');

      // Therapy Outcome Measures at the start of the episode.
      await press(page, 'Record Therapy Outcome Measures');
      await recordToms(page, 'Start of the episode', ['2', '2', '1.5', '2']);
      expect(await page.locator('main svg').count(), 'a chart for each measure').toBeGreaterThanOrEqual(1);
      expect(await page.getByRole('table', { name: 'Every rating' }).innerText()).toContain('Start of the episode');
      await checkPage(watch, page, 'record: goals and outcomes with the chart', signedIn);

      // Two therapy notes, each drafted, saved and signed through the note form.
      await page.goto(recordHref());
      await openPart(page, 'Contact notes');
      await checkPage(watch, page, 'record: contact notes, none', signedIn);
      const noteIds: string[] = [];
      for (const [i, text] of NOTES.slice(0, 2).entries()) {
        if (i > 0) await follow(page, "Back to the child's contact notes");
        await press(page, 'Add a contact note');
        expect(await heading(page)).toBe('Contact note (draft)');
        await tick(page, 'Therapy session');
        await fillDate(page, londonDay(), 'Date of contact');
        await page.getByLabel('Note', { exact: true }).fill(text);
        await press(page, 'Save draft');
        if (i === 0) await checkPage(watch, page, 'record: contact note draft, saved', signedIn);
        await press(page, 'Sign note');
        expect(await main(page), `the signed note, not ${page.url()}`).toContain(text);
        expect(await main(page)).toContain('Signed');
        noteIds.push(new URL(page.url()).pathname.split('/').pop() ?? '');
      }

      // An addendum to the first note, with its reason; the note page shows its versions and the addendum.
      await page.goto(paths.notes.note.build({ noteId: noteIds[0]! }));
      await page.getByLabel('Addendum', { exact: true }).fill(ADDENDUM);
      await page.getByLabel('Reason for the addendum', { exact: true }).fill(ADDENDUM_REASON);
      await press(page, 'Add addendum');
      const note = await main(page);
      expect(note).toContain(NOTES[0]);
      expect(note).toContain(ADDENDUM);
      expect(note).toContain(`Reason: ${ADDENDUM_REASON}`);
      const versions = page.locator('main table').filter({ hasText: 'Every saved version' });
      expect(await versions.locator('tbody tr').count(), 'the saved and the signed versions').toBeGreaterThanOrEqual(2);
      await checkPage(watch, page, 'record: signed note with an addendum', signedIn);

      // The third note with JavaScript off: "Save draft" and "Sign note" are plain form posts.
      const plain = await otway.person({ javaScriptEnabled: false });
      await signIn(plain.page, seeded().clinician);
      await plain.page.goto(paths.notes.child.build({ childId: seeded().childId }));
      await press(plain.page, 'Add a contact note');
      expect(await heading(plain.page)).toBe('Contact note (draft)');
      await tick(plain.page, 'Therapy session');
      await fillDate(plain.page, londonDay(), 'Date of contact');
      await plain.page.getByLabel('Note', { exact: true }).fill(NOTES[2]);
      await press(plain.page, 'Save draft');
      expect(plain.watch.documentOf(plain.page).status()).toBe(200);
      expect(await plain.page.getByLabel('Note', { exact: true }).inputValue()).toBe(NOTES[2]);
      await saveScreenshot(plain.page, 'record: contact note saved without javascript');
      await press(plain.page, 'Sign note');
      expect(plain.watch.documentOf(plain.page).status()).toBe(200);
      expect(await main(plain.page)).toContain(NOTES[2]);
      expect(await main(plain.page)).toContain('Signed');
      await saveScreenshot(plain.page, 'record: contact note signed without javascript');

      await page.goto(paths.notes.child.build({ childId: seeded().childId }));
      expect(await main(page)).toContain('3 notes.');
      expect(await page.getByRole('main').getByText(`Signed Written by ${CLINICIAN}`).count()).toBe(3);
      await checkPage(watch, page, 'record: contact notes, three signed', signedIn);
    },
    SLOW,
  );

  it(
    'equipment issued, the goals reviewed and TOMs at the end, then discharge with its letters and dates',
    async () => {
      const { page, watch } = await onRecord();
      await openPart(page, 'Equipment');
      await checkPage(watch, page, 'record: equipment, none', signedIn);
      await press(page, 'Issue equipment');
      await tick(page, 'Writing slope', 'Lent, to be returned');
      await page.getByLabel('Fitted by', { exact: true }).selectOption({ label: CLINICIAN });
      await fillDate(page, londonDay(), 'Date issued');
      await checkPage(watch, page, 'record: issue equipment', signedIn);
      await press(page, 'Issue equipment');
      expect(await main(page), `the equipment page, not ${page.url()}`).toContain('Writing slope');
      await checkPage(watch, page, 'record: equipment issued', signedIn);

      // A programme of home advice given to the family as a PDF.
      await page.goto(recordHref());
      await openPart(page, 'Advice and strategies');
      await checkPage(watch, page, 'record: advice, none given', signedIn);
      await press(page, 'Give advice');
      await checkPage(watch, page, 'record: advice, nothing chosen', { ...signedIn, status: 400 });
      await tick(page, 'Getting ready to write: handwriting at home', 'The family');
      await press(page, 'Give advice');
      expect(await main(page)).toContain('The family');
      await checkPage(watch, page, 'record: advice given', signedIn);

      // The goals' review ratings and TOMs at the end of the episode.
      await page.goto(recordHref());
      await openPart(page, 'Goals and outcomes');
      await follow(page, 'Rate goal 1');
      await fillDate(page, londonDay(), 'Date of the rating');
      await page.getByLabel(/Somewhat more than expected/u).check();
      await press(page, 'Save rating');
      await follow(page, 'Rate goal 2');
      await fillDate(page, londonDay(), 'Date of the rating');
      await page.getByLabel('Performance (1 to 10)', { exact: true }).fill('7');
      await page.getByLabel('Satisfaction with performance (1 to 10)', { exact: true }).fill('8');
      await press(page, 'Save rating');
      await press(page, 'Record Therapy Outcome Measures');
      await recordToms(page, 'End of the episode', ['3', '4', '3.5', '4']);
      await checkPage(watch, page, 'record: goals and outcomes at the end', signedIn);

      // Discharge: the reason, the summary and the date; the check page lists the letters; confirm.
      await page.goto(recordHref());
      await openPart(page, 'Discharge');
      await tick(page, 'Goals met: no further occupational therapy needed');
      await page.getByLabel('Summary for the discharge letters', { exact: true }).fill(SUMMARY);
      await fillDate(page, londonDay(), 'Date of discharge');
      await checkPage(watch, page, 'record: discharge form', signedIn);
      await press(page, 'Continue');
      expect(await heading(page)).toBe('Check the discharge');
      const letters = page.getByRole('table', { name: 'Who gets the discharge letter' });
      const to = (await letters.locator('tbody tr td:first-child').allInnerTexts()).map((t) => t.trim().toLowerCase());
      expect(to.join(' | ')).toMatch(/family|parent/u);
      expect(to.join(' | ')).toMatch(/gp/u);
      expect(to.join(' | '), 'the school, by the sharing consent').toMatch(/school/u);
      await checkPage(watch, page, 'record: check the discharge', signedIn);
      await press(page, 'Confirm discharge');
      const discharge = await main(page);
      expect(discharge).toContain('Discharged: the episode of care is closed');
      expect(discharge).toContain(SUMMARY);
      expect(discharge).toMatch(/re-refer/iu);
      expect(discharge).toMatch(/Retention review/iu);
      expect(await page.getByRole('table', { name: 'Letters' }).locator('tbody tr').count()).toBe(3);
      const row = (key: string) =>
        page.locator('main .nhsuk-summary-list__row').filter({ hasText: key }).locator('dd').innerText();
      const longDate = /^\d{1,2} [A-Z][a-z]+ (\d{4})/u;
      const thisYear = Number(londonDay().year);
      const reReferral = longDate.exec((await row('A parent may re-refer directly until')).trim());
      expect(reReferral, 'the re-referral date').not.toBeNull();
      expect(Number(reReferral![1])).toBeGreaterThanOrEqual(thisYear);
      const retention = longDate.exec((await row('Retention review date')).trim());
      expect(retention, 'the retention review date').not.toBeNull();
      expect(Number(retention![1]), 'the 25th birthday or later').toBeGreaterThan(thisYear);
      await checkPage(watch, page, 'record: discharge', signedIn);

      // The record again: read-only for 90 days after discharge, and its timeline shows what was recorded.
      await follow(page, 'Back to the record');
      const record = await main(page);
      expect(record).toContain('This child was discharged: you can read the record, but not change it.');
      const partNames = await page
        .getByRole('navigation', { name: 'Parts of the record' })
        .getByRole('link')
        .allInnerTexts();
      expect(partNames).not.toContain('Discharge');
      const timeline = page.getByRole('table', { name: /Everything recorded/u });
      const rows = (await timeline.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/gu, ' '));
      const kinds = rows.map((r) => r.replace(/^.*? at \d{2}:\d{2} /u, ''));
      const count = (prefix: string) => kinds.filter((k) => k.startsWith(prefix)).length;
      expect.soft(count('Consent '), rows.join('\n')).toBe(2);
      expect.soft(count('Assessment MABC-2 total 6 (9th percentile, amber)'), rows.join('\n')).toBe(1);
      expect.soft(count('Goal set '), rows.join('\n')).toBe(2);
      expect.soft(count('Goal rated '), 'baseline and review ratings of both goals').toBe(4);
      expect.soft(count('Therapy Outcome Measures '), 'TOMs at the start and the end').toBe(2);
      expect.soft(count('Contact note Therapy session Signed'), rows.join('\n')).toBe(3);
      expect.soft(count('Equipment Writing slope'), rows.join('\n')).toBe(1);
      expect.soft(count('Discharge Discharged'), rows.join('\n')).toBe(1);
      for (const to of ['family', 'GP', 'school'])
        expect
          .soft(
            kinds.some((k) => k.startsWith('Discharge letter') && k.includes(`To the ${to}`)),
            to,
          )
          .toBe(true);
      await checkPage(watch, page, 'record: the record page after discharge', signedIn);

      // Read-only: the notes can be read, but no new one can be added.
      await openPart(page, 'Contact notes');
      expect(await main(page)).toContain('3 notes.');
      expect(await page.getByRole('button', { name: 'Add a contact note' }).count()).toBe(0);
      await checkPage(watch, page, 'record: contact notes after discharge', signedIn);
    },
    SLOW,
  );
});

/** The TOMs form: when, the core scale, today's date, and the four domains' ratings. */
async function recordToms(page: Page, stage: string, ratings: readonly [string, string, string, string]) {
  await tick(page, stage);
  await page.getByLabel('Scale', { exact: true }).fill('core');
  await fillDate(page, londonDay(), 'Date of the rating');
  for (const [i, domain] of ['Impairment', 'Activity', 'Participation', 'Wellbeing'].entries())
    await page.getByLabel(domain, { exact: true }).fill(ratings[i]!);
  await press(page, 'Save ratings');
  expect(await heading(page), `the goals page after the TOMs, not ${page.url()}`).not.toBe(
    'Record Therapy Outcome Measures',
  );
}
