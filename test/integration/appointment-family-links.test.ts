/**
 * The family's appointment link (docs/adr/0040), on both databases: confirm, cancel (a task; late with short notice),
 * rebook (a task with the times that suit); a used, expired or forged link opens nothing; bad input; the link's secret
 * stored nowhere; and the dispatcher filling the link in through the local provider and through GOV.UK Notify.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src/web/paths.js';
import {
  BOOKED_ON,
  FAMILY_EMAIL,
  LINK,
  NEVER_SENT,
  everyValue,
  fieldsOf,
  noticeWorld,
} from '../support/appointment-notices.js';
import { aStaffMember } from '../support/builders.js';
import { aChildWaiting, aClinic, bookAndTell } from '../support/care-appointments.js';
import { TestClient } from '../support/client.js';
import { movableClock, type MovableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { FakeNotify } from '../support/fake-notify.js';
import { text } from '../support/html.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDialect('the family’s appointment link', (dialect) => {
  const w = noticeWorld(dialect);

  it('lets the family confirm once through the link; the link’s secret is stored nowhere', async () => {
    const child = await w.bookedChild('2027-02-22T11:00:00.000Z');
    const [message] = await w
      .messagesOf('appointment-booked', FAMILY_EMAIL)
      .then((all) => all.filter((m) => fieldsOf(m).body?.includes('22 February')));
    const token = await w.sentLink(message?.id ?? '');
    const holding = (await everyValue(w.db(), dialect))
      .filter((v) => v.value.includes(token) || v.value.includes(encodeURIComponent(token)))
      .map((v) => v.where);
    expect(holding).toEqual([]);

    const family = new TestClient(w.t.app);
    const page = await family.get(paths.family.appointment.build({ token }));
    expect(page.status).toBe(200);
    const shown = text(page.document.querySelector('main'));
    expect(shown).toContain('Amara’s appointment');
    expect(shown).toContain('Monday 22 February 2027');
    expect(shown).toContain('11:00am (GMT)');
    expect(shown).toContain('Bridge Park Clinic');
    for (const never of ['Ndiaye', 'Granby', '943 476 5919']) expect(shown).not.toContain(never);

    const answered = await family.post(paths.family.appointment.build({ token }), { answer: 'confirm' });
    expect(answered.status).toBe(200);
    expect(text(answered.document.querySelector('main'))).toContain('Thank you for confirming');
    const row = await w
      .db()
      .selectFrom('appointment_children')
      .select(['family_reply', 'late_cancellation'])
      .where('appointment_id', '=', child.appointmentId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ family_reply: 'confirm', late_cancellation: 0 });

    // Used: the same page for a second use, a second answer, and a forged token.
    const again = await new TestClient(w.t.app).get(paths.family.appointment.build({ token }));
    expect(again.status).toBe(410);
    expect(text(again.document.querySelector('main'))).toContain('This link cannot be used');
    expect(text(again.document.querySelector('main'))).toContain('0116 295 2495');
    expect(
      (await family.post(paths.family.appointment.build({ token }), { answer: 'cancel', reason: 'x' })).status,
    ).toBe(410);
    const forged = await new TestClient(w.t.app).get(
      paths.family.appointment.build({ token: `${token.slice(0, -2)}zz` }),
    );
    expect(forged.status).toBe(410);
    expect((await new TestClient(w.t.app).get('/your-child/appointment/short')).status).toBe(410);
  });

  it('a cancellation raises a task, and is marked late with less notice than the service asks', async () => {
    const child = await w.bookedChild('2027-02-23T09:00:00.000Z');
    const [message] = (await w.messagesOf('appointment-booked', FAMILY_EMAIL)).filter((m) =>
      fieldsOf(m).body?.includes('23 February'),
    );
    const token = await w.sentLink(message?.id ?? '');
    w.time.set(new Date('2027-02-22T15:00:00.000Z')); // 18 hours before: under the 24 the service asks for.
    const family = new TestClient(w.t.app);
    await family.get(paths.family.appointment.build({ token }));
    // Asking to cancel needs a reason; a field the page does not have is refused; nothing is recorded for either.
    const noReason = await family.post(paths.family.appointment.build({ token }), { answer: 'cancel' });
    expect(noReason.status).toBe(400);
    expect(text(noReason.document.querySelector('.nhsuk-error-summary'))).toContain('Tell us why');
    expect((await family.post(paths.family.appointment.build({ token }), { answer: 'maybe' })).status).toBe(400);
    expect((await family.post(paths.family.appointment.build({ token }), { answer: 'confirm', x: '1' })).status).toBe(
      400,
    );
    expect(
      (await family.post(paths.family.appointment.build({ token }), { answer: 'cancel', reason: 'a'.repeat(1001) }))
        .status,
    ).toBe(400);
    expect(
      (
        await family.post(
          paths.family.appointment.build({ token }),
          { answer: 'cancel', reason: 'Ill' },
          { csrf: null },
        )
      ).status,
    ).toBe(403);

    const done = await family.post(paths.family.appointment.build({ token }), {
      answer: 'cancel',
      reason: 'She has a temperature.',
    });
    expect(done.status).toBe(200);
    const row = await w
      .db()
      .selectFrom('appointment_children')
      .select(['family_reply', 'late_cancellation'])
      .where('appointment_id', '=', child.appointmentId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ family_reply: 'cancel', late_cancellation: 1 });
    const tasks = await w
      .db()
      .selectFrom('tasks')
      .select(['kind', 'assigned_role', 'detail', 'episode_id'])
      .where('appointment_id', '=', child.appointmentId)
      .execute();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'appointment-cancel-requested', episode_id: child.episodeId });
    expect(JSON.parse(tasks[0]?.detail ?? '{}')).toMatchObject({ reason: 'She has a temperature.' });
    const events = await w
      .db()
      .selectFrom('audit_events')
      .select(['detail', 'service_id'])
      .where('action', '=', 'appointment.family-replied')
      .where('subject_id', '=', child.appointmentId)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.service_id).toBe('llr-childrens-ot');
    expect(events[0]?.detail).not.toContain('Amara');
    expect(events[0]?.detail).not.toContain('temperature');
  });

  it('a request to rebook raises a task with the times that suit; an expired link opens nothing', async () => {
    const child = await w.bookedChild('2027-02-24T13:00:00.000Z');
    const [message] = (await w.messagesOf('appointment-booked', FAMILY_EMAIL)).filter((m) =>
      fieldsOf(m).body?.includes('24 February'),
    );
    const token = await w.sentLink(message?.id ?? '');
    w.time.set(new Date('2027-02-12T12:00:00.000Z'));
    const family = new TestClient(w.t.app);
    await family.get(paths.family.appointment.build({ token }));
    const done = await family.post(paths.family.appointment.build({ token }), {
      answer: 'rebook',
      reason: 'We are away that week.',
      times: 'Tuesday mornings',
    });
    expect(done.status).toBe(200);
    const task = await w
      .db()
      .selectFrom('tasks')
      .select(['kind', 'detail'])
      .where('appointment_id', '=', child.appointmentId)
      .executeTakeFirstOrThrow();
    expect(task.kind).toBe('appointment-rebook-requested');
    expect(JSON.parse(task.detail)).toMatchObject({ times: 'Tuesday mornings' });
    const reply = await w
      .db()
      .selectFrom('appointment_children')
      .select(['family_reply', 'late_cancellation'])
      .where('appointment_id', '=', child.appointmentId)
      .executeTakeFirstOrThrow();
    expect(reply).toEqual({ family_reply: 'rebook', late_cancellation: 0 });

    // A reminder's link, used after the appointment has ended (the service keeps links 0 days after): expired.
    const later = await w.bookedChild('2027-03-10T10:00:00.000Z');
    w.time.set(new Date('2027-03-03T09:00:00.000Z'));
    await w.t.deps.appointmentNotices.remindDue();
    const [reminder] = (await w.messagesOf('appointment-reminder', FAMILY_EMAIL)).filter(
      (m) => m.subject_id !== null && fieldsOf(m).when?.includes('10 March'),
    );
    const reminderToken = await w.sentLink(reminder?.id ?? '');
    w.time.set(new Date('2027-03-10T11:30:00.000Z'));
    expect((await new TestClient(w.t.app).get(paths.family.appointment.build({ token: reminderToken }))).status).toBe(
      410,
    );
    expect(later.appointmentId).toBeTruthy();
  });
});

describeEachDialect('appointment notices through GOV.UK Notify', (dialect) => {
  let fake: FakeNotify;
  let t: TestApp;
  let time: MovableClock;
  beforeAll(async () => {
    fake = await FakeNotify.start();
    time = movableClock(BOOKED_ON);
    t = await createTestApp(dialect, { clock: time.clock, env: fake.env() });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('fills the family link in for Notify alone; the link opens the appointment once', async () => {
    const clinician = await aStaffMember().called('Jo Therapist').withRoles('clinician').create(t.deps);
    const child = await aChildWaiting(t.deps, { familyEmail: FAMILY_EMAIL });
    await bookAndTell(t.deps, [
      {
        episodeId: child.episodeId,
        clinicianId: clinician.id,
        startsAt: '2027-02-02T10:30:00.000Z',
        locationId: await aClinic(t.deps),
      },
    ]);
    await t.deps.outboxDispatcher.runOnce();
    const received = fake.received.find((r) => r.templateId === fake.templateId('appointment-booked', 'email'));
    expect(received?.recipient).toBe(FAMILY_EMAIL);
    const token = decodeURIComponent(LINK.exec(received?.personalisation.link ?? '')?.[1] ?? '');
    expect(token.length).toBeGreaterThan(20);
    for (const never of NEVER_SENT) expect(JSON.stringify(received?.personalisation)).not.toContain(never);
    const family = new TestClient(t.app);
    expect((await family.get(paths.family.appointment.build({ token }))).status).toBe(200);
    expect((await family.post(paths.family.appointment.build({ token }), { answer: 'confirm' })).status).toBe(200);
    expect((await family.get(paths.family.appointment.build({ token }))).status).toBe(410);
  });
});
