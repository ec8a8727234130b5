/**
 * Each route's CSRF token comes from the source it declares, and the CSRF plugin checks every source the same way
 * before the handler runs: a missing or wrong token gets 403 "Sorry, this form could not be sent", is audited, and
 * changes nothing; the right one goes through. The sources: the session's token in the form field or the
 * `X-CSRF-Token` header (every staff and public page with a session), and a route's own token (the referral draft's)
 * in the form field or in the field before a multipart upload's file.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { signIn } from '../support/journeys.js';
import { completeReferral, uploadFile } from '../support/referral.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describeEachDialect('CSRF token sources declared per route', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Someone for the feedback to go to.
    await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Refused before the handler: the CSRF page, one audited denial naming the route, nothing cached. */
  async function expectRefused(page: Page, since: number, route: string, reason: string): Promise<void> {
    expect(page.status).toBe(403);
    expect(page.screen.getByRole('heading', { level: 1 }).textContent).toBe('Sorry, this form could not be sent');
    const correlationId = String(page.headers['x-correlation-id']);
    const denials = await auditRows(t.deps, { action: 'access.denied', afterId: since, correlationId });
    expect(denials.map((d) => [d.subject_id, JSON.parse(d.detail!) as unknown])).toEqual([[route, { reason }]]);
  }

  const feedbackMessages = () =>
    t.deps.database.db.selectFrom('outbox_messages').select('id').where('template', '=', 'feedback').execute();

  it('the session’s token, in the form field', async () => {
    const client = new TestClient(t.app);
    await client.get('/feedback');
    const fields = { tryingToDo: 'Refer', feedback: 'Clear' };
    const before = (await feedbackMessages()).length;
    let since = await lastAuditId(t.deps);
    await expectRefused(
      await client.post('/feedback', fields, { csrf: null }),
      since,
      'POST /feedback',
      'csrf-missing',
    );
    since = await lastAuditId(t.deps);
    await expectRefused(
      await client.post('/feedback', fields, { csrf: 'x' }),
      since,
      'POST /feedback',
      'csrf-mismatch',
    );
    expect(await feedbackMessages()).toHaveLength(before);
    const sent = await client.post('/feedback', fields);
    expect(sent.status).toBe(303);
  });

  it('the session’s token, in the X-CSRF-Token header', async () => {
    const staff = await aStaffMember().called('Hedda Header').withRoles('clinician').create(t.deps);
    const client = new TestClient(t.app);
    await signIn(client, staff);
    await client.get('/staff');
    const own = client.csrfToken!;
    const extend = (token?: string) =>
      client.request('POST', '/session/extend', {
        headers: { accept: 'application/json', ...(token !== undefined && { 'x-csrf-token': token }) },
      });
    let since = await lastAuditId(t.deps);
    await expectRefused(await extend(), since, 'POST /session/extend', 'csrf-missing');
    since = await lastAuditId(t.deps);
    await expectRefused(await extend(`${own}x`), since, 'POST /session/extend', 'csrf-mismatch');
    const extended = await extend(own);
    expect(extended.status).toBe(200);
    expect(JSON.parse(extended.body)).toHaveProperty('idleExpiresAt');
  });

  it('the draft’s own token, in the form field; with no draft at all, the form says start again', async () => {
    const client = new TestClient(t.app);
    await client.post('/refer/start', {}, { csrf: null });
    await client.get('/refer/who-is-referring');
    const route = 'POST /refer/who-is-referring';
    let since = await lastAuditId(t.deps);
    const missing = await client.post('/refer/who-is-referring', { referrerType: 'gp' }, { csrf: null });
    await expectRefused(missing, since, route, 'csrf-missing');
    expect(missing.headers['cache-control']).toBe('no-store');
    since = await lastAuditId(t.deps);
    const wrong = await client.post('/refer/who-is-referring', { referrerType: 'gp' }, { csrf: 'forged' });
    await expectRefused(wrong, since, route, 'csrf-mismatch');
    expect((await client.get('/refer/your-details')).location).toBe('/refer/who-is-referring');
    const right = await client.post('/refer/who-is-referring', { referrerType: 'gp' });
    expect(right.status).toBe(303);
    expect(right.location).not.toBe('/refer/who-is-referring');

    // A session's token is not the draft's: the sign-in page's token does not answer a referral page.
    const other = new TestClient(t.app);
    await other.get('/sign-in');
    const sessionToken = other.csrfToken!;
    since = await lastAuditId(t.deps);
    const borrowed = await client.post('/refer/your-details', {}, { csrf: sessionToken });
    await expectRefused(borrowed, since, 'POST /refer/your-details', 'csrf-mismatch');

    const stranger = new TestClient(t.app);
    const nothing = await stranger.post('/refer/who-is-referring', { referrerType: 'gp' }, { csrf: 'x' });
    expect(nothing.status).toBe(400);
    expect(nothing.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Sorry, we could not find your referral',
    );
  });

  it('the draft’s own token, in the field before an upload’s file', async () => {
    const client = new TestClient(t.app);
    await completeReferral(client, { referrerType: 'gp' });
    await client.get('/refer/attachments');
    const files = () => t.deps.database.db.selectFrom('referral_attachments').select('id').execute();
    const before = (await files()).length;
    const route = 'POST /refer/attachments/upload';
    let since = await lastAuditId(t.deps);
    const missing = await uploadFile(client, { name: 'a.pdf', bytes: PDF }, { csrf: null });
    await expectRefused(missing, since, route, 'csrf-missing');
    since = await lastAuditId(t.deps);
    const wrong = await uploadFile(client, { name: 'a.pdf', bytes: PDF }, { csrf: 'forged' });
    await expectRefused(wrong, since, route, 'csrf-mismatch');
    expect(await files()).toHaveLength(before);
    const right = await uploadFile(client, { name: 'a.pdf', bytes: PDF });
    expect(right.status).toBe(303);
    expect(await files()).toHaveLength(before + 1);
  });
});
