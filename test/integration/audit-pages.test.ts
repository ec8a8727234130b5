import { afterAll, beforeAll, expect, it } from 'vitest';
import { londonDate, nextIsoDate } from '../../src/domain/shared/dates.js';
import { systemContext } from '../../src/services/shared/context.js';
import { paths } from '../../src/web/paths.js';
import { AUDIT_CSV_HEADER } from '../../src/web/routes/audit/audit.view-models.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { csvRecords, parseCsv } from '../support/csv.js';
import { describeEachDialect } from '../support/databases.js';
import { tableRows } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const FORMULA_NAMES = ['=HYPERLINK("http://x")', '+SUM(A1:A9)', '-2+3', '@cmd'];
const CAPTION = 'Events, newest first';

describeEachDialect('the auditor’s pages', (dialect) => {
  let t: TestApp;
  let auditor: CreatedStaff;
  let clinician: CreatedStaff;
  let physio: CreatedStaff;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp(dialect, { twoServices: true });
    auditor = await aStaffMember().called('Audrey Auditor').withRoles('auditor').create(t.deps);
    clinician = await aStaffMember().called('Cleo Clinician').withRoles('clinician').create(t.deps);
    physio = await aStaffMember()
      .called('Phyllis Physio')
      .inService(SECOND_SERVICE, 'clinician', 'admin')
      .create(t.deps);
    // Something to find: a sign-in and a denial in LLR, a sign-in in the other service, an unknown address.
    const c = new TestClient(t.app);
    await signIn(c, clinician);
    await c.get(paths.admin.users.build());
    await signIn(new TestClient(t.app), physio);
    const stranger = new TestClient(t.app);
    await stranger.get(paths.signIn.build());
    await stranger.post(paths.signIn.build(), { email: 'stranger@nhs.test', password: 'no such account' });
    for (const name of FORMULA_NAMES)
      await signIn(new TestClient(t.app), await aStaffMember().called(name).withRoles('clinician').create(t.deps));
    client = new TestClient(t.app);
    await signIn(client, auditor);
  });
  afterAll(async () => {
    await t.close();
  });

  const search = async (query: Record<string, string>): Promise<{ page: Page; rows: Record<string, string>[] }> => {
    const page = await client.get(`${paths.audit.search.build()}?${new URLSearchParams(query).toString()}`);
    expect(page.status).toBe(200);
    const none = page.screen.queryByText('No events match.');
    return { page, rows: none === null ? tableRows(page, CAPTION) : [] };
  };

  it('searches by action, outcome, member of staff and subject', async () => {
    const all = await search({});
    expect(all.rows.length).toBeGreaterThan(5);
    expect(all.page.screen.getByRole('link', { name: 'Check that the audit trail has not been changed' })).toBeTruthy();

    const signIns = await search({ action: 'auth.sign-in' });
    expect(new Set(signIns.rows.map((r) => r.Action))).toEqual(new Set(['auth.sign-in']));
    expect(signIns.rows.map((r) => r.Who)).toContain('Cleo Clinician Clinician');

    const denied = await search({ outcome: 'denied' });
    expect(denied.rows.length).toBeGreaterThanOrEqual(1);
    expect(new Set(denied.rows.map((r) => r.Outcome))).toEqual(new Set(['denied']));

    const byActor = await search({ actor: clinician.id });
    expect(byActor.rows.length).toBeGreaterThanOrEqual(2);
    expect(new Set(byActor.rows.map((r) => r.Who))).toEqual(new Set(['Cleo Clinician Clinician']));

    const bySubject = await search({ subject: clinician.id });
    expect(bySubject.rows.length).toBeGreaterThanOrEqual(1);
    expect(bySubject.rows.every((r) => r.Subject === `user ${clinician.id}`)).toBe(true);
  });

  it('searches by London calendar dates', async () => {
    // The London days of the first and last events so far (the same day, unless the tests ran over midnight).
    const events = await auditRows(t.deps);
    const first = londonDate(new Date(events[0]!.occurred_at));
    const last = londonDate(new Date(events.at(-1)!.occurred_at));
    const dayBefore = new Date(Date.parse(`${first}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect((await search({ from: first, to: last })).rows.length).toBeGreaterThan(5);
    expect((await search({ from: nextIsoDate(last) })).rows).toEqual([]);
    expect((await search({ to: dayBefore })).rows).toEqual([]);
  });

  it('pages through older events with `before`', async () => {
    for (let i = 0; i < 60; i++) {
      await t.deps.audit.record(
        t.deps.database.db,
        { ...systemContext(`paging-${String(i)}`), serviceId: LLR },
        {
          action: 'user.viewed',
          subjectType: 'user',
          subjectId: `paging-${String(i).padStart(2, '0')}`,
        },
      );
    }
    const first = await search({ action: 'user.viewed' });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]!.Subject).toBe('user paging-59');
    expect(first.rows.at(-1)!.Subject).toBe('user paging-10');
    const older = first.page.screen.getByRole('link', { name: /Older events/u });
    const href = older.getAttribute('href')!;
    expect(href).toMatch(/[?&]before=\d+/u);
    expect(href).toContain('action=user.viewed');
    const secondPage = await client.get(href);
    const second = tableRows(secondPage, CAPTION);
    expect(second.map((r) => r.Subject)).toEqual(
      Array.from({ length: 10 }, (_, i) => `user paging-${String(9 - i).padStart(2, '0')}`),
    );
    expect(secondPage.screen.queryByRole('link', { name: /Older events/u })).toBeNull();
    expect(secondPage.screen.getByRole('link', { name: /Newest events/u })).toBeTruthy();
  });

  it('shows only its own service’s events and the instance’s, never the other service’s', async () => {
    expect((await search({ actor: physio.id })).page.status).toBe(200);
    expect((await search({ subject: physio.id })).rows).toEqual([]);
    const res = await client.get(paths.audit.export.build());
    const records = csvRecords(res.body);
    expect(new Set(records.map((r) => r.service))).toEqual(new Set([LLR, '']));
    expect(res.body).not.toContain(physio.id);
    expect(res.body).not.toContain(SECOND_SERVICE);
    expect(records.some((r) => r.action === 'auth.sign-in-failed' && r.service === '' && r.subject_id === '')).toBe(
      true,
    );
    // And the other service's events are really there, in its own chain.
    expect(await auditRows(t.deps, { serviceId: SECOND_SERVICE, actorUserId: physio.id })).not.toEqual([]);
  });

  it('exports CSV as an attachment, with formulas neutralised', async () => {
    const res = await client.get(`${paths.audit.export.build()}?action=auth.sign-in`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="audit-${LLR}.csv"`);
    expect(res.headers['cache-control']).toBe('no-store');
    const [header] = parseCsv(res.body);
    expect(header).toEqual([...AUDIT_CSV_HEADER]);
    const records = csvRecords(res.body);
    expect(new Set(records.map((r) => r.action))).toEqual(new Set(['auth.sign-in']));
    const names = records.map((r) => r.actor_name);
    for (const name of FORMULA_NAMES) expect(names).toContain(`'${name}`);
    const risky = parseCsv(res.body)
      .flat()
      .filter((cell) => /^[=+\-@\t\r]/u.test(cell));
    expect(risky).toEqual([]);
  });

  it('records each search and each export in the audit trail', async () => {
    const since = await lastAuditId(t.deps);
    const page = await client.get(`${paths.audit.search.build()}?outcome=denied`);
    const csv = await client.get(`${paths.audit.export.build()}?outcome=denied`);
    const rows = await auditRows(t.deps, { afterId: since });
    expect(
      rows.map((r) => [r.action, r.outcome, r.actor_user_id, r.actor_roles, r.service_id, r.correlation_id]),
    ).toEqual([
      ['audit.searched', 'success', auditor.id, 'auditor', LLR, page.headers['x-correlation-id']],
      ['audit.exported', 'success', auditor.id, 'auditor', LLR, csv.headers['x-correlation-id']],
    ]);
  });
});
