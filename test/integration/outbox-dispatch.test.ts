/**
 * The outbox from queueing to sending, against a fake GOV.UK Notify that the official client talks to over HTTP:
 * transactions, the request Notify receives, backoff, dead letters, ambiguous failures, crashed dispatchers,
 * concurrent dispatchers and the polling loop.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/data/create-db.js';
import { claimMessage, findDue } from '../../src/data/outbox/outbox.repository.js';
import { createOutboxDispatcher, type DispatcherPolicy } from '../../src/services/outbox/dispatcher.js';
import { createNotifyProvider } from '../../src/services/outbox/notify-provider.js';
import { OutboxMessageError, type NewMessage } from '../../src/services/outbox/outbox.service.js';
import { HOUR_MS, movableClock, type MovableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { FakeNotify } from '../support/fake-notify.js';
import { CLI_ENTRY } from '../support/server-process.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
// Long enough that a loaded test machine answers in time; the slow answers below come well after it.
const TIMEOUT_MS = 1_500;

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

describeEachDialect('the outbox dispatcher with GOV.UK Notify', (dialect) => {
  let fake: FakeNotify;
  let time: MovableClock;
  let t: TestApp;
  beforeAll(async () => {
    fake = await FakeNotify.start();
    fake.slowMs = TIMEOUT_MS * 2;
    time = movableClock();
    t = await createTestApp(dialect, { clock: time.clock, env: fake.env({ NOTIFY_TIMEOUT_MS: String(TIMEOUT_MS) }) });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.heal();
  });

  const db = () => t.deps.database.db;
  const enqueue = (message: Partial<NewMessage> = {}) => t.deps.outbox.enqueue(db(), { ...FAMILY_EMAIL, ...message });
  const row = (id: string) =>
    db().selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const countRows = async () =>
    Number(
      (
        await db()
          .selectFrom('outbox_messages')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** A dispatcher like the application's, with a fixed jitter (half the range) so that waits are known. */
  function dispatcher(policy: Partial<DispatcherPolicy> = {}, apiKey?: string) {
    return createOutboxDispatcher({
      db: db(),
      clock: time.clock,
      provider: createNotifyProvider({ ...t.deps.config.notify!, ...(apiKey !== undefined && { apiKey }) }),
      logger: pino({ level: 'silent' }),
      policy: { ...t.deps.outboxDispatcher.policy, random: () => 0.5, ...policy },
    });
  }

  it('writes nothing when the transaction it was queued in rolls back, and a due pending row when it commits', async () => {
    const before = await countRows();
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await t.deps.outbox.enqueue(trx, FAMILY_EMAIL);
          throw new Error('the business change failed');
        }),
    ).rejects.toThrow('the business change failed');
    expect(await countRows()).toBe(before);

    const id = await db()
      .transaction()
      .execute((trx) => t.deps.outbox.enqueue(trx, FAMILY_EMAIL));
    expect(await row(id)).toMatchObject({
      service_id: LLR,
      status: 'pending',
      attempts: 0,
      next_attempt_at: time.clock().toISOString(),
      subject_type: 'referral',
      subject_id: 'referral-1',
      check_before_send: 0,
      version: 1,
    });
    expect(JSON.parse((await row(id)).personalisation)).toEqual(FAMILY_EMAIL.personalisation);
    await dispatcher().runOnce();
  });

  it('refuses, as a programming error, a message its template cannot take, and writes nothing', async () => {
    const before = await countRows();
    await expect(enqueue({ personalisation: { reference: 'OT-1' } })).rejects.toThrow(OutboxMessageError);
    await expect(enqueue({ personalisation: { reference: 'OT-1' } })).rejects.toThrow(
      'child_initials is missing; service_name is missing; service_telephone is missing',
    );
    await expect(enqueue({ template: 'referral-draft-link', channel: 'sms' })).rejects.toThrow('is not sent by "sms"');
    await expect(enqueue({ channel: 'sms', recipient: 'parent@example.com' })).rejects.toThrow(
      'the recipient is not a valid sms address',
    );
    expect(await countRows()).toBe(before);
  });

  it('sends through Notify with the template id, personalisation and the outbox id as reference, signed as Notify requires', async () => {
    const email = await enqueue();
    const sms = await enqueue({ channel: 'sms', recipient: '07700 900123' });
    const requestsBefore = fake.requests.length;
    const report = await dispatcher().runOnce();
    expect(report).toMatchObject({ claimed: 2, sent: 2, retrying: 0, dead: 0 });

    const byEmail = fake.received.find((n) => n.reference === email)!;
    expect(byEmail).toMatchObject({
      type: 'email',
      templateId: fake.templateId('referral-received-family', 'email'),
      recipient: 'parent@example.com',
      personalisation: FAMILY_EMAIL.personalisation,
      subject: 'We have received a referral for your child',
    });
    const bySms = fake.received.find((n) => n.reference === sms)!;
    expect(bySms).toMatchObject({
      type: 'sms',
      templateId: fake.templateId('referral-received-family', 'sms'),
      recipient: '07700 900123',
      personalisation: FAMILY_EMAIL.personalisation,
    });
    // Each request passed the fake's JWT check (a 201, not a 401 or 403).
    expect(fake.requests.slice(requestsBefore).map((r) => `${r.method} ${String(r.outcome)}`)).toEqual([
      'POST 201',
      'POST 201',
    ]);
    expect(await row(email)).toMatchObject({
      status: 'sent',
      attempts: 1,
      provider_reference: byEmail.id,
      sent_at: time.clock().toISOString(),
      lease_until: null,
      last_error: null,
    });
    expect((await row(sms)).provider_reference).toBe(bySms.id);
  });

  it('backs off after a refusal that did no work (429) and sends at the next attempt without asking Notify first', async () => {
    const id = await enqueue();
    fake.failNext(1, 'rate-limit');
    const d = dispatcher();
    expect(await d.runOnce()).toMatchObject({ claimed: 1, retrying: 1 });
    const waiting = await row(id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, check_before_send: 0, lease_until: null });
    expect(waiting.last_error).toBe(
      'Sending: Notify answered 429 (RateLimitError: Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds)',
    );
    // The first retry comes within 30 seconds: half of it, with this jitter.
    expect(Date.parse(waiting.next_attempt_at) - time.clock().getTime()).toBe(15_000);

    expect((await d.runOnce()).claimed).toBe(0);
    time.advance(15_000);
    const requestsBefore = fake.requests.length;
    expect(await d.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(fake.requests.slice(requestsBefore).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v2/notifications/email',
    ]);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.timesReceived(id)).toBe(1);
  });

  it('waits twice as long after each failure, up to an hour', async () => {
    const id = await enqueue();
    fake.failNext(9, 'rate-limit');
    const d = dispatcher({ random: () => 0.999_999_999 });
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      await d.runOnce();
      const next = Date.parse((await row(id)).next_attempt_at) - time.clock().getTime();
      waits.push(Math.round(next / 1000));
      time.advance(next);
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    await d.runOnce();
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 10 });
  });

  it('asks Notify for the reference before sending again after an ambiguous failure (a 500), and sends once', async () => {
    const id = await enqueue();
    fake.failNext(1, 'server-error');
    const d = dispatcher();
    await d.runOnce();
    expect(await row(id)).toMatchObject({
      status: 'pending',
      check_before_send: 1,
      last_error: 'Sending: Notify answered 500 (Exception: Internal server error)',
    });
    time.advance(15_000);
    const requestsBefore = fake.requests.length;
    expect(await d.runOnce()).toMatchObject({ sent: 1, alreadySent: 0 });
    expect(fake.requests.slice(requestsBefore).map((r) => `${r.method} ${r.path} ${String(r.outcome)}`)).toEqual([
      'GET /v2/notifications 200',
      'POST /v2/notifications/email 201',
    ]);
    expect(await row(id)).toMatchObject({ status: 'sent', check_before_send: 0 });
    expect(fake.timesReceived(id)).toBe(1);
  });

  for (const fault of ['slow-accept', 'accept-then-drop'] as const) {
    it(`does not send again when Notify accepted the message but its answer was lost (${fault})`, async () => {
      const id = await enqueue();
      fake.failNext(1, fault);
      const d = dispatcher();
      expect(await d.runOnce()).toMatchObject({ retrying: 1 });
      const waiting = await row(id);
      expect(waiting).toMatchObject({ status: 'pending', check_before_send: 1, provider_reference: null });
      expect(waiting.last_error).toBe(
        fault === 'slow-accept'
          ? 'Sending: Notify did not answer in time'
          : 'Sending: the connection to Notify failed (ECONNRESET)',
      );
      expect(fake.timesReceived(id)).toBe(1);

      time.advance(15_000);
      expect(await d.runOnce()).toMatchObject({ claimed: 1, sent: 0, alreadySent: 1 });
      const accepted = fake.received.find((n) => n.reference === id)!;
      expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, provider_reference: accepted.id });
      expect(fake.timesReceived(id)).toBe(1);
    });
  }

  it('keeps asking, without sending, while the look-up itself fails', async () => {
    const id = await enqueue();
    fake.failNext(1, 'slow-accept');
    const d = dispatcher();
    await d.runOnce();
    fake.failNext(1, 'unavailable');
    time.advance(HOUR_MS);
    await d.runOnce();
    expect(await row(id)).toMatchObject({
      status: 'pending',
      attempts: 2,
      check_before_send: 1,
      last_error: 'Asking whether it was sent: Notify answered 503 (Exception: Service Unavailable)',
    });
    time.advance(HOUR_MS);
    expect(await d.runOnce()).toMatchObject({ alreadySent: 1 });
    expect(fake.timesReceived(id)).toBe(1);
  });

  it('gives up at once on a permanent refusal: a 400, or a 403 for a key Notify does not know', async () => {
    const badRequest = await enqueue();
    fake.failNext(1, 'bad-request');
    expect(await dispatcher().runOnce()).toMatchObject({ dead: 1 });
    expect(await row(badRequest)).toMatchObject({
      status: 'dead',
      attempts: 1,
      check_before_send: 0,
      last_error:
        "Sending: Notify answered 400 (BadRequestError: Can't send to this recipient using a team-only API key)",
    });

    // A key for this service with another secret: the fake's JWT check refuses it, as Notify would.
    const wrongKey = `otway_test-${fake.serviceId}-00000000-0000-4000-8000-000000000000`;
    const refused = await enqueue();
    expect(await dispatcher({}, wrongKey).runOnce()).toMatchObject({ dead: 1 });
    expect(await row(refused)).toMatchObject({
      status: 'dead',
      attempts: 1,
      last_error: 'Sending: Notify answered 403 (AuthError: Invalid token: API key not found)',
    });
    expect(fake.timesReceived(badRequest) + fake.timesReceived(refused)).toBe(0);
  });

  it('is dead after its tenth failure, and no earlier', async () => {
    const id = await enqueue();
    fake.failNext(100, 'unavailable');
    const d = dispatcher();
    for (let attempt = 1; attempt <= 10; attempt++) {
      await d.runOnce();
      expect((await row(id)).status, `after attempt ${String(attempt)}`).toBe(attempt < 10 ? 'pending' : 'dead');
      time.advance(HOUR_MS);
    }
    expect(await row(id)).toMatchObject({ status: 'dead', attempts: 10, check_before_send: 1 });
    expect((await d.runOnce()).claimed).toBe(0);
    expect(fake.timesReceived(id)).toBe(0);
  });

  it('lets another dispatcher take over a message whose dispatcher stopped mid-send, without sending it twice', async () => {
    // A dispatcher claims two messages, sends one of them, and stops before recording anything.
    const sentBeforeCrash = await enqueue();
    const neverSent = await enqueue();
    const now = time.clock();
    const leaseUntil = new Date(now.getTime() + 60_000).toISOString();
    for (const candidate of await findDue(db(), now.toISOString(), 10)) {
      await claimMessage(db(), candidate, now.toISOString(), leaseUntil);
    }
    const crashed = await row(sentBeforeCrash);
    await createNotifyProvider(t.deps.config.notify!).send({
      ...FAMILY_EMAIL,
      template: 'referral-received-family',
      id: crashed.id,
      subjectType: 'referral',
      subjectId: 'referral-1',
      shownPersonalisation: FAMILY_EMAIL.personalisation,
    });

    const d = dispatcher();
    // While the lease lasts, nobody else touches them.
    expect((await d.runOnce()).claimed).toBe(0);
    time.advance(60_000);
    expect(await d.runOnce()).toMatchObject({ claimed: 2, alreadySent: 1, sent: 1 });
    expect(await row(sentBeforeCrash)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await row(neverSent)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.timesReceived(sentBeforeCrash)).toBe(1);
    expect(fake.timesReceived(neverSent)).toBe(1);
  });

  it('never sends a message twice when two dispatchers, each with its own connection, run at the same moment', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await enqueue({ recipient: `parent${String(i)}@example.com` }));
    fake.delay(5, 40);
    const other = openDatabase(t.database!.url);
    try {
      const a = dispatcher();
      const b = createOutboxDispatcher({
        db: other.db,
        clock: time.clock,
        provider: createNotifyProvider(t.deps.config.notify!),
        logger: pino({ level: 'silent' }),
        policy: { ...t.deps.outboxDispatcher.policy, random: () => 0.5 },
      });
      // Each pass of each runs at the same moment; a message that timed out on a loaded machine waits for a later one.
      const done = { a: 0, b: 0 };
      for (let pass = 0; pass < 10; pass++) {
        const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
        done.a += ra.sent + ra.alreadySent;
        done.b += rb.sent + rb.alreadySent;
        if (done.a + done.b === 30) break;
        time.advance(HOUR_MS);
      }
      expect(done.a + done.b).toBe(30);
      expect(done.a).toBeGreaterThan(0);
      expect(done.b).toBeGreaterThan(0);
    } finally {
      await other.destroy();
    }
    for (const id of ids) expect(fake.timesReceived(id), id).toBe(1);
    const statuses = await db().selectFrom('outbox_messages').select('status').where('id', 'in', ids).execute();
    expect(statuses.every((s) => s.status === 'sent')).toBe(true);
  });

  it('polls after start() until stop(), which waits for the pass in progress', async () => {
    const d = dispatcher({ pollMs: 20 });
    const first = [await enqueue(), await enqueue()];
    d.start();
    d.start();
    for (let i = 0; i < 200 && (await row(first[1]!)).status !== 'sent'; i++)
      await new Promise((r) => setTimeout(r, 10));
    const later = await enqueue();
    for (let i = 0; i < 200 && (await row(later)).status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 10));
    await d.stop();
    expect((await row(first[0]!)).status).toBe('sent');
    expect((await row(later)).status).toBe('sent');

    const afterStop = await enqueue();
    await new Promise((r) => setTimeout(r, 100));
    expect((await row(afterStop)).status).toBe('pending');
    await d.runOnce();
  });

  it('sends what is due from the command line: npm run cli -- send-messages', async () => {
    const id = await enqueue();
    // The command runs on the real clock, which this test's clock has run ahead of: make the message due by it.
    await db()
      .updateTable('outbox_messages')
      .set({ next_attempt_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      DATABASE_URL: t.database!.url,
      DATA_DIR: resolve(ROOT, '.tmp'),
      SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'silent',
      ...fake.env(),
    };
    const { stdout } = await run(process.execPath, [CLI_ENTRY, 'send-messages'], { cwd: ROOT, env });
    expect(stdout).toBe('1 due: 1 sent, 0 already sent, 0 to try again, 0 failed.\n');
    expect(fake.timesReceived(id)).toBe(1);
    expect((await row(id)).status).toBe('sent');
  });
});

describe('the fake Notify checks credentials as Notify does', () => {
  let fake: FakeNotify;
  beforeAll(async () => {
    fake = await FakeNotify.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  const sign = (claims: Record<string, unknown>, secret: string = fake.secret, alg = 'HS256') => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = `${part({ typ: 'JWT', alg })}.${part(claims)}`;
    return `${unsigned}.${createHmacSignature(unsigned, secret)}`;
  };
  const get = async (authorization?: string) => {
    const response = await fetch(`${fake.baseUrl}/v2/notifications`, {
      headers: authorization === undefined ? {} : { authorization },
    });
    return { status: response.status, body: (await response.json()) as { errors?: { message: string }[] } };
  };
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a fresh token signed with the secret, and refuses every kind of bad one with Notify’s message', async () => {
    expect((await get(`Bearer ${sign({ iss: fake.serviceId, iat: now() })}`)).status).toBe(200);
    const cases: [string | undefined, number, string][] = [
      [undefined, 401, 'Unauthorized: authentication token must be provided'],
      [
        `Basic ${sign({ iss: fake.serviceId, iat: now() })}`,
        401,
        'Unauthorized: authentication bearer scheme must be used',
      ],
      [`Bearer ${sign({ iat: now() })}`, 403, 'Invalid token: iss field not provided'],
      [`Bearer ${sign({ iss: 'otway', iat: now() })}`, 403, 'Invalid token: service id is not the right data type'],
      [`Bearer ${sign({ iss: fake.secret, iat: now() })}`, 403, 'Invalid token: service not found'],
      [
        `Bearer ${sign({ iss: fake.serviceId, iat: now() }, 'another-secret')}`,
        403,
        'Invalid token: API key not found',
      ],
      [
        `Bearer ${sign({ iss: fake.serviceId, iat: now() }, fake.secret, 'HS512')}`,
        403,
        'Invalid token: algorithm used is not HS256',
      ],
      [
        `Bearer ${sign({ iss: fake.serviceId, iat: now() - 40 })}`,
        403,
        'Error: Your system clock must be accurate to within 30 seconds',
      ],
      [
        `Bearer ${sign({ iss: fake.serviceId, iat: now() + 40 })}`,
        403,
        'Error: Your system clock must be accurate to within 30 seconds',
      ],
    ];
    for (const [authorization, status, message] of cases) {
      const answer = await get(authorization);
      expect({ status: answer.status, message: answer.body.errors?.[0]?.message }, authorization).toEqual({
        status,
        message,
      });
    }
  });
});

function createHmacSignature(unsigned: string, secret: string): string {
  return createHmac('sha256', secret).update(unsigned).digest('base64url');
}
