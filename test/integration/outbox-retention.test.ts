/**
 * Issue 12, item 8 (first half; docs/adr/0029): a set time after sending (OUTBOX_RETENTION_DAYS, 30 by default), the
 * retention job removes a message's recipient and personalisation from the outbox, and its recipient, subject and
 * body from the local provider's record and the local mailbox; it reports what it removed to the log and as an audit
 * event, and touches nothing before its time, nothing unsent, and nothing twice.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { NewMessage } from '../../src/services/outbox/outbox.service.js';
import { createOutboxRetention } from '../../src/services/outbox/retention.js';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { movableClock, type MovableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const DAY_MS = 24 * 3_600_000;

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

describeEachDialect('the outbox retention job', (dialect) => {
  let t: TestApp;
  let time: MovableClock;
  const logged: { obj: Record<string, unknown>; msg: string }[] = [];
  beforeAll(async () => {
    time = movableClock();
    t = await createTestApp(dialect, { clock: time.clock, twoServices: true, env: { STAFF_TWO_FACTOR: 'off' } });
  });
  afterAll(async () => {
    await t.close();
  });

  const db = () => t.deps.database.db;
  const row = (id: string) =>
    db().selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const delivery = (id: string) =>
    db().selectFrom('outbox_local_deliveries').selectAll().where('message_id', '=', id).executeTakeFirstOrThrow();
  /** The job as the application builds it, with a logger whose lines the test can read. */
  const job = () =>
    createOutboxRetention({
      db: db(),
      audit: t.deps.audit,
      logger: { info: (obj, msg) => logged.push({ obj: obj as Record<string, unknown>, msg }) },
      retentionDays: t.deps.config.outbox.retentionDays,
      mailbox: t.deps.localMailbox,
    });

  it('removes personal details 30 days after sending, not a moment before, and reports what it removed', async () => {
    expect(t.deps.config.outbox.retentionDays).toBe(30);
    const first = await t.deps.outbox.enqueue(db(), { ...FAMILY_EMAIL, recipient: 'first@example.com' });
    const elsewhere = await t.deps.outbox.enqueue(db(), {
      ...FAMILY_EMAIL,
      serviceId: SECOND_SERVICE,
      recipient: 'elsewhere@example.com',
    });
    await t.deps.outboxDispatcher.runOnce();
    const sentAt = time.clock().getTime();
    time.advance(DAY_MS);
    const later = await t.deps.outbox.enqueue(db(), { ...FAMILY_EMAIL, recipient: 'later@example.com' });
    await t.deps.outboxDispatcher.runOnce();
    // Queued but never sent (its first attempt is not due yet): never purged, however old.
    const waiting = await t.deps.outbox.enqueue(db(), { ...FAMILY_EMAIL, recipient: 'waiting@example.com' });
    await db()
      .updateTable('outbox_messages')
      .set({ next_attempt_at: '2099-01-01T00:00:00.000Z' })
      .where('id', '=', waiting)
      .execute();
    expect(existsSync(t.deps.localMailbox.pathOf(first))).toBe(true);

    // One millisecond short of 30 days: nothing goes.
    expect(await job().purgeSentMessages(new Date(sentAt + 30 * DAY_MS - 1))).toMatchObject({
      messages: 0,
      localDeliveries: 0,
    });
    expect(await row(first)).toMatchObject({ recipient: 'first@example.com', purged_at: null });
    expect(logged).toEqual([]);

    // At 30 days: the two sent then go, in each service's own audit chain; the one sent a day later stays.
    const at = new Date(sentAt + 30 * DAY_MS);
    expect(await job().purgeSentMessages(at)).toEqual({
      sentBefore: new Date(sentAt).toISOString(),
      messages: 2,
      localDeliveries: 2,
    });
    for (const id of [first, elsewhere]) {
      expect(await row(id)).toMatchObject({
        status: 'sent',
        recipient: '',
        personalisation: '{}',
        purged_at: at.toISOString(),
      });
      expect(await delivery(id)).toMatchObject({ recipient: '', subject: null, body: '', purged_at: at.toISOString() });
      expect(existsSync(t.deps.localMailbox.pathOf(id))).toBe(false);
    }
    expect(await row(later)).toMatchObject({ recipient: 'later@example.com', purged_at: null });
    expect((await delivery(later)).body).toContain('OT-7KQ4-M2XD');
    expect(existsSync(t.deps.localMailbox.pathOf(later))).toBe(true);
    expect(await row(waiting)).toMatchObject({ status: 'pending', recipient: 'waiting@example.com', purged_at: null });

    const events = await auditRows(t.deps, { action: 'outbox.purged' });
    expect(events.map((e) => [e.service_id, JSON.parse(e.detail ?? '{}') as unknown])).toEqual(
      expect.arrayContaining([
        [LLR, { messages: 1, localDeliveries: 1, sentBefore: new Date(sentAt).toISOString(), retentionDays: 30 }],
        [
          SECOND_SERVICE,
          { messages: 1, localDeliveries: 1, sentBefore: new Date(sentAt).toISOString(), retentionDays: 30 },
        ],
      ]),
    );
    expect(events).toHaveLength(2);
    expect(logged).toEqual([
      {
        obj: { messages: 2, localDeliveries: 2, sentBefore: new Date(sentAt).toISOString(), retentionDays: 30 },
        msg: 'outbox retention: personal details removed from sent messages',
      },
    ]);

    // Run again (or on a second server): nothing is purged twice, nothing more is audited.
    expect(await job().purgeSentMessages(at)).toMatchObject({ messages: 0, localDeliveries: 0 });
    expect(await auditRows(t.deps, { action: 'outbox.purged' })).toHaveLength(2);
  });

  it('leaves a purged message on the Messages pages, saying its details were removed', async () => {
    const admin = new TestClient(t.app);
    await signIn(admin, await aStaffMember().withRoles('admin').create(t.deps));
    const purged = await db()
      .selectFrom('outbox_messages')
      .select('id')
      .where('service_id', '=', LLR)
      .where('purged_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const page = await admin.get(paths.admin.outboxMessage.build({ messageId: purged.id }));
    expect(page.status).toBe(200);
    const main = text(page.document.querySelector('main'));
    expect(main).toContain('Removed after the retention period');
    expect(main).toContain('Personal details removed');
    expect(main).not.toContain('What would have been sent');
    const list = await admin.get(paths.admin.outbox.build());
    expect(text(list.document.querySelector('main'))).toContain('Removed after the retention period');
  });

  it('runs as the application runs it, on the clock, with the default of 30 days', async () => {
    const id = await t.deps.outbox.enqueue(db(), { ...FAMILY_EMAIL, recipient: 'app@example.com' });
    await t.deps.outboxDispatcher.runOnce();
    time.advance(31 * DAY_MS);
    expect((await t.deps.purgeSentMessages(time.clock())).messages).toBeGreaterThanOrEqual(1);
    expect(await row(id)).toMatchObject({ recipient: '', personalisation: '{}' });
  });

  it('keeps details for as many days as OUTBOX_RETENTION_DAYS says', async () => {
    const short = await createTestApp(dialect, { clock: time.clock, env: { OUTBOX_RETENTION_DAYS: '7' } });
    try {
      const id = await short.deps.outbox.enqueue(short.deps.database.db, FAMILY_EMAIL);
      await short.deps.outboxDispatcher.runOnce();
      const now = time.clock().getTime();
      expect((await short.deps.purgeSentMessages(new Date(now + 7 * DAY_MS - 1))).messages).toBe(0);
      expect((await short.deps.purgeSentMessages(new Date(now + 7 * DAY_MS))).messages).toBe(1);
      expect(
        await short.deps.database.db
          .selectFrom('outbox_messages')
          .select('recipient')
          .where('id', '=', id)
          .executeTakeFirstOrThrow(),
      ).toEqual({ recipient: '' });
    } finally {
      await short.close();
    }
  });
});

describe('OUTBOX_RETENTION_DAYS', () => {
  const BASE = { NODE_ENV: 'test', SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789' };
  it('takes whole days from 1 to 3650, and refuses anything else with the setting named', () => {
    expect(loadConfig({ ...BASE, OUTBOX_RETENTION_DAYS: '1' }).outbox.retentionDays).toBe(1);
    expect(loadConfig({ ...BASE, OUTBOX_RETENTION_DAYS: '3650' }).outbox.retentionDays).toBe(3650);
    for (const bad of ['0', '-1', '3651', '1.5', 'thirty', '1e9']) {
      expect(() => loadConfig({ ...BASE, OUTBOX_RETENTION_DAYS: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ ...BASE, OUTBOX_RETENTION_DAYS: bad }), bad).toThrow(/OUTBOX_RETENTION_DAYS/u);
    }
  });
});
