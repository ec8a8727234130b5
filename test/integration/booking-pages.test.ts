/**
 * The booking pages (docs/adr/0037), on both databases: choose, see a week's free slots, book one, the appointment
 * page; a slot taken meanwhile (409 with the slots again) and a time the clocks skip (400); bad input through HTTP
 * (400, never a 500); cancelling with a reason; access by permission and another service's ids (not found).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingChoice } from '../../src/domain/care/appointments.js';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { aClinic, aClinician, aWaitingChild, staffContext } from '../support/booking-world.js';
import { TestClient } from '../support/client.js';
import { movableClock, type MovableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { createTestApp, LLR, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

/** Children are referred and accepted in December 2026; bookings are then made "in" early March 2026. */
const REFERRED = new Date('2026-12-07T10:00:00Z');
const BOOKING = new Date('2026-03-02T09:00:00Z');

const choice = (c: Partial<BookingChoice> & { clinicianIds: string[] }): BookingChoice => ({
  type: 'therapy-session',
  place: 'home',
  roomId: null,
  sessions: 1,
  everyWeeks: 1,
  capacity: null,
  ...c,
});

describeEachDialect('booking pages', (dialect) => {
  let t: TestApp;
  let mc: MovableClock;
  let clinician: CreatedStaff;
  let other: CreatedStaff;
  let rooms: string[];
  const children: { episodeId: string; reference: string }[] = [];
  let next = 0;
  const child = () => {
    const c = children[next];
    next += 1;
    if (c === undefined) throw new Error('Not enough children made');
    return c;
  };
  const ctx = () => staffContext(clinician);

  beforeAll(async () => {
    mc = movableClock(REFERRED);
    t = await createTestApp(dialect, { clock: mc.clock, twoServices: true });
    clinician = await aClinician(t.deps, 'Priya Natarajan');
    other = await aClinician(t.deps, 'Tom Hughes');
    rooms = await aClinic(t.deps, 2);
    for (let i = 0; i < 12; i += 1) children.push(await aWaitingChild(t.deps));
    mc.set(BOOKING);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('through the pages', () => {
    it('chooses, finds free slots for a week, books one and shows the appointment', async () => {
      const c = child();
      const client = new TestClient(t.app);
      await signIn(client, clinician);
      const start = await client.get(paths.appointments.book.build({ episodeId: c.episodeId }));
      expect(start.status).toBe(200);
      expect(start.body).not.toContain('Quartermaine');
      const query = new URLSearchParams({
        type: 'initial-assessment',
        place: 'clinic',
        clinician: clinician.id,
        room: rooms[1] ?? '',
        week: '2026-03-23',
      });
      const slots = await client.get(
        `${paths.appointments.slots.build({ episodeId: c.episodeId })}?${query.toString()}`,
      );
      expect(slots.status).toBe(200);
      expect(text(slots.document.querySelector('legend'))).toContain('Monday 23 March 2026');
      const first = slots.document.querySelector<HTMLInputElement>('input[name="slot"]');
      expect(first?.value).toBe('2026-03-23T09:00+00:00');
      const fields = Object.fromEntries(
        [...slots.document.querySelectorAll<HTMLInputElement>('form[action$="/book/confirm"] input[type="hidden"]')]
          .filter((i) => i.name !== '_csrf')
          .map((i) => [i.name, i.value]),
      );
      const booked = await client.post(paths.appointments.confirm.build({ episodeId: c.episodeId }), {
        ...fields,
        slot: '2026-03-23T09:00+00:00',
      });
      expect(booked.status).toBe(303);
      const page = await client.follow(booked);
      expect(page.status).toBe(200);
      expect(page.body).toContain('09:00 to 10:00');
      // The same slot again, as if taken meanwhile: the slots page with the error summary, not a 500.
      const taken = await client.post(paths.appointments.confirm.build({ episodeId: child().episodeId }), {
        ...fields,
        slot: '2026-03-23T09:00+00:00',
      });
      expect(taken.status).toBe(409);
      expect(errorSummary(taken).join(' ')).toContain('no longer free');
      // 01:30 on 29 March 2026 through the form.
      const skipped = await client.post(paths.appointments.confirm.build({ episodeId: child().episodeId }), {
        ...fields,
        slot: '2026-03-29T01:30',
      });
      expect(skipped.status).toBe(400);
      expect(errorSummary(skipped).join(' ')).toContain('does not exist in London');
    });

    it('answers bad input with 400, never a 500', async () => {
      const c = child();
      const client = new TestClient(t.app);
      await signIn(client, clinician);
      const slots = paths.appointments.slots.build({ episodeId: c.episodeId });
      const base = `type=review&place=home&clinician=${clinician.id}`;
      for (const q of [
        `${base}&week=2026-02-30`,
        `${base}&week=1999-01-01`,
        `${base}&week=<script>`,
        `${base}&week=2026-03-23&week=2026-03-30`,
        `${base}&unknown=1`,
        `type=nonsense&place=home&clinician=${clinician.id}`,
        `type=review&place=moon&clinician=${clinician.id}`,
        `type=review&place=home&clinician=not-an-id`,
        `${base}&sessions=99`,
        `${base}&capacity=abc`,
        `type=review&place=home&clinician=${other.id}&clinician2=${other.id}`,
      ]) {
        const page = await client.get(`${slots}?${q}`);
        expect(page.status, q).toBe(400);
      }
      const page = await client.get(`${slots}?type=review&place=clinic&clinician=${clinician.id}`);
      expect(errorSummary(page)).toContain('Select the room');
      const cancelPage = await client.get(paths.appointments.book.build({ episodeId: c.episodeId }));
      expect(cancelPage.status).toBe(200);
      const confirm = await client.post(paths.appointments.confirm.build({ episodeId: c.episodeId }), {
        type: 'review',
        place: 'home',
        clinician: clinician.id,
        slot: 'tomorrow at ten',
      });
      expect(confirm.status).toBe(400);
      const notFound = await client.get(paths.appointments.book.build({ episodeId: 'not-an-id' }));
      expect(notFound.status).toBe(404);
      const noCsrf = await client.post(
        paths.appointments.confirm.build({ episodeId: c.episodeId }),
        { type: 'review' },
        { csrf: null },
      );
      expect(noCsrf.status).toBe(403);
    });

    it('cancels through the page with a reason, and asks for one', async () => {
      const booked = await t.deps.booking.book(ctx(), LLR, {
        episodeId: child().episodeId,
        choice: choice({ clinicianIds: [clinician.id] }),
        date: '2026-03-19',
        time: '15:00',
      });
      if (!booked.ok) throw new Error(booked.problem.message);
      const appointmentId = booked.appointmentIds[0] ?? '';
      const client = new TestClient(t.app);
      await signIn(client, clinician);
      await client.get(paths.appointments.appointment.build({ appointmentId }));
      const empty = await client.post(paths.appointments.cancel.build({ appointmentId }), { reason: '', version: '1' });
      expect(empty.status).toBe(400);
      expect(errorSummary(empty)).toContain('Say why the appointment is cancelled');
      const done = await client.post(paths.appointments.cancel.build({ appointmentId }), {
        reason: 'The family moved the day.',
        version: '1',
      });
      expect(done.status).toBe(303);
      const page = await client.follow(done);
      expect(page.body).toContain('Book again');
      const audit = await auditRows(t.deps, { action: 'appointment.cancelled' });
      expect(audit.some((r) => r.subject_id === appointmentId)).toBe(true);
    });

    it('lets only those with the permission book, and hides another service’s children', async () => {
      const manager = await aStaffMember().withRoles('service-manager').create(t.deps);
      const client = new TestClient(t.app);
      await signIn(client, manager);
      const c = child();
      expect((await client.get(paths.appointments.book.build({ episodeId: c.episodeId }))).status).toBe(403);
      // A clinician of the other service asks for this service's child and appointment: not found.
      const physio = await aStaffMember().inService(SECOND_SERVICE, 'clinician').create(t.deps);
      const theirs = new TestClient(t.app);
      await signIn(theirs, physio);
      expect((await theirs.get(paths.appointments.book.build({ episodeId: c.episodeId }))).status).toBe(404);
    });
  });
});
