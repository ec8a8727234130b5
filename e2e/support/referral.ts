/**
 * The online referral form done in Chromium as people do it: each page answered by its labels (or with the keyboard
 * alone), the GP practices and schools found with the search, following the form's own redirects from the start page
 * to check your answers.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { publicPaths } from '../../src/web/paths.js';
import { andWaitForPage, dateBefore, fillDate, press, tick, type DateParts } from './checker.js';

/** One service on the instance, so the form is at the root. */
export const REFER = publicPaths('').refer;
export const REFERENCE = /^OT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/u;
export const CHECK = 'check-your-answers';
export const CHECK_HEADING = 'Check your answers before sending the referral';
export const A_PDF = resolve(import.meta.dirname, '../fixtures/paediatrician-letter.pdf');
export const A_PDF_NAME = 'paediatrician-letter.pdf';

export function referUrl(step: string): string {
  return `${REFER}/${step}`;
}

/** Where the page is in the form: a page's id, "check-your-answers", or "start" for the start page. */
export function stepOf(page: Page): string {
  const path = new URL(page.url()).pathname;
  return path === REFER ? 'start' : path.startsWith(`${REFER}/`) ? path.slice(REFER.length + 1) : path;
}

/** The referrer types that may refer, with the answer each ticks on "Who are you?". */
export const REFERRERS = {
  gp: 'A GP',
  'health-professional': 'A health professional',
  'education-staff': 'Education or teaching staff',
  'educational-psychologist': 'An educational psychologist',
  'social-care': 'Social care staff',
  'early-years-setting': "A children's centre or early years setting",
  'parent-carer': 'A parent or carer',
} as const;

export type ReferrerType = keyof typeof REFERRERS;
export const REFERRER_TYPES = Object.keys(REFERRERS) as ReferrerType[];

/** A practice or school as the search finds it: what to type, and the answer it gives to tick. */
export interface Place {
  search: string;
  label: string;
}

export const EMPINGHAM: Place = { search: 'Empingham', label: 'EMPINGHAM MEDICAL CENTRE, OAKHAM, LE15 8PR' };
/** Its ODS code: the type-ahead finds it as the only suggestion. */
export const EMPINGHAM_BY_CODE: Place = { search: 'C82044', label: EMPINGHAM.label };
export const BEAUMONT_LEYS: Place = { search: 'Beaumont', label: 'Beaumont Leys School, Leicester, LE4 0FL' };
export const FULLHURST: Place = { search: 'Fullhurst', label: 'Fullhurst Community College, Leicester, LE3 1AH' };

export const NOT_LISTED_PRACTICE = 'It is not listed';
export const GP_NOT_KNOWN = 'I do not know the child’s GP practice';
export const NO_SCHOOL = 'The child does not go to school or college';
export const AYRES = 'You are asking for Ayres Sensory Integration therapy';

export interface ReferralCase {
  referrerType: ReferrerType;
  /** The GP's own practice or the teacher's school: a place to search for, or an answer in words to tick. */
  referrerPlace?: Place | string;
  childGp?: Place | string;
  childSchool?: Place | string;
  /** 9 unless given; 17 asks whether the young person is in full-time education. */
  childAge?: number;
  secondParent?: boolean;
  livesWithSomeoneElse?: boolean;
  /** Labels of the conditions to tick; a mental health condition asks about a serious problem at home. */
  conditions?: string[];
  otherNeeds?: string[];
  safeguarding?: boolean;
  /** The discharge date a parent gives: two months ago (inside the six-month window) unless given. */
  dischargedOn?: DateParts;
  /** The child's NHS number as typed: 943 476 5919 unless given; '' leaves the optional box empty. */
  nhsNumber?: string;
  /** The child's names: Amara Ndiaye unless given. */
  childName?: { given: string; family: string };
  /** The child's date of birth: `childAge` years and 40 days ago unless given. */
  dateOfBirth?: DateParts;
}

/** Answers every page except those whose fields are all optional can be sent empty to see its errors. */
export const NOTHING_REQUIRED: ReadonlySet<string> = new Set([
  'child-nhs-number-optional',
  'child-access-needs',
  'other-professionals',
  'attachments',
]);

// Playwright matches a pattern against the label's text untrimmed: no anchors.
const searchBox = (page: Page) => page.getByLabel(/Search for the (practice|school)/u);

/** Searches with the Search button (as without JavaScript) and ticks the place found, or ticks an answer in words. */
export async function pickPlace(page: Page, choice: Place | string): Promise<void> {
  if (typeof choice === 'string') {
    await tick(page, choice);
    return;
  }
  await searchBox(page).fill(choice.search);
  await press(page, 'Search');
  expect(new URL(page.url()).searchParams.get('q')).toBe(choice.search);
  await tick(page, choice.label);
}

async function fillIn(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
}

async function person(page: Page, name: string, relationship: string, phone: string): Promise<void> {
  await fillIn(page, { 'Full name': name, 'Relationship to the child': relationship, 'Telephone number': phone });
}

/** Answers one page with the mouse and by typing, for the case. */
export async function answerPage(page: Page, step: string, c: ReferralCase): Promise<void> {
  switch (step) {
    case 'received':
      await tick(page, 'By post');
      await fillDate(page, dateBefore(0, 2));
      return;
    case 'who-is-referring':
      return tick(page, REFERRERS[c.referrerType]);
    case 'your-details':
      return fillIn(page, {
        'Full name': 'Sam Okafor',
        'Job title': c.referrerType === 'gp' ? 'GP partner' : 'SENCO',
        'Email address': 'sam.okafor@nhs.test',
        'Telephone number': '0116 295 2495',
      });
    case 'your-contact-details':
      await fillIn(page, { 'Full name': 'Grace Ndiaye', 'Telephone number': '07700 900982' });
      await page.getByLabel(/(Your|Their) relationship to the child/u).fill('Mother');
      return;
    case 'your-practice':
      return pickPlace(page, c.referrerPlace ?? EMPINGHAM);
    case 'your-school':
      return pickPlace(page, c.referrerPlace ?? BEAUMONT_LEYS);
    case 'your-organisation':
      return page.getByRole('textbox').fill('Oakham Medical Practice');
    case 'child-name':
      return fillIn(page, {
        'First name': c.childName?.given ?? 'Amara',
        'Last name': c.childName?.family ?? 'Ndiaye',
      });
    case 'child-date-of-birth':
      return fillDate(page, c.dateOfBirth ?? dateBefore(c.childAge ?? 9, 40));
    case 'child-nhs-number':
    case 'child-nhs-number-optional':
      return page.getByRole('textbox').fill(c.nhsNumber ?? '943 476 5919');
    case 'child-sex':
      return tick(page, 'Female');
    case 'child-address':
      return fillIn(page, { 'Address line 1': '12 Granby Street', 'Town or city': 'Leicester', Postcode: 'le1 6fb' });
    case 'child-gp':
      return pickPlace(page, c.childGp ?? EMPINGHAM);
    case 'child-school':
      return pickPlace(page, c.childSchool ?? FULLHURST);
    case 'child-gp-details':
      return fillIn(page, {
        'Name of the GP practice': 'Granby Street Surgery',
        'Address line 1': '1 Granby Street',
        'Town or city': 'Leicester',
        Postcode: 'LE1 6FB',
      });
    case 'child-school-details':
      return fillIn(page, {
        'Name of the school, college or setting': 'Granby Primary School',
        'Address line 1': '2 Granby Road',
        'Town or city': 'Leicester',
        Postcode: 'LE2 8LN',
      });
    case 'child-education':
      return tick(page, 'Yes');
    case 'child-language':
      await fillIn(page, { 'What is the main language spoken at home?': 'English' });
      return tick(page, 'No');
    case 'child-access-needs':
    case 'other-professionals':
    case 'attachments':
      return;
    case 'parental-responsibility':
      return person(page, 'Grace Ndiaye', 'Mother', '07700 900982');
    case 'another-parent':
      return tick(page, c.secondParent === true ? 'Yes' : 'No');
    case 'second-parent':
      return person(page, 'Kwame Ndiaye', 'Father', '07700 900983');
    case 'lives-with':
      return tick(page, c.livesWithSomeoneElse === true ? 'Someone else' : 'The people with parental responsibility');
    case 'lives-with-details':
      return page.getByRole('textbox').fill('Their grandparents, in the week');
    case 'consent':
      await tick(page, 'A person with parental responsibility');
      await fillIn(page, { 'Their full name': 'Grace Ndiaye' });
      await fillDate(page, dateBefore(0, 3));
      return tick(page, 'The child’s GP', 'The child’s school, college or early years setting');
    case 'discharge':
      return fillDate(page, c.dischargedOn ?? dateBefore(0, 60));
    case 'difficulties':
      return tick(page, 'Movement', 'Everyday functional');
    case 'impact':
      await tick(page, 'Handwriting', 'Dressing');
      return fillIn(page, { 'Tell us how (optional)': 'Cannot fasten buttons yet.' });
    case 'duration':
      return tick(page, 'More than 12 months');
    case 'tried':
      return page.getByRole('textbox').fill('Pencil grips and extra time at school, from the SENCO.');
    case 'conditions':
      return tick(page, ...(c.conditions ?? ['Developmental coordination disorder (DCD) or dyspraxia']));
    case 'community-issue':
      return tick(page, 'Yes');
    case 'other-needs':
      return tick(page, ...(c.otherNeeds ?? ['None of these']));
    case 'curriculum':
      return tick(page, 'Yes');
    case 'safeguarding':
      return tick(page, c.safeguarding === true ? 'Yes' : 'No');
    case 'safeguarding-details':
      return fillIn(page, { 'What are your concerns?': 'Missed appointments, and bruising seen at school.' });
    case 'hopes':
      return page.getByRole('textbox').fill('To dress and write more independently.');
    default:
      throw new Error(`No answer for the referral page "${step}"`);
  }
}

/**
 * Uploads a file on the attachments page: without JavaScript through the file input itself, with it through the
 * chooser that nhsuk-frontend's drop zone button opens, as a person would.
 */
export async function uploadFile(page: Page, file: string): Promise<void> {
  const target = page.getByLabel('Upload a file', { exact: true });
  if ((await target.getAttribute('type')) === 'file') {
    await target.setInputFiles(file);
  } else {
    const chooser = page.waitForEvent('filechooser');
    await target.click();
    await (await chooser).setFiles(file);
  }
  await press(page, 'Upload file');
}

/** The messages in the error summary, if the page has one. */
export async function errorMessages(page: Page): Promise<string[]> {
  return page.locator('.nhsuk-error-summary__list a').allInnerTexts();
}

/**
 * From wherever the form is, answers each page it asks until check your answers; returns the pages answered.
 * `before` runs on each page before it is answered (to check it, or to try it empty).
 */
export async function answerUntilCheck(
  page: Page,
  c: ReferralCase,
  before?: (step: string) => Promise<void>,
): Promise<string[]> {
  const answered: string[] = [];
  for (let i = 0; i < 60; i += 1) {
    const step = stepOf(page);
    if (step === CHECK) return answered;
    await before?.(step);
    await answerPage(page, step, c);
    await press(page, 'Continue');
    expect(stepOf(page), `"${step}" did not take its answer: ${(await errorMessages(page)).join('; ')}`).not.toBe(step);
    answered.push(step);
  }
  throw new Error('The referral form asked more questions than it has pages');
}

/** Opens the start page and starts a new referral; lands on the first question. */
export async function startReferral(page: Page): Promise<void> {
  await page.goto(REFER);
  await press(page, 'Start now');
}

/** Sends the referral from check your answers; returns the reference on the confirmation page. */
export async function sendReferral(page: Page, button = 'Send referral'): Promise<string> {
  await press(page, button);
  expect(stepOf(page)).toBe('confirmation');
  return referenceOn(page);
}

export async function referenceOn(page: Page): Promise<string> {
  return (await page.locator('.nhsuk-panel__body strong').innerText()).trim();
}

// --- The keyboard alone ---

/** What has the keyboard focus, as a person would name it: "field: First name", "button: Continue". */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    const text = (s: string | null | undefined) => (s ?? '').replace(/\s+/gu, ' ').trim();
    if (el === null || el === document.body) return 'nothing';
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)
      return `field: ${text(el.labels?.[0]?.innerText)}`;
    const name = text(el.getAttribute('aria-label') ?? (el as HTMLElement).innerText);
    if (el instanceof HTMLButtonElement || el.getAttribute('role') === 'button') return `button: ${name}`;
    if (el instanceof HTMLAnchorElement) return `link: ${name}`;
    return el.tagName.toLowerCase();
  });
}

/** Presses Tab (or Shift+Tab) until `wanted` has focus, at most `bound` times. */
export async function keyTo(page: Page, wanted: string, options: { bound?: number; back?: boolean } = {}) {
  const bound = options.bound ?? 60;
  const seen: string[] = [];
  for (let i = 0; i < bound; i += 1) {
    await page.keyboard.press(options.back === true ? 'Shift+Tab' : 'Tab');
    const now = await focusedName(page);
    seen.push(now);
    if (now === wanted) return;
  }
  throw new Error(`"${wanted}" never had focus on ${page.url()}; focus went:\n${seen.join('\n')}`);
}

/** Tabs to a field and types into it. */
export async function typeInto(page: Page, label: string, value: string): Promise<void> {
  await keyTo(page, `field: ${label}`);
  await page.keyboard.type(value);
}

/** Tabs into a group of radios (onto its first) and moves down with the arrow keys to `wanted`, which they tick. */
export async function chooseRadio(page: Page, first: string, wanted: string): Promise<void> {
  await keyTo(page, `field: ${first}`);
  if (wanted === first) await page.keyboard.press('Space');
  for (let i = 0; i < 12 && (await focusedName(page)) !== `field: ${wanted}`; i += 1)
    await page.keyboard.press('ArrowDown');
  expect(await page.getByLabel(wanted, { exact: true }).isChecked(), `${wanted} is ticked`).toBe(true);
}

/** Tabs to each checkbox and ticks it with Space. */
export async function tickByKeys(page: Page, ...labels: string[]): Promise<void> {
  for (const label of labels) {
    await keyTo(page, `field: ${label}`);
    await page.keyboard.press('Space');
    expect(await page.getByLabel(label, { exact: true }).isChecked(), `${label} is ticked`).toBe(true);
  }
}

/** Tabs to the day and types the date, box by box. */
export async function typeDate(page: Page, date: DateParts): Promise<void> {
  await keyTo(page, 'field: Day');
  await page.keyboard.type(date.day);
  await page.keyboard.press('Tab');
  await page.keyboard.type(date.month);
  await page.keyboard.press('Tab');
  await page.keyboard.type(date.year);
}

/**
 * Chooses a place with the type-ahead: types into the search, moves onto the first suggestion and presses Enter,
 * which ticks it among the answers and moves the focus there, sending nothing.
 */
export async function chooseSuggestion(page: Page, what: string, place: Place): Promise<void> {
  const before = page.url();
  await typeInto(page, `Search for the ${what}`, place.search);
  await page.getByRole('option', { name: place.label }).waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect.poll(() => focusedName(page)).toBe(`field: ${place.label}`);
  expect(page.url(), 'choosing a suggestion sends nothing').toBe(before);
  expect(await page.getByLabel(place.label, { exact: true }).isChecked()).toBe(true);
}

/** Tabs to a button and presses Enter on it; waits for the page it leads to. */
export async function pressByKeys(page: Page, button: string, bound = 60): Promise<void> {
  await keyTo(page, `button: ${button}`, { bound });
  await andWaitForPage(page, () => page.keyboard.press('Enter'));
}

/** Answers one page of an education staff referral with the keyboard alone. */
export async function answerByKeys(page: Page, step: string): Promise<void> {
  switch (step) {
    case 'who-is-referring':
      return chooseRadio(page, REFERRERS.gp, REFERRERS['education-staff']);
    case 'your-details':
      await typeInto(page, 'Full name', 'Priya Shah');
      await typeInto(page, 'Job title', 'SENCO');
      await typeInto(page, 'Email address', 'p.shah@school.test');
      await typeInto(page, 'Telephone number', '0116 222 3333');
      return;
    case 'your-school':
      return chooseSuggestion(page, 'school, college or setting', BEAUMONT_LEYS);
    case 'child-name':
      await typeInto(page, 'First name', 'Leo');
      await typeInto(page, 'Last name', 'Kowalski');
      return;
    case 'child-date-of-birth':
      return typeDate(page, dateBefore(8, 40));
    case 'child-nhs-number-optional':
      return typeInto(page, 'What is the child’s NHS number? (optional)', '401 023 2137');
    case 'child-sex':
      return chooseRadio(page, 'Female', 'Male');
    case 'child-address':
      await typeInto(page, 'Address line 1', '3 Anstey Lane');
      await typeInto(page, 'Town or city', 'Leicester');
      await typeInto(page, 'Postcode', 'LE4 0FL');
      return;
    case 'child-gp':
      return chooseSuggestion(page, 'practice', EMPINGHAM_BY_CODE);
    case 'child-school':
      return chooseSuggestion(page, 'school, college or setting', BEAUMONT_LEYS);
    case 'child-language':
      await typeInto(page, 'What is the main language spoken at home?', 'Polish');
      return chooseRadio(page, 'Yes', 'Yes');
    case 'child-access-needs':
    case 'other-professionals':
    case 'attachments':
      return;
    case 'parental-responsibility':
      await typeInto(page, 'Full name', 'Anna Kowalska');
      await typeInto(page, 'Relationship to the child', 'Mother');
      await typeInto(page, 'Telephone number', '07700 900123');
      return;
    case 'another-parent':
      return chooseRadio(page, 'Yes', 'No');
    case 'lives-with':
      return chooseRadio(page, 'The people with parental responsibility', 'The people with parental responsibility');
    case 'consent':
      await chooseRadio(page, 'A person with parental responsibility', 'A person with parental responsibility');
      await typeInto(page, 'Their full name', 'Anna Kowalska');
      await typeDate(page, dateBefore(0, 5));
      return tickByKeys(page, 'The child’s school, college or early years setting');
    case 'difficulties':
      return tickByKeys(page, 'Movement', 'Perceptual');
    case 'impact':
      return tickByKeys(page, 'School work', 'Handwriting');
    case 'duration':
      return chooseRadio(page, 'Less than 6 months', '6 to 12 months');
    case 'tried':
      return typeInto(page, 'What has been tried already, and by whom?', 'A writing slope and pencil grips in class.');
    case 'conditions':
      return tickByKeys(page, 'None of these');
    case 'other-needs':
      return tickByKeys(page, 'None of these');
    case 'curriculum':
      return chooseRadio(page, 'Yes', 'Yes');
    case 'safeguarding':
      return chooseRadio(page, 'Yes', 'No');
    case 'hopes':
      return typeInto(
        page,
        'What do you hope occupational therapy will help the child to do?',
        'Write for longer in lessons.',
      );
    default:
      throw new Error(`No keyboard answer for the referral page "${step}"`);
  }
}
