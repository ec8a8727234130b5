/**
 * The Messages pages an administrator uses: the list with its status filter and counts, one message, "Try again" for
 * a dead one, and in the embedded mode the message exactly as it would have been sent.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatLongDate, londonDate } from '../../src/domain/shared/dates.js';
import type { NewMessage } from '../../src/services/outbox/outbox.service.js';
import { systemContext } from '../../src/services/shared/context.js';
import { paths } from '../../src/web/paths.js';
import { auditRows, lastAuditId } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient, type Page } from '../support/client.js';
import { HOUR_MS, movableClock, type MovableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { FakeNotify } from '../support/fake-notify.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const FAMILY_EMAIL: NewMessage = {
  serviceId: LLR,
  template: 'referral-received-family',
  channel: 'email',
  recipient: 'parent@example.com',
  personalisation: {
    reference: 'OT-7KQ4-M2XD',
    child_initials: 'A B',
    service_name: "Children's Occupational Therapy",
    service_telephone: '0116 295 0000',
  },
  subject: { type: 'referral', id: 'referral-1' },
};

const messageUrl = (id: string) => paths.admin.outboxMessage.build({ messageId: id });
const versionOn = (page: Page) => page.document.querySelector<HTMLInputElement>('form input[name="version"]')!.value;
const summary = (page: Page) =>
  Object.fromEntries(
    [...page.document.querySelectorAll('.nhsuk-summary-list__row')].map((row) => [
      text(row.querySelector('.nhsuk-summary-list__key')),
      text(row.querySelector('.nhsuk-summary-list__value')),
    ]),
  );

describeEachDialect('the Messages pages', (dialect) => {
  let fake: FakeNotify;
  let time: MovableClock;
  let t: TestApp;
  let admin: TestClient;
  let clinician: TestClient;
  let ids: { sent: string; dead: string; waiting: string; elsewhere: string };
  beforeAll(async () => {
    fake = await FakeNotify.start();
    time = movableClock();
    t = await createTestApp(dialect, { clock: time.clock, twoServices: true, env: fake.env() });
    const enqueue = (m: Partial<NewMessage> = {}) =>
      t.deps.outbox.enqueue(t.deps.database.db, { ...FAMILY_EMAIL, ...m });
    // Queued in order, a minute apart, so the newest-first list has a known order.
    const sent = await enqueue({ recipient: 'jane.doe@example.com' });
    await t.deps.outboxDispatcher.runOnce();
    time.advance(60_000);
    const dead = await enqueue({ channel: 'sms', recipient: '07700 900123' });
    fake.failNext(1, 'bad-request');
    await t.deps.outboxDispatcher.runOnce();
    time.advance(60_000);
    const waiting = await enqueue({ template: 'referral-received-referrer', recipient: 'gp@nhs.test' });
    const elsewhere = await enqueue({ serviceId: SECOND_SERVICE });
    ids = { sent, dead, waiting, elsewhere };

    const staff: CreatedStaff = await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps);
    admin = new TestClient(t.app);
    await signIn(admin, staff);
    clinician = new TestClient(t.app);
    await signIn(clinician, await aStaffMember().withRoles('clinician').create(t.deps));
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('lists the service’s messages, newest first, with counts, masked recipients and the last error', async () => {
    const since = await lastAuditId(t.deps);
    const home = await admin.get(paths.staff.home.build());
    expect(home.screen.getByRole('link', { name: 'Messages' }).getAttribute('href')).toBe(paths.admin.outbox.build());

    const page = await admin.get(paths.admin.outbox.build());
    expect(page.status).toBe(200);
    expect(page.screen.getByRole('heading', { level: 1, name: 'Messages' })).toBeTruthy();
    const filters = page.screen.getByRole('navigation', { name: 'Show messages by status' });
    expect(text(filters)).toBe('All (3) Waiting (1) Sending (0) Sent (1) Failed (1)');
    const rows = tableRows(page, /Messages, newest first/u);
    expect(rows.map((r) => [r.Template, r.To, r.Status, r.Attempts])).toEqual([
      ['Referral received, to the referrer Email', 'g***@nhs.test', 'Waiting', '0'],
      ['Referral received, to the family Text message', '07*** ***123', 'Failed', '1'],
      ['Referral received, to the family Email', 'j***@example.com', 'Sent', '1'],
    ]);
    expect(rows[1]!['Last error']).toBe(
      "Sending: Notify answered 400 (BadRequestError: Can't send to this recipient using a team-only API key)",
    );
    expect(rows[0]!['Next attempt']).not.toBe('');
    // Nothing personal beyond the masked recipient: no full address, no personalisation.
    for (const secret of ['jane.doe@example.com', '07700 900123', 'OT-7KQ4-M2XD', '0116 295 0000']) {
      expect(page.body).not.toContain(secret);
    }
    expect((await auditRows(t.deps, { action: 'outbox.viewed', afterId: since })).length).toBe(1);
  });

  it('filters by status from the allow-list, and refuses anything else with 400', async () => {
    const dead = await admin.get(`${paths.admin.outbox.build()}?status=dead`);
    expect(dead.status).toBe(200);
    expect(tableRows(dead, /Messages, newest first/u).map((r) => r.Status)).toEqual(['Failed']);
    const filters = dead.screen.getByRole('navigation', { name: 'Show messages by status' });
    expect(text(filters.querySelector('[aria-current="page"]'))).toBe('Failed (1)');

    for (const query of [
      'status=bogus',
      'status=DEAD',
      "status=dead'--",
      'status=dead&status=sent',
      'page=0',
      'page=-1',
      'page=1e9',
      'page=abc',
      'sort=created_at',
    ]) {
      const refused = await admin.get(`${paths.admin.outbox.build()}?${query}`);
      expect(refused.status, query).toBe(400);
    }
  });

  it('pages through 25 at a time', async () => {
    for (let i = 0; i < 30; i++) {
      time.advance(1000);
      await t.deps.outbox.enqueue(t.deps.database.db, { ...FAMILY_EMAIL, recipient: `p${String(i)}@example.com` });
    }
    const first = await admin.get(`${paths.admin.outbox.build()}?status=pending`);
    expect(tableRows(first, /Page 1 of 2/u)).toHaveLength(25);
    const older = first.screen.getByRole('link', { name: /Older messages/u }).getAttribute('href')!;
    expect(older).toBe(`${paths.admin.outbox.build()}?status=pending&page=2`);
    const second = await admin.get(older);
    const rows = tableRows(second, /Page 2 of 2/u);
    expect(rows).toHaveLength(6);
    expect(rows.at(-1)!.To).toBe('g***@nhs.test');
    const beyond = await admin.get(`${paths.admin.outbox.build()}?page=99`);
    expect(beyond.status).toBe(200);
    expect(beyond.screen.getByText('No messages to show.')).toBeTruthy();
  });

  it('shows one message with its history, and nothing of another service’s or an unknown id', async () => {
    const since = await lastAuditId(t.deps);
    const page = await admin.get(messageUrl(ids.dead));
    expect(page.status).toBe(200);
    expect(page.screen.getByRole('heading', { level: 1, name: 'Referral received, to the family' })).toBeTruthy();
    expect(summary(page)).toMatchObject({
      Status: 'Failed',
      'Sent by': 'Text message',
      To: '07*** ***123',
      About: 'referral referral-1',
      Attempts: '1 of 10',
      'Last error':
        "Sending: Notify answered 400 (BadRequestError: Can't send to this recipient using a team-only API key)",
      'Outbox id': ids.dead,
    });
    expect(page.screen.queryByRole('heading', { name: 'What would have been sent' })).toBeNull();
    const viewed = await auditRows(t.deps, { action: 'outbox.viewed', afterId: since });
    expect(viewed.map((e) => [e.subject_type, e.subject_id])).toEqual([['outbox-message', ids.dead]]);

    const sent = await admin.get(messageUrl(ids.sent));
    const accepted = fake.received.find((n) => n.reference === ids.sent)!;
    expect(summary(sent)).toMatchObject({ Status: 'Sent', 'GOV.UK Notify id': accepted.id });
    expect(sent.screen.queryByRole('button', { name: 'Try again' })).toBeNull();

    for (const id of [ids.elsewhere, '00000000-0000-4000-8000-000000000000', 'not-an-id', "1' or '1'='1"]) {
      expect((await admin.get(messageUrl(id))).status, id).toBe(404);
    }
  });

  it('refuses staff without the outbox permissions, and shows them no Messages link', async () => {
    const home = await clinician.get(paths.staff.home.build());
    expect(home.screen.queryByRole('link', { name: 'Messages' })).toBeNull();
    expect((await clinician.get(paths.admin.outbox.build())).status).toBe(403);
    expect((await clinician.get(messageUrl(ids.dead))).status).toBe(403);
    await clinician.get(paths.staff.home.build());
    expect(
      (await clinician.post(paths.admin.outboxRetry.build({ messageId: ids.dead }), { version: '1' })).status,
    ).toBe(403);
    expect((await t.deps.outbox.get(LLR, ids.dead)).message.status).toBe('dead');
  });
});

describeEachDialect('a dead message tried again from its page', (dialect) => {
  let fake: FakeNotify;
  let time: MovableClock;
  let t: TestApp;
  let staff: CreatedStaff;
  let admin: TestClient;
  let id: string;
  beforeAll(async () => {
    fake = await FakeNotify.start();
    time = movableClock();
    t = await createTestApp(dialect, { clock: time.clock, env: fake.env() });
    staff = await aStaffMember().withRoles('admin').create(t.deps);
    id = await t.deps.outbox.enqueue(t.deps.database.db, FAMILY_EMAIL);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('is dead after ten failures, shows on the admin page, and once tried again is sent exactly once', async () => {
    fake.failNext(100, 'unavailable');
    for (let i = 0; i < 10; i++) {
      await t.deps.outboxDispatcher.runOnce();
      time.advance(HOUR_MS);
    }
    fake.heal();
    // Ten hours have passed: a session from before would have ended.
    admin = new TestClient(t.app);
    await signIn(admin, staff);
    const list = await admin.get(`${paths.admin.outbox.build()}?status=dead`);
    const [row] = tableRows(list, /Messages, newest first/u);
    expect(row).toMatchObject({ Status: 'Failed', Attempts: '10', To: 'p***@example.com' });
    // After the first 503 every attempt asks Notify first (the message may have been stored), and that fails too.
    expect(row!['Last error']).toBe('Asking whether it was sent: Notify answered 503 (Exception: Service Unavailable)');

    const page = await admin.get(messageUrl(id));
    expect(page.screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    const staleVersion = versionOn(page);
    const since = await lastAuditId(t.deps);
    const retried = await admin.post(paths.admin.outboxRetry.build({ messageId: id }), { version: staleVersion });
    expect(retried.status).toBe(303);
    const after = await admin.follow(retried);
    expect(after.screen.getByText('The message is back in the queue and will be sent shortly.')).toBeTruthy();
    expect(summary(after)).toMatchObject({ Status: 'Waiting', Attempts: '0 of 10' });
    const audited = await auditRows(t.deps, { action: 'outbox.retried', afterId: since });
    expect(audited.map((e) => [e.subject_id, e.outcome, JSON.parse(e.detail!) as unknown])).toEqual([
      [id, 'success', { template: 'referral-received-family', attemptsBefore: 10 }],
    ]);

    // A second click from the same (now stale) page changes nothing and says why.
    const again = await admin.post(paths.admin.outboxRetry.build({ messageId: id }), { version: staleVersion });
    expect(again.status).toBe(409);
    expect(errorSummary(again)).toEqual(['This message is no longer waiting to be tried again.']);

    // The last failure was a 503, which may have come after Notify stored it: the dispatcher asks first, then sends.
    expect(await t.deps.outboxDispatcher.runOnce()).toMatchObject({ sent: 1, alreadySent: 0 });
    expect(fake.requests.slice(-2).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v2/notifications',
      'POST /v2/notifications/email',
    ]);
    expect(fake.timesReceived(id)).toBe(1);
    expect(summary(await admin.get(messageUrl(id)))).toMatchObject({ Status: 'Sent', Attempts: '1 of 10' });
  });

  it('refuses a retry without the form’s version with 400, and one without the CSRF token with 403', async () => {
    const dead = await t.deps.outbox.enqueue(t.deps.database.db, FAMILY_EMAIL);
    await t.deps.database.db
      .updateTable('outbox_messages')
      .set({ status: 'dead', version: 7 })
      .where('id', '=', dead)
      .execute();
    await admin.get(messageUrl(dead));
    expect((await admin.post(paths.admin.outboxRetry.build({ messageId: dead }), {})).status).toBe(400);
    const noToken = await admin.post(
      paths.admin.outboxRetry.build({ messageId: dead }),
      { version: '7' },
      { csrf: null },
    );
    expect(noToken.status).toBe(403);
    const stale = await admin.post(paths.admin.outboxRetry.build({ messageId: dead }), { version: '6' });
    expect(stale.status).toBe(409);
    expect(errorSummary(stale)).toEqual(['Someone else changed this message while you were looking at it.']);
    expect((await t.deps.outbox.get(LLR, dead)).message).toMatchObject({ status: 'dead', version: 7 });
  });
});

describeEachDialect('the local provider (no Notify key)', (dialect) => {
  let t: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = new TestClient(t.app);
    await signIn(admin, await aStaffMember().withRoles('admin').create(t.deps));
  });
  afterAll(async () => {
    await t.close();
  });

  it('records the rendered message, and shows an admin what would have been sent, as text, without its link', async () => {
    expect(t.deps.config.notify).toBeNull();
    const drafts = t.deps.referralDrafts;
    const draft = (await drafts.open(LLR, await drafts.start(LLR, 'online', null)))!;
    await drafts.sendResumeLink(
      systemContext('outbox-admin-test'),
      draft,
      'parent@example.com',
      (token) => `https://otway.example/refer/resume/${token}`,
      '<script>alert("x")</script> OT',
    );
    const { id } = await t.deps.database.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('subject_id', '=', draft.id)
      .executeTakeFirstOrThrow();
    expect(await t.deps.outboxDispatcher.runOnce()).toMatchObject({ sent: 1 });
    // Once recorded, it is never recorded twice.
    expect(await t.deps.outboxDispatcher.runOnce()).toMatchObject({ claimed: 0 });

    const page = await admin.get(messageUrl(id));
    expect(page.status).toBe(200);
    // Recorded, not sent: the pages never say "Sent" of a message that did not leave Otway.
    expect(summary(page)).toMatchObject({ Status: 'Recorded, not sent: no Notify key', Attempts: '1 of 10' });
    expect(summary(page)).not.toHaveProperty('Sent');
    const list = tableRows(await admin.get(paths.admin.outbox.build()), /Messages, newest first/u);
    expect(list.map((r) => r.Status)).toEqual(['Recorded, not sent: no Notify key']);
    expect(page.screen.getByRole('heading', { name: 'What would have been sent' })).toBeTruthy();
    const message = page.document.querySelector('.nhsuk-inset-text');
    const paragraphs = [...message!.querySelectorAll('p')].map((p) => text(p));
    expect(paragraphs).toEqual([
      'Your saved referral to <script>alert("x")</script> OT',
      'You saved a referral to <script>alert("x")</script> OT so that you can come back to it later.',
      'Use this link to carry on:',
      'https://otway.example/refer/resume/••••••• (one-time link, not shown)',
      `The link works until ${formatLongDate(londonDate(new Date(Date.now() + 28 * 24 * HOUR_MS)))}. After that your answers are deleted and you will need to start again.`,
      'If you did not ask for this email, you can ignore it.',
    ]);
    // Shown as text: the markup in a value is escaped, never run.
    expect(message!.querySelector('script')).toBeNull();
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; OT');
    expect(page.body).not.toContain('parent@example.com');
    expect(text(page.document.body)).toContain('p***@example.com');
  });
});
