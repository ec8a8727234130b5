/**
 * A GOV.UK Notify outage: the fake fails half the requests at random (errors, rate limits, dropped connections, and
 * notifications accepted whose answer comes too late or never) and answers the rest slowly. Messages are delayed but
 * none is lost and none is sent twice. The application's own dispatcher runs, pass after pass, as time moves on.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DispatchReport } from '../../src/services/outbox/dispatcher.js';
import { HOUR_MS, movableClock, type MovableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { FakeNotify, seededRandom, TRANSIENT_FAULTS } from '../support/fake-notify.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

const MESSAGES = 50;
const TIMEOUT_MS = 500;

describeEachDialect('a Notify outage', (dialect) => {
  let fake: FakeNotify;
  let time: MovableClock;
  let t: TestApp;
  beforeAll(async () => {
    fake = await FakeNotify.start();
    fake.slowMs = TIMEOUT_MS * 2;
    time = movableClock();
    t = await createTestApp(dialect, {
      clock: time.clock,
      env: fake.env({
        NOTIFY_TIMEOUT_MS: String(TIMEOUT_MS),
        // At one failure in two, ten attempts would leave about one message in a thousand dead: still not lost (an
        // admin sees it and tries again), but this test is about delay, so it allows a longer outage.
        OUTBOX_MAX_ATTEMPTS: '40',
      }),
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('delays messages but loses none and sends none twice, including those Notify accepted but never confirmed', async () => {
    const db = t.deps.database.db;
    const ids: string[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      ids.push(
        await t.deps.outbox.enqueue(db, {
          serviceId: LLR,
          template: i % 3 === 0 ? 'referral-received-referrer' : 'referral-received-family',
          channel: i % 3 === 2 ? 'sms' : 'email',
          recipient: i % 3 === 2 ? `07700 900${String(100 + i)}` : `person${String(i)}@example.com`,
          personalisation: {
            reference: `OT-${String(1000 + i)}`,
            child_initials: 'C D',
            service_name: "Children's Occupational Therapy",
            service_telephone: '0116 295 0000',
          },
          subject: { type: 'referral', id: `referral-${String(i)}` },
        }),
      );
    }
    fake.failRandomly(0.5, TRANSIENT_FAULTS, seededRandom(20261128));
    fake.delay(0, 120, seededRandom(7));

    const totals: DispatchReport = { claimed: 0, sent: 0, alreadySent: 0, retrying: 0, dead: 0, lostLease: 0 };
    let passes = 0;
    const unsent = async () =>
      (await db.selectFrom('outbox_messages').select('id').where('status', '!=', 'sent').execute()).length;
    while ((await unsent()) > 0 && passes < 60) {
      const report = await t.deps.outboxDispatcher.runOnce();
      for (const key of Object.keys(totals) as (keyof DispatchReport)[]) totals[key] += report[key];
      passes++;
      // The longest backoff is an hour: after it, every message that failed is due again.
      time.advance(HOUR_MS);
    }

    const rows = await db
      .selectFrom('outbox_messages')
      .select(['id', 'status', 'attempts', 'provider_reference'])
      .where('id', 'in', ids)
      .execute();
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    expect(totals.dead).toBe(0);
    expect(totals.lostLease).toBe(0);
    // Every message reached Notify exactly once, and the id Notify gave it is the one recorded.
    for (const id of ids) expect(fake.timesReceived(id), id).toBe(1);
    expect(fake.received).toHaveLength(MESSAGES);
    const notifyIds = new Map(fake.received.map((n) => [n.reference, n.id]));
    for (const r of rows) expect(r.provider_reference).toBe(notifyIds.get(r.id));

    // The outage was real: messages waited, and some were accepted without an answer, then found by reference.
    expect(passes).toBeGreaterThan(2);
    expect(rows.some((r) => r.attempts > 2)).toBe(true);
    expect(totals.alreadySent).toBeGreaterThan(0);
    expect(totals.sent + totals.alreadySent).toBe(MESSAGES);
    const ambiguous = fake.requests.filter(
      (r) => r.outcome === 'answered-late' || r.outcome === 'accepted-then-dropped',
    ).length;
    expect(ambiguous).toBeGreaterThan(0);
  }, 120_000);
});
