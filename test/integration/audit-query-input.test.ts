import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const ACTION = 'Select an action from the list';
const SUBJECT = 'Enter a referral reference or a record id using letters, numbers and hyphens only';

/** Filter values off the allow-list, each with the message the error summary must give. */
const REFUSED: [query: string, message: string][] = [
  ['action=DROP%20TABLE%20audit_events', ACTION],
  ["action=auth.sign-in'%20OR%20'1'='1", ACTION],
  ['action=a&action=b', ACTION],
  ['action=auth.sign-in&action=auth.sign-in', ACTION],
  ['outcome=x', 'Select an outcome from the list'],
  ['outcome=success&outcome=denied', 'Select an outcome from the list'],
  ['from=2026-02-31', "The 'from' date must be a real date"],
  ['from=31%2F12%2F2026', "The 'from' date must be a real date"],
  ['to=2026-13-01', "The 'to' date must be a real date"],
  ['from%5Bday%5D=1&from%5Bday%5D=2&from%5Bmonth%5D=1&from%5Byear%5D=2026', "The 'from' date must be a real date"],
  ['to%5Bday%5D=x&to%5Bmonth%5D=1&to%5Byear%5D=2026', "The 'to' date must be a real date"],
  ['before=-1', 'The page number is not valid'],
  ['before=1e9', 'The page number is not valid'],
  ['before=9999999999999999', 'The page number is not valid'],
  ['actor=1%20or%201=1', 'Select a member of staff from the list'],
  ["subject=x'%20OR%201=1%20--", SUBJECT],
  [`subject=${'a'.repeat(65)}`, SUBJECT],
];

describeEachDialect('the audit search refuses filters off its allow-list', (dialect) => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const auditor = await aStaffMember().withRoles('auditor').create(t.deps);
    client = new TestClient(t.app);
    await signIn(client, auditor);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 400 with a clear error summary for each, and records a failed search', async () => {
    const results = [];
    for (const [query] of REFUSED) {
      const since = await lastAuditId(t.deps);
      const page = await client.get(`${paths.audit.search.build()}?${query}`);
      const recorded = await auditRows(t.deps, { afterId: since });
      results.push({
        query,
        status: page.status,
        heading: page.screen.getByRole('heading', { level: 1 }).textContent,
        summary: errorSummary(page),
        recorded: recorded.map((r) => `${r.action} ${r.outcome}`),
      });
    }
    expect(results).toEqual(
      REFUSED.map(([query, message]) => ({
        query,
        status: 400,
        heading: 'Audit trail',
        summary: [message],
        recorded: ['audit.searched failure'],
      })),
    );
  });

  it('links each message to its field', async () => {
    const page = await client.get(`${paths.audit.search.build()}?outcome=x&from=2026-02-31`);
    expect(page.status).toBe(400);
    expect(page.screen.getByRole('link', { name: 'Select an outcome from the list' }).getAttribute('href')).toBe(
      '#outcome',
    );
    expect(page.screen.getByRole('link', { name: /'from' date/u }).getAttribute('href')).toBe('#from-day');
    const box = (id: string) => page.document.querySelector<HTMLInputElement>(`#${id}`)?.value;
    expect([box('from-day'), box('from-month'), box('from-year')]).toEqual(['31', '02', '2026']);
  });

  it('refuses the same values on the CSV export, as a page and not a file', async () => {
    for (const [query] of REFUSED) {
      const res = await client.get(`${paths.audit.export.build()}?${query}`);
      expect({ query, status: res.status, type: res.headers['content-type'] }).toEqual({
        query,
        status: 400,
        type: 'text/html; charset=utf-8',
      });
      expect(res.headers['content-disposition']).toBeUndefined();
    }
  });

  it('refuses unknown parameters, poisoned names and NUL bytes with 400, never 500', async () => {
    for (const query of [
      'sort=id%20desc',
      'limit=1000000000',
      '__proto__=x',
      'constructor=x',
      'action=%00',
      'subject=a%00b',
    ]) {
      for (const path of [paths.audit.search.build(), paths.audit.export.build()]) {
        const res = await client.get(`${path}?${query}`);
        expect({ path, query, status: res.status }).toEqual({ path, query, status: 400 });
      }
    }
  });
});
