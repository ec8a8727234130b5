/**
 * Finding 2 of issue 12 (docs/adr/0029): a one-time link is a bearer secret, so it is never stored in the database
 * (outbox, local deliveries, audit, drafts, anything) and never shown on a page after it is sent. Each test searches
 * every column of every table for the secret, on both databases, and then uses the link the legitimate way: from the
 * family's e-mail (GOV.UK Notify's record of it) or, in the embedded mode, from the local mailbox under DATA_DIR.
 */
import { statSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/data/database.js';
import * as linksMigration from '../../src/data/migrations/2026-12-03T09-10-00-outbox-links-and-retention.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import { systemContext } from '../../src/services/shared/context.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { movableClock, type MovableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { FakeNotify } from '../support/fake-notify.js';
import { text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { answersFor } from '../support/referral.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

const SECRET = /[A-Za-z0-9_-]{43}/u;
const RESUME_LINK = /http:\/\/localhost:3000\/refer\/resume\/([A-Za-z0-9_-]{43})$/mu;
/** Signs in with a password alone: these tests are about links, not the second factor. */
const ENV = { STAFF_TWO_FACTOR: 'off' };

/** Every value in every table, as text, with the table and column it is in. */
async function databaseDump(db: Kysely<Database>, dialect: string): Promise<{ where: string; value: string }[]> {
  const tables =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db);
  const values: { where: string; value: string }[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    for (const row of rows.rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        const asText = Buffer.isBuffer(value)
          ? value.toString('latin1')
          : typeof value === 'string'
            ? value
            : JSON.stringify(value);
        values.push({ where: `${name}.${column}`, value: asText });
      }
    }
  }
  expect(values.length).toBeGreaterThan(0);
  return values;
}

/** Where in the database the secret (or its URL-encoded form) is found: nowhere, in every test. */
async function placesHolding(t: TestApp, secret: string): Promise<string[]> {
  expect(secret).toMatch(SECRET);
  const dump = await databaseDump(t.deps.database.db, t.deps.database.dialect);
  return dump
    .filter((v) => v.value.includes(secret) || v.value.includes(encodeURIComponent(secret)))
    .map((v) => v.where);
}

/** Starts a referral through the public form and asks for a link to come back to it, as a referrer does. */
async function saveForLater(t: TestApp, email: string): Promise<{ client: TestClient; messageId: string }> {
  const client = new TestClient(t.app);
  await client.post('/refer/start', {}, { csrf: null });
  await client.get('/refer/who-is-referring');
  await client.post('/refer/who-is-referring', { referrerType: 'educational-psychologist' });
  await client.get('/refer/your-details');
  await client.post('/refer/your-details', answersFor('your-details', { referrerType: 'educational-psychologist' }));
  await client.get('/refer/save-and-come-back-later');
  const saved = await client.post('/refer/save-and-come-back-later', { email });
  expect(saved.status).toBe(200);
  const message = await t.deps.database.db
    .selectFrom('outbox_messages')
    .select(['id', 'personalisation'])
    .where('template', '=', 'referral-draft-link')
    .where('recipient', '=', email)
    .executeTakeFirstOrThrow();
  // Queued with the link's placeholder only.
  expect(JSON.parse(message.personalisation)).toMatchObject({ link: 'http://localhost:3000/refer/resume/•••••••' });
  return { client, messageId: message.id };
}

/** Opens the draft from the link on another device: it works once. */
async function expectLinkWorks(t: TestApp, secret: string): Promise<void> {
  const elsewhere = new TestClient(t.app);
  const resumed = await elsewhere.get(`/refer/resume/${secret}`);
  expect(resumed.status).toBe(303);
  const details = await elsewhere.get('/refer/your-details');
  expect(details.screen.getByLabelText<HTMLInputElement>('Full name').value).toBe('Sam Okafor');
  expect((await new TestClient(t.app).get(`/refer/resume/${secret}`)).status).toBe(410);
}

describeEachDialect('one-time links in the embedded mode (the local mailbox)', (dialect) => {
  let t: TestApp;
  let admin: TestClient;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: ENV });
    admin = new TestClient(t.app);
    await signIn(admin, await aStaffMember().called('Ada Admin').withRoles('admin').create(t.deps));
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps a resume link out of the database and the Messages pages; the family’s copy still opens the draft', async () => {
    const { messageId } = await saveForLater(t, 'ep@school.test');
    expect(await t.deps.outboxDispatcher.runOnce()).toMatchObject({ sent: 1, dead: 0 });

    // The message as it would have gone is in the local mailbox: a file for Otway's own user alone.
    const file = t.deps.localMailbox.pathOf(messageId);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(t.deps.localMailbox.folder).mode & 0o777).toBe(0o700);
    const mail = await t.deps.localMailbox.read(messageId);
    expect(mail).toContain('To: ep@school.test');
    const secret = RESUME_LINK.exec(mail)?.[1] ?? '';
    expect(secret).toMatch(SECRET);

    expect(await placesHolding(t, secret)).toEqual([]);

    const list = await admin.get(paths.admin.outbox.build());
    expect(list.status).toBe(200);
    expect(list.body).not.toContain(secret);
    const page = await admin.get(paths.admin.outboxMessage.build({ messageId }));
    expect(page.status).toBe(200);
    expect(page.body).not.toContain(secret);
    expect(text(page.document.querySelector('main'))).toContain(
      'http://localhost:3000/refer/resume/••••••• (one-time link, not shown)',
    );
    expect(text(page.document.querySelector('main'))).toContain('Made when the message is sent; never stored or shown');

    await expectLinkWorks(t, secret);
  });

  it('a second link replaces the first: only the one sent last works', async () => {
    const { client } = await saveForLater(t, 'twice@school.test');
    await t.deps.outboxDispatcher.runOnce();
    await client.get('/refer/save-and-come-back-later');
    await client.post('/refer/save-and-come-back-later', { email: 'twice@school.test' });
    await t.deps.outboxDispatcher.runOnce();
    const ids = await t.deps.database.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('recipient', '=', 'twice@school.test')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const secrets = await Promise.all(
      ids.map(async ({ id }) => RESUME_LINK.exec(await t.deps.localMailbox.read(id))?.[1] ?? ''),
    );
    expect(new Set(secrets).size).toBe(2);
    const works = await Promise.all(
      secrets.map(async (s) => (await new TestClient(t.app).get(`/refer/resume/${s}`)).status),
    );
    // Whichever was minted last is the one that opens the draft.
    expect(works.sort()).toEqual([303, 410]);
  });

  it('keeps an invitation link out of the database and off every page after the one that issues it', async () => {
    await admin.get(paths.admin.invite.build());
    const invited = await admin.post(paths.admin.invite.build(), {
      displayName: 'Nia Newstarter',
      email: 'nia.newstarter@nhs.test',
      roles: ['clinician'],
    });
    expect(invited.status).toBe(200);
    const secret = /\/activate\/([A-Za-z0-9_-]{43})/u.exec(invited.body)?.[1] ?? '';
    expect(await placesHolding(t, secret)).toEqual([]);
    const userId = (
      await t.deps.database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'nia.newstarter@nhs.test')
        .executeTakeFirstOrThrow()
    ).id;
    for (const path of [paths.admin.users.build(), paths.admin.user.build({ userId }), paths.admin.outbox.build()]) {
      expect((await admin.get(path)).body, path).not.toContain(secret);
    }
    // The person it was issued for can still use it.
    expect((await new TestClient(t.app).get(paths.activate.build({ token: secret }))).status).toBe(200);
  });
});

describeEachDialect('the first administrator’s link', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: ENV });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is written for the terminal only: the database holds its hash, never the link', async () => {
    const link = await t.deps.accounts.firstAdminLinkIfNeeded(systemContext('test-startup'));
    const secret = /\/activate\/([A-Za-z0-9_-]{43})$/u.exec(link ?? '')?.[1] ?? '';
    expect(await placesHolding(t, secret)).toEqual([]);
    expect((await new TestClient(t.app).get(paths.activate.build({ token: secret }))).status).toBe(200);
  });
});

describeEachDialect('one-time links through GOV.UK Notify, with retries', (dialect) => {
  let fake: FakeNotify;
  let time: MovableClock;
  let t: TestApp;
  beforeAll(async () => {
    fake = await FakeNotify.start();
    time = movableClock();
    t = await createTestApp(dialect, {
      clock: time.clock,
      env: { ...ENV, ...fake.env({ NOTIFY_TIMEOUT_MS: '1500' }) },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.heal();
  });

  const received = (messageId: string) => fake.received.filter((n) => n.reference === messageId);
  const secretSentFor = (messageId: string) => {
    const sent = received(messageId);
    expect(sent).toHaveLength(1);
    return RESUME_LINK.exec(sent[0]!.personalisation.link ?? '')?.[1] ?? '';
  };
  /** Runs the dispatcher until nothing is due, moving the clock past each backoff. */
  async function dispatchUntilDone(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await t.deps.outboxDispatcher.runOnce();
      time.advance(3_600_000);
    }
  }

  it('sends the link to Notify alone; the database keeps none of it', async () => {
    const { messageId } = await saveForLater(t, 'notify@school.test');
    await dispatchUntilDone();
    const secret = secretSentFor(messageId);
    expect(await placesHolding(t, secret)).toEqual([]);
    expect(await t.deps.database.db.selectFrom('outbox_local_deliveries').selectAll().execute()).toEqual([]);
    await expectLinkWorks(t, secret);
  });

  it('after a failed send, mints a new link for the retry, and that link works', async () => {
    const { messageId } = await saveForLater(t, 'retry@school.test');
    fake.failNext(1, 'server-error');
    await dispatchUntilDone();
    expect(await t.deps.outbox.get(LLR, messageId)).toMatchObject({ message: { status: 'sent', attempts: 2 } });
    const secret = secretSentFor(messageId);
    expect(await placesHolding(t, secret)).toEqual([]);
    await expectLinkWorks(t, secret);
  });

  it('after an attempt Notify accepted but did not answer, sends nothing again, and the link it has still works', async () => {
    const { messageId } = await saveForLater(t, 'ambiguous@school.test');
    fake.failNext(1, 'accept-then-drop');
    await dispatchUntilDone();
    expect(await t.deps.outbox.get(LLR, messageId)).toMatchObject({ message: { status: 'sent' } });
    const secret = secretSentFor(messageId);
    expect(await placesHolding(t, secret)).toEqual([]);
    await expectLinkWorks(t, secret);
  });

  it('does not send a link to a draft that has gone, and says why', async () => {
    const { messageId } = await saveForLater(t, 'gone@school.test');
    const { subject_id } = await t.deps.database.db
      .selectFrom('outbox_messages')
      .select('subject_id')
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    await t.deps.database.db.deleteFrom('referral_drafts').where('id', '=', subject_id).execute();
    await dispatchUntilDone();
    expect(received(messageId)).toEqual([]);
    expect(await t.deps.outbox.get(LLR, messageId)).toMatchObject({
      message: { status: 'dead', lastError: 'Not sent: what the one-time link opened is no longer there' },
    });
  });
});

describeEachDialect('the migration that stops storing one-time links', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: ENV });
  });
  afterAll(async () => {
    await t.close();
  });

  it('takes out the links stored before it: a queued one becomes its placeholder, a recorded one is not shown', async () => {
    const db = t.deps.database.db;
    const secret = 'Qm3vX9s_T1kq-8bYw2ZpR4nL0cJ7dHfA5eGuIoKyVtM';
    const link = `http://localhost:3000/refer/resume/${secret}`;
    await linksMigration.down(db);
    const row = (id: string, status: string) => ({
      id,
      service_id: LLR,
      channel: 'email',
      template: 'referral-draft-link',
      recipient: 'old@school.test',
      personalisation: JSON.stringify({ link, expiry_date: '1 January 2027', service_name: 'LLR OT' }),
      subject_type: 'referral-draft',
      subject_id: 'draft-old',
      status,
      attempts: 0,
      next_attempt_at: '2026-12-01T00:00:00.000Z',
      check_before_send: 0,
      created_at: '2026-12-01T00:00:00.000Z',
      updated_at: '2026-12-01T00:00:00.000Z',
      version: 1,
    });
    const queued = '00000000-0000-4000-8000-000000000001';
    const recorded = '00000000-0000-4000-8000-000000000002';
    await db
      .insertInto('outbox_messages')
      .values([row(queued, 'pending'), row(recorded, 'sent')])
      .execute();
    await db
      .insertInto('outbox_local_deliveries')
      .values({
        message_id: recorded,
        service_id: LLR,
        channel: 'email',
        recipient: 'old@school.test',
        subject: 'Your saved referral to LLR OT',
        body: `Use this link to carry on:\n\n${link}\n\nThe link works until 1 January 2027.`,
        delivered_at: '2026-12-01T00:00:00.000Z',
      })
      .execute();
    expect(await placesHolding(t, secret)).not.toEqual([]);

    await linksMigration.up(db);
    expect(await placesHolding(t, secret)).toEqual([]);
    for (const id of [queued, recorded]) {
      const { personalisation } = await db
        .selectFrom('outbox_messages')
        .select('personalisation')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(personalisation)).toMatchObject({ link: 'http://localhost:3000/refer/resume/•••••••' });
    }
    const { body } = await db
      .selectFrom('outbox_local_deliveries')
      .select('body')
      .where('message_id', '=', recorded)
      .executeTakeFirstOrThrow();
    expect(body).toBe(
      'Use this link to carry on:\n\nhttp://localhost:3000/refer/resume/••••••• (one-time link, not shown)\n\nThe link works until 1 January 2027.',
    );
  });
});

describe('queueing a one-time link', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { env: ENV });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses the link itself: only its placeholder may be queued', async () => {
    await expect(
      t.deps.outbox.enqueue(t.deps.database.db, {
        serviceId: LLR,
        template: 'referral-draft-link',
        channel: 'email',
        recipient: 'parent@example.com',
        personalisation: {
          link: 'https://otway.test/refer/resume/Qm3vX9s_T1kq-8bYw2ZpR4nL0cJ7dHfA5eGuIoKyVtM',
          expiry_date: '1 January 2027',
          service_name: 'LLR OT',
        },
        subject: { type: 'referral-draft', id: 'draft-1' },
      }),
    ).rejects.toThrow('link is a one-time link: queue its placeholder, never the link');
  });
});
