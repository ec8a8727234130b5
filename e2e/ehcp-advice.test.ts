/**
 * Issue 15 in Chromium ("Done when"): statutory EHCP health advice end to end, through the pages as each person uses
 * them. An admin officer logs a request from Leicester received three days ago for a child the service knows (matched
 * by NHS number, name and date of birth) and names the clinician; the tracker shows it on track with 39 days left.
 * The clinician starts the advice from the record (an MABC-2 assessment and a goal already recorded), completes it,
 * asks a second clinician to review it; the reviewer approves; the clinician signs it. The admin officer sends it to
 * the authority by e-mail; the tracker no longer lists it and the report counts it answered within six weeks. Every
 * page passes the full check (axe WCAG 2.x A/AA and headers).
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { paths } from '../src/web/paths.js';
import { staffContext } from '../test/support/booking-world.js';
import { aStaffMember, type CreatedStaff } from '../test/support/builders.js';
import { aChildOnCaseload } from '../test/support/record-world.js';
import { LLR } from '../test/support/test-app.js';
import { describeInBrowser } from './support/browser.js';
import { follow, staffSessions } from './support/care.js';
import { fillDate, press, tick, type DateParts } from './support/checker.js';
import { checkPage } from './support/checks.js';
import { heading } from './support/journeys.js';
import { useOtway } from './support/otway.js';
import { useSeeding } from './support/seed.js';

const SLOW = 240_000;
const DAY_MS = 86_400_000;
const CLINICIAN = 'Priya Natarajan';
const REVIEWER = 'Tomasz Reviewer';
const OFFICER = 'Ada Officer';
const MANAGER = 'Sam Manager';
const GOAL = 'Will fasten the buttons of her school shirt by herself before school, on 4 days of 5.';
const REFERENCE = 'EHC/2026/0917';

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

interface World {
  clinician: CreatedStaff;
  reviewer: CreatedStaff;
  officer: CreatedStaff;
  manager: CreatedStaff;
  child: { nhsNumber: string; givenName: string; familyName: string; dateOfBirth: string; postcode: string };
}

describeInBrowser('EHCP health advice, from the authority’s request to the advice sent', () => {
  const otway = useOtway({}, { referenceData: true });
  const seeding = useSeeding(otway);
  const asStaff = staffSessions(otway);
  let world: World | undefined;
  const seeded = () => {
    if (world === undefined) throw new Error('The first test seeds the people and the child');
    return world;
  };
  const childName = () => `${seeded().child.givenName} ${seeded().child.familyName}`;

  /** From the tracker, the request by its child's name. */
  async function openRequest(page: Page): Promise<void> {
    await page.goto(paths.ehcp.tracker.build());
    await follow(page, childName());
  }

  it(
    'an admin officer logs a request for a child the service knows and names the clinician; the tracker shows it',
    async () => {
      const deps = await seeding();
      const make = (name: string, role: 'clinician' | 'admin-officer' | 'service-manager') =>
        aStaffMember()
          .called(name)
          .withEmail(`${name.toLowerCase().replace(/\s+/gu, '.')}@nhs.test`)
          .withRoles(role)
          .create(deps);
      const clinician = await make(CLINICIAN, 'clinician');
      const reviewer = await make(REVIEWER, 'clinician');
      const officer = await make(OFFICER, 'admin-officer');
      const manager = await make(MANAGER, 'service-manager');
      // The child is on the clinician's caseload, with an MABC-2 assessment and a goal in the record.
      const onCaseload = await aChildOnCaseload(deps, clinician.id);
      const ctx = { ...staffContext(clinician), serviceId: LLR, actorUserId: clinician.id };
      const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
      const assessed = await deps.assessments.record(ctx, onCaseload.childId, 'mabc2', {
        assessedOn: today,
        fields: { manualDexterity: '4', aimingAndCatching: '6', balance: '5', total: '4' },
      });
      expect(assessed.ok).toBe(true);
      const [year, month, day] = today.split('-');
      const goal = await deps.goals.set(ctx, onCaseload.childId, {
        text: GOAL,
        area: 'self-care',
        agreedBy: ['child', 'parent-carer'],
        'setOn[day]': day,
        'setOn[month]': month,
        'setOn[year]': year,
        'reviewOn[day]': day,
        'reviewOn[month]': month,
        'reviewOn[year]': String(Number(year) + 1),
        measure: 'gas',
      });
      expect(goal.ok).toBe(true);
      const row = await deps.database.db
        .selectFrom('children')
        .selectAll()
        .where('id', '=', onCaseload.childId)
        .executeTakeFirstOrThrow();
      world = {
        clinician,
        reviewer,
        officer,
        manager,
        child: {
          nhsNumber: row.nhs_number ?? '',
          givenName: row.given_name,
          familyName: row.family_name,
          dateOfBirth: row.date_of_birth,
          postcode: row.postcode,
        },
      };

      const { page, watch } = await asStaff(officer);
      await follow(page, 'EHCP advice requests');
      expect(await main(page)).toContain('There are no open requests');
      await checkPage(watch, page, 'ehcp: the tracker, empty', signedIn);
      await follow(page, 'Log a request from a local authority');
      await checkPage(watch, page, 'ehcp: log a request', signedIn);

      // Nothing typed: every problem at once, nothing saved.
      await press(page, 'Log the request');
      expect(await heading(page)).toBe('Log a request for EHCP health advice');
      expect(await page.getByRole('alert').innerText()).toContain('There is a problem');
      // Listed as the page shows the fields: the date received before what is asked and the child.
      const listed = await page.getByRole('alert').getByRole('link').allInnerTexts();
      const at = (message: string) => listed.indexOf(message);
      expect(at('Enter the date the request was received')).toBeGreaterThan(
        at('Enter the name of the contact at the authority'),
      );
      expect(at('Enter the date the request was received')).toBeLessThan(
        at('Select whether a copy of the advice goes to the family'),
      );
      await checkPage(watch, page, 'ehcp: log a request, with problems', { status: 400, signedIn: true });

      await tick(page, 'EHC needs assessment');
      await page.getByLabel('Local authority', { exact: true }).selectOption({ label: 'Leicester (856)' });
      await page.getByLabel('The authority’s reference', { exact: true }).fill(REFERENCE);
      await page.getByLabel('Contact at the authority', { exact: true }).fill('Jo Caseworker');
      await page
        .getByLabel('Contact’s email address (optional if you give a telephone number)', { exact: true })
        .fill('send.assessment@leicester.example.gov.uk');
      await fillDate(page, londonDay(-3), 'Date the request was received');
      await page
        .getByLabel('The questions the authority asks (optional)', { exact: true })
        .fill('What are her needs for fine and gross motor skills at school, and what provision does she need?');
      await page
        .getByRole('group', { name: /copy of the advice to go to the family/u })
        .getByLabel('No')
        .check();
      const { child } = seeded();
      await page.getByLabel('The child’s NHS number (optional)', { exact: true }).fill(child.nhsNumber);
      await page.getByLabel('The child’s first name', { exact: true }).fill(child.givenName);
      await page.getByLabel('The child’s last name', { exact: true }).fill(child.familyName);
      const [by, bm, bd] = child.dateOfBirth.split('-');
      await fillDate(
        page,
        { day: String(Number(bd)), month: String(Number(bm)), year: by ?? '' },
        'The child’s date of birth',
      );
      await page.getByRole('group', { name: 'The child’s sex' }).getByLabel('Female', { exact: true }).check();
      await page.getByLabel('Address line 1', { exact: true }).fill('12 Granby Street');
      await page.getByLabel('Town or city', { exact: true }).fill('Leicester');
      await page.getByLabel('Postcode', { exact: true }).fill(child.postcode);
      await press(page, 'Log the request');

      // The request page: the child's own record (no warning of a possible duplicate), the statutory due date.
      expect(await heading(page)).toBe(childName());
      const requestText = await main(page);
      expect(requestText).toContain(REFERENCE);
      expect(requestText).toContain('39 days left');
      expect(requestText).not.toContain('may be the same child');
      await checkPage(watch, page, 'ehcp: the request', signedIn);
      await page.getByLabel('Name the clinician', { exact: true }).selectOption({ label: CLINICIAN });
      await press(page, 'Save clinician');
      expect(await main(page)).toContain(CLINICIAN);

      // An exception of regulation 8(2), with its evidence: recorded beside the due date, which does not move.
      await follow(page, 'Record an exception');
      await checkPage(watch, page, 'ehcp: record an exception', signedIn);
      await tick(page, 'Exceptional personal circumstances affecting the child or their parent');
      await fillDate(page, londonDay(-1), 'Date it began (for a missed appointment, the date of the appointment)');
      await page
        .getByLabel('Evidence', { exact: true })
        .fill('Her mother telephoned: the family had a bereavement and asked to wait a week.');
      await press(page, 'Record the exception');
      expect(await heading(page)).toBe(childName());
      expect(await main(page)).toContain('39 days left');

      await page.goto(paths.ehcp.tracker.build());
      const tracker = page.getByRole('table');
      const trackerText = await tracker.innerText();
      expect(trackerText).toContain(childName());
      expect(trackerText).toContain('39 days left');
      expect(trackerText).toContain('On track');
      expect(trackerText).toContain(CLINICIAN);
      expect(trackerText).toContain('Exception applies');
      await checkPage(watch, page, 'ehcp: the tracker, one request', signedIn);
    },
    SLOW,
  );

  it(
    'the clinician drafts the advice from the record, a second clinician reviews it, and the clinician signs it',
    async () => {
      const { clinician, reviewer } = seeded();
      const { page, watch } = await asStaff(clinician);
      await openRequest(page);
      await follow(page, 'Open the advice');
      expect(await main(page)).toContain('No advice has been started for this request.');
      await checkPage(watch, page, 'ehcp: the advice, not started', signedIn);
      await press(page, 'Start from the record');

      // The draft holds the record's assessment and goal: nothing typed twice.
      expect(await heading(page)).toBe('Edit EHCP health advice');
      expect(await page.getByLabel('Source 1', { exact: true }).inputValue()).toContain('Movement ABC-2');
      expect(await page.getByLabel('Outcome 1: what the child will be able to do', { exact: true }).inputValue()).toBe(
        GOAL,
      );
      await checkPage(watch, page, 'ehcp: edit the advice, drafted from the record', signedIn);
      await page
        .getByLabel('How the child is known to the service', { exact: true })
        .fill('Known to the occupational therapy service since her referral by her GP for motor coordination.');
      await page
        .getByLabel("The child's views, as they gave them", { exact: true })
        .fill('I want to do my buttons myself like my friends.');
      await page
        .getByLabel("The family's views, as they gave them", { exact: true })
        .fill('Mornings are hard: we would like her to dress herself.');
      const provision = async (section: 'F' | 'G', parts: [string, string, string, string, string]) => {
        const label = `Section ${section} provision 1`;
        const names = ['what', 'who delivers it', 'how often', 'how long each session lasts', 'for how long'];
        for (const [i, value] of parts.entries())
          await page.getByLabel(`${label}: ${names[i] ?? ''}`, { exact: true }).fill(value);
        await page.getByLabel(`${label}: the numbers of the outcomes it serves`, { exact: true }).fill('1');
      };
      await provision('F', [
        'A daily fine motor programme with buttons and fastenings, from the occupational therapist’s plan',
        'Teaching assistant trained by the occupational therapist',
        'Every school day',
        '15 minutes',
        'For two school terms',
      ]);
      await provision('G', [
        'Review of the programme and training of the teaching assistant',
        'Occupational therapist',
        'Once each half term',
        '45 minutes',
        'For 12 months',
      ]);
      await press(page, 'Save draft');
      expect(await heading(page)).toBe('EHCP health advice');
      await checkPage(watch, page, 'ehcp: the advice, a draft', signedIn);

      // Ready: a second clinician is asked to review it (the service requires it).
      expect(await page.locator('#readiness').count(), await main(page)).toBe(0);
      await page.getByLabel('Clinician to review the advice', { exact: true }).selectOption({ label: REVIEWER });
      await press(page, 'Ask for a review');
      expect(await main(page)).toContain(REVIEWER);
      const adviceUrl = page.url();

      // The reviewer, given access to the child's record by being asked, approves it.
      const second = await asStaff(reviewer);
      await second.page.goto(adviceUrl);
      await follow(second.page, 'Review the advice');
      expect(await heading(second.page)).toBe('Review EHCP health advice');
      await checkPage(second.watch, second.page, 'ehcp: review the advice', signedIn);
      await second.page.getByRole('group', { name: 'Your review' }).getByRole('radio').first().check();
      await press(second.page, 'Save review');

      // The author signs it; the signed PDF is there.
      await page.goto(adviceUrl);
      await press(page, 'Sign the advice');
      const signed = await main(page);
      expect(signed).toContain('Signed');
      expect(await page.getByRole('link', { name: 'Download the signed advice (PDF)' }).count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Edit the advice' }).count()).toBe(0);
      await checkPage(watch, page, 'ehcp: the advice, signed', signedIn);
      const pdf = await page.request.get(
        (await page.getByRole('link', { name: 'Download the signed advice (PDF)' }).getAttribute('href')) ?? '',
      );
      expect(pdf.headers()['content-type']).toContain('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    },
    SLOW,
  );

  it(
    'the admin officer sends it to the authority by e-mail; the tracker and the report change',
    async () => {
      const { officer, manager } = seeded();
      const { page, watch } = await asStaff(officer);
      await openRequest(page);
      await follow(page, 'Send the signed advice');
      expect(await heading(page)).toBe('Send the health advice');
      await checkPage(watch, page, 'ehcp: send the advice', signedIn);
      // By e-mail to the contact the request names (chosen for her, as the request gives an address).
      await press(page, 'Send the advice');
      const sent = await main(page);
      expect(sent).toContain('send.assessment@leicester.example.gov.uk');
      await checkPage(watch, page, 'ehcp: the advice sent', signedIn);

      await page.goto(paths.ehcp.tracker.build());
      expect(await main(page)).toContain('There are no open requests');
      await checkPage(watch, page, 'ehcp: the tracker, answered', signedIn);
      // Nothing went by post: the print list is empty.
      await page.goto(paths.staff.home.build());
      await follow(page, 'EHCP advice to post');
      await checkPage(watch, page, 'ehcp: the print list', signedIn);

      const boss = await asStaff(manager);
      await boss.page.goto(paths.ehcp.report.build());
      expect(await heading(boss.page)).toBe('EHCP advice: timeliness report');
      const total = await boss.page.locator('tr', { hasText: 'Total' }).first().innerText();
      // Received 1, answered 1, within six weeks 1, 100%.
      expect(total).toMatch(/Total\s+1\s+1\s+1\s+100%/u);
      await checkPage(boss.watch, boss.page, 'ehcp: the report', signedIn);
    },
    SLOW,
  );
});
