import { afterAll, beforeAll, expect, it } from 'vitest';
import { londonDate, nextIsoDate } from '../../src/domain/shared/dates.js';
import { paths } from '../../src/web/paths.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { csvRecords } from '../support/csv.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { aReferral } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const CAPTION = 'Events, newest first';
const TO_BEFORE_FROM = "The 'to' date must be the same as or after the 'from' date";

/** The day, month and year boxes of a date input called `name`, as the search form sends them. */
function dateQuery(name: 'from' | 'to', iso: string): Record<string, string> {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}[day]`]: String(Number(day)), [`${name}[month]`]: String(Number(month)), [`${name}[year]`]: year };
}

/** The error message of the form group in error around an input, found by the input's id. */
function errorAround(page: Page, inputId: string): string | null {
  const group = page.document.getElementById(inputId)?.closest('.nhsuk-form-group--error');
  const message = group?.querySelector('.nhsuk-error-message');
  return message ? text(message).replace(/^Error:\s*/u, '') : null;
}

describeEachDialect('the audit search, by referral reference and by dates typed as day, month and year', (dialect) => {
  let t: TestApp;
  let client: TestClient;
  let reference: string;
  let referralId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ id: referralId, reference } = await aReferral({ referrerType: 'gp' }).create(t.deps));
    client = new TestClient(t.app);
    await signIn(client, await aStaffMember().withRoles('auditor').create(t.deps));
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (path: string, query: Record<string, string>) =>
    client.get(`${path}?${new URLSearchParams(query).toString()}`);
  const rowsOf = (page: Page) => (page.screen.queryByText('No events match.') === null ? tableRows(page, CAPTION) : []);

  it('finds a referral’s events by its reference, typed in any case and with spaces, as by its record id', async () => {
    const byId = await get(paths.audit.search.build(), { subject: referralId });
    expect(byId.status).toBe(200);
    expect(rowsOf(byId).map((r) => r.Action)).toContain('referral.submitted');

    const typed = ` ${reference.toLowerCase().replaceAll('-', ' ')} `;
    const byReference = await get(paths.audit.search.build(), { subject: typed });
    expect(byReference.status).toBe(200);
    const rows = rowsOf(byReference);
    expect(rows).toEqual(rowsOf(byId));
    expect(rows.every((r) => r.Subject === `referral ${referralId}`)).toBe(true);
    expect(byReference.screen.getByText(new RegExp(`Events about referral ${reference}`, 'u'))).toBeTruthy();

    const csv = await get(paths.audit.export.build(), { subject: typed });
    expect(csv.status).toBe(200);
    const records = csvRecords(csv.body);
    expect(records.length).toBe(rows.length);
    expect(new Set(records.map((r) => r.subject_id))).toEqual(new Set([referralId]));
  });

  it('says so when no referral in the service has the reference, without an error', async () => {
    const page = await get(paths.audit.search.build(), { subject: 'ot-0000-0000' });
    expect(page.status).toBe(200);
    expect(errorSummary(page)).toEqual([]);
    expect(page.screen.queryByRole('table')).toBeNull();
    expect(page.screen.getByText('No referral in this service has the reference OT-0000-0000.')).toBeTruthy();
    const csv = await get(paths.audit.export.build(), { subject: 'ot-0000-0000' });
    expect(csv.status).toBe(200);
    expect(csvRecords(csv.body)).toEqual([]);
  });

  it('takes "from" and "to" as day, month and year, and keeps them on the next page and the export', async () => {
    const today = londonDate(new Date());
    const page = await get(paths.audit.search.build(), { ...dateQuery('from', today), ...dateQuery('to', today) });
    expect(page.status).toBe(200);
    expect(rowsOf(page).length).toBeGreaterThan(0);
    expect(page.document.querySelector<HTMLInputElement>('#from-day')!.value).toBe(
      dateQuery('from', today)['from[day]'],
    );
    expect(page.document.querySelector<HTMLInputElement>('#to-year')!.value).toBe(today.slice(0, 4));
    const exportHref = page.screen.getByRole('link', { name: /Download these events/u }).getAttribute('href')!;
    const csv = await client.get(exportHref);
    expect(csv.status).toBe(200);
    expect(csvRecords(csv.body).length).toBeGreaterThan(0);

    const tomorrow = await get(paths.audit.search.build(), dateQuery('from', nextIsoDate(today)));
    expect(tomorrow.status).toBe(200);
    expect(rowsOf(tomorrow)).toEqual([]);
  });

  it('names each date error at its field, and refuses a "from" after the "to"', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [
        { 'from[day]': '31', 'from[month]': '2', 'from[year]': '2026' },
        "The 'from' date must be a real date",
        'from-day',
      ],
      [
        { 'from[day]': '3', 'from[month]': '', 'from[year]': '2026' },
        "The 'from' date must include a month",
        'from-month',
      ],
      [{ 'to[day]': '3', 'to[month]': '4', 'to[year]': '26' }, 'Year must include 4 numbers', 'to-year'],
      [{ ...dateQuery('from', '2026-11-28'), ...dateQuery('to', '2026-11-27') }, TO_BEFORE_FROM, 'to-day'],
    ];
    for (const [query, message, inputId] of cases) {
      const page = await get(paths.audit.search.build(), query);
      expect({ status: page.status, summary: errorSummary(page), at: errorAround(page, inputId) }).toEqual({
        status: 400,
        summary: [message],
        at: message,
      });
      expect(page.screen.getByRole('link', { name: message }).getAttribute('href')).toBe(`#${inputId}`);
      const csv = await get(paths.audit.export.build(), query);
      expect({ status: csv.status, type: csv.headers['content-type'] }).toEqual({
        status: 400,
        type: 'text/html; charset=utf-8',
      });
    }
    const sameDay = await get(paths.audit.search.build(), {
      ...dateQuery('from', '2026-11-27'),
      ...dateQuery('to', '2026-11-27'),
    });
    expect(sameDay.status).toBe(200);
  });

  it('still accepts dates written as 2026-11-27, as older links carry them', async () => {
    const today = londonDate(new Date());
    const page = await get(paths.audit.search.build(), { from: today, to: today });
    expect(page.status).toBe(200);
    expect(rowsOf(page).length).toBeGreaterThan(0);
    expect(page.document.querySelector<HTMLInputElement>('#from-year')!.value).toBe(today.slice(0, 4));
    const backwards = await get(paths.audit.search.build(), { from: nextIsoDate(today), to: today });
    expect(backwards.status).toBe(400);
    expect(errorSummary(backwards)).toEqual([TO_BEFORE_FROM]);
  });
});
