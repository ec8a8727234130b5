/**
 * Issue 10, item 9: the phase banner's "Tell us what you think" leads to a short feedback form, not a telephone
 * number. Feedback goes to the service's contact e-mail through the outbox, audited without its text; bad input is a
 * 400 with an error summary; too long is refused; a post without the CSRF token changes nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, text } from '../support/html.js';
import { aStaffMember } from '../support/builders.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const CONTACT = 'otway.feedback@nhs.test';

describeEachDialect('feedback about the website', (dialect) => {
  let t: TestApp;
  let withoutEmail: TestApp;
  let definitions: string;
  beforeAll(async () => {
    // The service's definition with a contact e-mail: the one the feedback is sent to.
    definitions = mkdtempSync(join(tmpdir(), 'otway-definitions-'));
    const llr = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../service-definitions/llr-childrens-ot.json'), 'utf8'),
    ) as { contact: Record<string, string> };
    llr.contact.email = CONTACT;
    writeFileSync(join(definitions, 'llr-childrens-ot.json'), JSON.stringify(llr));
    t = await createTestApp(dialect, { env: { SERVICE_DEFINITIONS_DIR: definitions } });
    withoutEmail = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
    await withoutEmail.close();
    rmSync(definitions, { recursive: true, force: true });
  });

  const messages = () => t.deps.database.db.selectFrom('outbox_messages').selectAll().execute();

  it('is where the phase banner leads, and sends one message with what was typed to the service', async () => {
    const client = new TestClient(t.app);
    const home = await client.get('/');
    const banner = home.document.querySelector('.app-phase-banner a');
    expect(text(banner)).toBe('Tell us what you think');
    expect(banner?.getAttribute('href')).toBe('/feedback');

    const contact = await client.get('/contact');
    expect(contact.screen.getByRole('link', { name: 'tell us what you think' }).getAttribute('href')).toBe('/feedback');
    const form = await client.get('/feedback');
    expect(form.status).toBe(200);
    expect(text(form.document.querySelector('h1'))).toBe('Tell us what you think of this website');
    const sent = await client.post('/feedback', {
      tryingToDo: 'Find out who can refer my son <b>now</b>',
      feedback: 'The checker was clear, but the referral form was long.',
      email: 'parent@example.com',
    });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/feedback/thank-you');
    const thanks = await client.follow(sent);
    expect(text(thanks.document.querySelector('h1'))).toBe('Thank you for your feedback');

    const queued = await messages();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ template: 'feedback', channel: 'email', recipient: CONTACT });
    expect(JSON.parse(queued[0]!.personalisation)).toMatchObject({
      trying_to_do: 'Find out who can refer my son <b>now</b>',
      feedback: 'The checker was clear, but the referral form was long.',
      reply_to: 'parent@example.com',
    });
    const audit = await t.deps.database.db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('action', '=', 'feedback.sent')
      .execute();
    expect(audit).toHaveLength(1);
    // The audit trail keeps whether a reply was wanted, never what was typed.
    expect(JSON.stringify(audit[0])).not.toContain('checker was clear');
  });

  it('refuses an empty form or a bad e-mail address with 400 and an error summary, keeping what was typed', async () => {
    const client = new TestClient(t.app);
    await client.get('/feedback');
    const before = (await messages()).length;
    const empty = await client.post('/feedback', { tryingToDo: '', feedback: '', email: '' });
    expect(empty.status).toBe(400);
    expect(errorSummary(empty)).toEqual(['Enter what you were trying to do', 'Enter what was good or bad about it']);
    const badEmail = await client.post('/feedback', { tryingToDo: 'Refer', feedback: 'Fine', email: 'not an email' });
    expect(badEmail.status).toBe(400);
    expect(errorSummary(badEmail)).toEqual(['Enter an email address in the correct format, like name@example.com']);
    expect(badEmail.screen.getByLabelText<HTMLTextAreaElement>('What were you trying to do?').value).toBe('Refer');
    const unexpected = await client.post('/feedback', { tryingToDo: 'a', feedback: 'b', childName: 'Amara' });
    expect(unexpected.status).toBe(400);
    expect((await messages()).length).toBe(before);
  });

  it('refuses feedback that is too long, and a post without the form’s token', async () => {
    const client = new TestClient(t.app);
    await client.get('/feedback');
    const before = (await messages()).length;
    const long = await client.post('/feedback', { tryingToDo: 'Refer', feedback: 'x'.repeat(1201) });
    expect(long.status).toBe(400);
    expect(errorSummary(long)).toEqual(['What was good or bad must be 1200 characters or fewer']);
    const forged = await client.post('/feedback', { tryingToDo: 'Refer', feedback: 'Fine' }, { csrf: null });
    expect(forged.status).toBe(403);
    expect((await messages()).length).toBe(before);
  });

  it('goes to the service’s active administrators when its definition names no e-mail', async () => {
    const client = new TestClient(withoutEmail.app);
    const home = await client.get('/');
    expect(home.document.querySelector('.app-phase-banner a')?.getAttribute('href')).toBe('/feedback');
    // No administrator yet: nothing is written, and the visitor is told to call.
    await client.get('/feedback');
    const nobody = await client.post('/feedback', { tryingToDo: 'Refer', feedback: 'Clear', email: '' });
    expect(nobody.status).toBe(503);
    expect(errorSummary(nobody)[0]).toMatch(/^We cannot take feedback online yet\. Please call us on 0116/u);
    expect(nobody.document.querySelector<HTMLTextAreaElement>('textarea[name="feedback"]')?.value).toBe('Clear');
    const db = withoutEmail.deps.database.db;
    expect(await db.selectFrom('outbox_messages').selectAll().execute()).toHaveLength(0);

    await aStaffMember()
      .called('Ada Admin')
      .withEmail('ada.admin@nhs.test')
      .withRoles('admin')
      .create(withoutEmail.deps);
    await aStaffMember()
      .called('Ola Officer')
      .withEmail('ola@nhs.test')
      .withRoles('admin-officer')
      .create(withoutEmail.deps);
    const sent = await client.post('/feedback', { tryingToDo: 'Refer', feedback: 'Clear', email: '' });
    expect(sent.location).toBe('/feedback/thank-you');
    const queued = await db.selectFrom('outbox_messages').selectAll().execute();
    expect(queued.map((m) => m.recipient)).toEqual(['ada.admin@nhs.test']);
  });
});
