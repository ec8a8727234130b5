/**
 * The subject access export in Chromium without JavaScript (issue 12, item 8; ADR 0030): the data protection officer
 * goes from the child's triage page to the child's export page, finds the child again by NHS number (the form empty,
 * wrong and answered), and downloads the archive, which the system's `tar` reads. axe-core's WCAG 2.x A and AA rules
 * on every page and state. The world is made through the use cases (e2e/support/seed.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeInBrowser } from './support/browser.js';
import { checkPage } from './support/checks.js';
import { heading, signIn } from './support/journeys.js';
import { useOtway } from './support/otway.js';
import { useSeeding } from './support/seed.js';
import { aStaffMember } from '../test/support/builders.js';
import { aReferral } from '../test/support/factories.js';
import { paths } from '../src/web/paths.js';

const SLOW = 180_000;

describeInBrowser('The subject access export', () => {
  const otway = useOtway();
  const seeding = useSeeding(otway);
  const work = mkdtempSync(join(tmpdir(), 'otway-sar-e2e-'));
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it(
    'takes the data protection officer from the triage page or an NHS number to one archive, without JavaScript',
    async () => {
      const deps = await seeding();
      // A triage clinician who is also the data protection officer, so that both ways in are open to them.
      const admin = await aStaffMember()
        .called('Mary Seacole')
        .withRoles('triage-clinician', 'data-protection-officer')
        .create(deps);
      const referral = await aReferral({ nhsNumber: '943 476 5919' })
        .withFile('school report.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'))
        .declined()
        .create(deps);

      // Every page and state, with axe (which needs scripts to run in the page).
      const checked = await otway.person();
      const { watch } = checked;
      let page = checked.page;
      await signIn(page, admin);
      await page.goto(paths.triage.referral.build({ referralId: referral.id }));
      await page.getByRole('link', { name: 'Export everything held about this child' }).click();
      await page.waitForURL('**/staff/subject-access/children/*');
      expect(await heading(page)).toBe('Amara Ndiaye');
      await checkPage(watch, page, 'subject access: the child', { status: 200, signedIn: true });
      await page.goto(paths.subjectAccess.search.build());
      await checkPage(watch, page, 'subject access: search, empty', { status: 200, signedIn: true });
      await page.getByRole('button', { name: 'Find the child' }).click();
      await page.getByText('There is a problem').waitFor();
      await checkPage(watch, page, 'subject access: search, no number', { status: 400, signedIn: true });
      await page.getByLabel('NHS number').fill('943 476 5918');
      await page.getByRole('button', { name: 'Find the child' }).click();
      await page.getByText('Enter a valid NHS number').first().waitFor();
      await checkPage(watch, page, 'subject access: search, wrong number', { status: 400, signedIn: true });
      await page.getByLabel('NHS number').fill('943 476 5919');
      await page.getByRole('button', { name: 'Find the child' }).click();
      await page.getByRole('heading', { name: 'Children found' }).waitFor();
      await checkPage(watch, page, 'subject access: search, found', { status: 200, signedIn: true });

      // The whole journey again without JavaScript, to the archive.
      page = (await otway.person({ javaScriptEnabled: false })).page;
      await signIn(page, admin);
      await page.goto(paths.triage.referral.build({ referralId: referral.id }));
      await page.getByRole('link', { name: 'Export everything held about this child' }).click();
      await page.waitForURL('**/staff/subject-access/children/*');
      await page.goto(paths.subjectAccess.search.build());
      await page.getByLabel('NHS number').fill('943 476 5919');
      await page.getByRole('button', { name: 'Find the child' }).click();
      await page.getByRole('heading', { name: 'Children found' }).waitFor();
      // The number was posted: it is in no address the browser visited.
      expect(page.url()).not.toContain('9434765919');

      await page.getByRole('link', { name: /Amara Ndiaye/u }).click();
      await page.waitForURL('**/staff/subject-access/children/*');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download the export' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^subject-access-\d{4}-\d{2}-\d{2}\.tar$/u);
      const archive = join(work, 'export.tar');
      await download.saveAs(archive);
      const listed = execFileSync('tar', ['-tf', archive], { encoding: 'utf8' });
      expect(listed).toMatch(/\/record\.json$/mu);
      expect(listed).toMatch(/\/letters\/.+\.pdf$/mu);
      expect(listed).toMatch(/\/attachments\/.+school_report\.pdf$/mu);
    },
    SLOW,
  );
});
