import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId, type AuditRow } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

const IP = '203.0.113.45';
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u;

describeEachDialect('what the audit trail records', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    clinician = await aStaffMember().called('Cleo Clinician').withRoles('clinician', 'triage-clinician').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  /** The one row the response wrote, found by the correlation id the response carries. */
  async function rowOf(page: Page, since: number): Promise<AuditRow> {
    const correlationId = page.headers['x-correlation-id'];
    expect(typeof correlationId).toBe('string');
    const rows = await auditRows(t.deps, { afterId: since });
    expect(rows.map((r) => r.correlation_id)).toEqual([correlationId]);
    const row = rows[0]!;
    expect(row.occurred_at).toMatch(ISO_UTC);
    expect(Math.abs(Date.parse(row.occurred_at) - Date.now())).toBeLessThan(60_000);
    expect(row.ip).toBe(IP);
    return row;
  }

  it('records a sign-in with who, their roles, the subject, when, where from and the correlation id', async () => {
    const client = new TestClient(t.app, IP);
    await client.get(paths.signIn.build());
    const since = await lastAuditId(t.deps);
    const page = await client.post(paths.signIn.build(), { email: clinician.email, password: clinician.password });
    expect(page.status).toBe(303);
    expect(await rowOf(page, since)).toMatchObject({
      action: 'auth.sign-in',
      outcome: 'success',
      service_id: LLR,
      chain: LLR,
      actor_user_id: clinician.id,
      actor_roles: 'clinician triage-clinician',
      subject_type: 'user',
      subject_id: clinician.id,
    });
  });

  it('records a sign-out', async () => {
    const client = new TestClient(t.app, IP);
    await signIn(client, clinician);
    const since = await lastAuditId(t.deps);
    const page = await client.post(paths.signOut.build());
    expect(page.status).toBe(303);
    expect(await rowOf(page, since)).toMatchObject({
      action: 'auth.sign-out',
      outcome: 'success',
      service_id: LLR,
      actor_user_id: clinician.id,
      actor_roles: 'clinician triage-clinician',
      subject_type: 'user',
      subject_id: clinician.id,
    });
  });

  it('records a failed sign-in of a known account against that account, in its service', async () => {
    const client = new TestClient(t.app, IP);
    await client.get(paths.signIn.build());
    const since = await lastAuditId(t.deps);
    const page = await client.post(paths.signIn.build(), { email: clinician.email, password: 'not the password' });
    expect(page.status).toBe(401);
    const row = await rowOf(page, since);
    expect(row).toMatchObject({
      action: 'auth.sign-in-failed',
      outcome: 'failure',
      service_id: LLR,
      actor_user_id: null,
      actor_roles: '',
      subject_type: 'user',
      subject_id: clinician.id,
    });
    expect(JSON.parse(row.detail!)).toEqual({ reason: 'wrong-password' });
  });

  it('records a failed sign-in of an unknown address without writing the address anywhere', async () => {
    const client = new TestClient(t.app, IP);
    await client.get(paths.signIn.build());
    const since = await lastAuditId(t.deps);
    const email = 'Unknown.Person+tag@Example.NHS.test';
    const page = await client.post(paths.signIn.build(), { email, password: 'whatever it is' });
    expect(page.status).toBe(401);
    const row = await rowOf(page, since);
    expect(row).toMatchObject({
      action: 'auth.sign-in-failed',
      outcome: 'failure',
      service_id: null,
      chain: 'instance',
      actor_user_id: null,
      subject_id: null,
    });
    const everything = JSON.stringify(row).toLowerCase();
    const found = ['unknown.person', 'person+tag', 'example.nhs.test', '@'].filter((part) => everything.includes(part));
    expect(found).toEqual([]);
  });

  it('records a denial with who was refused, their roles and the route', async () => {
    const client = new TestClient(t.app, IP);
    await signIn(client, clinician);
    const since = await lastAuditId(t.deps);
    const page = await client.get(paths.admin.users.build());
    expect(page.status).toBe(403);
    expect(await rowOf(page, since)).toMatchObject({
      action: 'access.denied',
      outcome: 'denied',
      service_id: LLR,
      actor_user_id: clinician.id,
      actor_roles: 'clinician triage-clinician',
      subject_type: 'route',
      subject_id: 'GET /staff/admin/users',
    });
  });

  it('keeps a correlation id the caller sent, when it is well formed, and replaces one that is not', async () => {
    const client = new TestClient(t.app, IP);
    const since = await lastAuditId(t.deps);
    const given = await client.request('GET', paths.staff.home.build(), {
      headers: { 'x-correlation-id': 'trace-from-proxy-0001' },
    });
    expect(given.headers['x-correlation-id']).toBe('trace-from-proxy-0001');
    expect((await rowOf(given, since)).correlation_id).toBe('trace-from-proxy-0001');

    const forged = await client.request('GET', paths.signIn.build(), {
      headers: { 'x-correlation-id': 'bad id\r\nwith <html>' },
    });
    expect(forged.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/u);
  });
});
