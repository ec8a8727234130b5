/**
 * Booking appointments (issue 13 item 4, docs/adr/0037), on both databases: single, recurring (a weekly 16:00 block
 * across the clock change stays at 16:00 London; one clash refuses the whole block), group, joint, room and diary
 * block clashes, 01:30 on the night the clocks go back (stored as 00:30Z, shown as 01:30 BST) and 01:30 on the night
 * they go forward (refused), the first booking taking the child off the waiting list, cancelling, and the pages:
 * bad input, access, another service's ids. Hazards: double booking; appointment at the wrong time after a clock
 * change; child lost from the waiting list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEpisode } from '../../src/data/care/episodes.repository.js';
import type { BookingChoice } from '../../src/domain/care/appointments.js';
import { londonWallTime } from '../../src/domain/care/london-time.js';
import { paths } from '../../src/web/paths.js';
import { auditRows } from '../support/audit.js';
import type { CreatedStaff } from '../support/builders.js';
import {
  aClinic,
  aClinician,
  aDiaryBlock,
  atAKnownSchool,
  aWaitingChild,
  staffContext,
} from '../support/booking-world.js';
import { TestClient } from '../support/client.js';
import { movableClock, type MovableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
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

describeEachDialect('booking appointments', (dialect) => {
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
    for (let i = 0; i < 30; i += 1) children.push(await aWaitingChild(t.deps));
    mc.set(BOOKING);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('through the use case', () => {
    it('books a single appointment, claims the clinician’s time and takes the child off the waiting list', async () => {
      const c = child();
      const booked = await t.deps.booking.book(ctx(), LLR, {
        episodeId: c.episodeId,
        choice: choice({ type: 'initial-assessment', clinicianIds: [clinician.id] }),
        date: '2026-03-09',
        time: '10:00',
      });
      expect(booked.ok).toBe(true);
      if (!booked.ok) return;
      const appointment = await t.deps.booking.appointment(LLR, booked.appointmentIds[0] ?? '');
      expect(appointment).toMatchObject({ startsAt: '2026-03-09T10:00:00.000Z', endsAt: '2026-03-09T11:00:00.000Z' });
      expect(appointment?.reference).toMatch(/^OT-A-\d{6}$/u);
      const episode = await findEpisode(t.deps.database.db, LLR, c.episodeId);
      expect(episode).toMatchObject({
        status: 'open',
        leadClinicianId: clinician.id,
        leftListAt: BOOKING.toISOString(),
      });
      const audit = await auditRows(t.deps, { action: 'appointment.booked' });
      expect(audit.some((r) => r.subject_id === booked.appointmentIds[0])).toBe(true);
      // The same clinician, the same time, another child: refused by the database, naming the time.
      const again = await t.deps.booking.book(ctx(), LLR, {
        episodeId: child().episodeId,
        choice: choice({ clinicianIds: [clinician.id] }),
        date: '2026-03-09',
        time: '10:30',
      });
      expect(again).toMatchObject({
        ok: false,
        problem: { code: 'conflict', clash: { date: '2026-03-09', time: '10:30' } },
      });
      expect(!again.ok && again.problem.message).toContain('10:30 on 9 March 2026');
    });

    it('keeps a weekly 16:00 block of six sessions at 16:00 London across 25 October 2026', async () => {
      const c = child();
      const booked = await t.deps.booking.book(ctx(), LLR, {
        episodeId: c.episodeId,
        choice: choice({ clinicianIds: [other.id], sessions: 6, everyWeeks: 1 }),
        date: '2026-10-12',
        time: '16:00',
      });
      if (!booked.ok) throw new Error(booked.problem.message);
      expect(booked.appointmentIds).toHaveLength(6);
      const starts = await Promise.all(
        booked.appointmentIds.map(async (id) => (await t.deps.booking.appointment(LLR, id))?.startsAt ?? ''),
      );
      expect(starts).toEqual([
        '2026-10-12T15:00:00.000Z',
        '2026-10-19T15:00:00.000Z',
        '2026-10-26T16:00:00.000Z',
        '2026-11-02T16:00:00.000Z',
        '2026-11-09T16:00:00.000Z',
        '2026-11-16T16:00:00.000Z',
      ]);
      expect(starts.map((s) => londonWallTime(new Date(s)).time)).toEqual(Array(6).fill('16:00'));
    });

    it('refuses a whole recurring block when one session clashes, and books none of it', async () => {
      const c = child();
      await aDiaryBlock(t.deps, clinician.id, '2026-11-09T16:30:00.000Z', '2026-11-09T17:00:00.000Z');
      const refused = await t.deps.booking.book(ctx(), LLR, {
        episodeId: c.episodeId,
        choice: choice({ clinicianIds: [clinician.id], sessions: 6 }),
        date: '2026-10-12',
        time: '16:00',
      });
      expect(refused).toMatchObject({
        ok: false,
        problem: { code: 'conflict', clash: { date: '2026-11-09', time: '16:00' } },
      });
      const rows = await t.deps.database.db
        .selectFrom('appointment_children')
        .select('appointment_id')
        .where('episode_id', '=', c.episodeId)
        .execute();
      expect(rows).toEqual([]);
      expect((await findEpisode(t.deps.database.db, LLR, c.episodeId))?.status).toBe('waiting');
    });

    it('refuses a clinician’s time blocked out in their diary', async () => {
      await aDiaryBlock(t.deps, clinician.id, '2026-03-10T09:00:00.000Z', '2026-03-10T12:00:00.000Z');
      const refused = await t.deps.booking.book(ctx(), LLR, {
        episodeId: child().episodeId,
        choice: choice({ clinicianIds: [clinician.id] }),
        date: '2026-03-10',
        time: '11:15',
      });
      expect(refused).toMatchObject({ ok: false, problem: { code: 'conflict' } });
    });

    it('refuses a room already booked, whoever the clinician', async () => {
      const clinic = (who: string) =>
        choice({ type: 'review', place: 'clinic', roomId: rooms[0] ?? null, clinicianIds: [who] });
      const first = await t.deps.booking.book(ctx(), LLR, {
        episodeId: child().episodeId,
        choice: clinic(clinician.id),
        date: '2026-03-11',
        time: '09:00',
      });
      expect(first.ok).toBe(true);
      const second = await t.deps.booking.book(ctx(), LLR, {
        episodeId: child().episodeId,
        choice: clinic(other.id),
        date: '2026-03-11',
        time: '09:30',
      });
      expect(second).toMatchObject({ ok: false, problem: { code: 'conflict' } });
      const otherRoom = await t.deps.booking.book(ctx(), LLR, {
        episodeId: child().episodeId,
        choice: { ...clinic(other.id), roomId: rooms[1] ?? null },
        date: '2026-03-11',
        time: '09:30',
      });
      expect(otherRoom.ok).toBe(true);
    });

    it('books a joint visit in both clinicians’ diaries', async () => {
      const joint = await t.deps.booking.book(ctx(), LLR, {
        episodeId: child().episodeId,
        choice: choice({ type: 'joint-visit', clinicianIds: [clinician.id, other.id] }),
        date: '2026-03-12',
        time: '14:00',
      });
      expect(joint.ok).toBe(true);
      for (const who of [clinician, other]) {
        const clash = await t.deps.booking.book(ctx(), LLR, {
          episodeId: child().episodeId,
          choice: choice({ clinicianIds: [who.id] }),
          date: '2026-03-12',
          time: '14:30',
        });
        expect(clash).toMatchObject({ ok: false, problem: { code: 'conflict' } });
      }
      const same = await t.deps.booking.book(ctx(), LLR, {
        episodeId: child().episodeId,
        choice: choice({ type: 'joint-visit', clinicianIds: [clinician.id, clinician.id] }),
        date: '2026-03-13',
        time: '14:00',
      });
      expect(same).toMatchObject({ ok: false, problem: { code: 'invalid-input' } });
    });

    it('fills a group up to its capacity and no further', async () => {
      const first = child();
      const group = await t.deps.booking.book(ctx(), LLR, {
        episodeId: first.episodeId,
        choice: choice({
          type: 'group-session',
          place: 'clinic',
          roomId: rooms[1] ?? null,
          clinicianIds: [other.id],
          capacity: 2,
        }),
        date: '2026-03-16',
        time: '10:00',
      });
      if (!group.ok) throw new Error(group.problem.message);
      const id = group.appointmentIds[0] ?? '';
      const second = child();
      expect((await t.deps.booking.addToGroup(ctx(), LLR, id, second.reference)).ok).toBe(true);
      expect((await findEpisode(t.deps.database.db, LLR, second.episodeId))?.status).toBe('open');
      const third = await t.deps.booking.addToGroup(ctx(), LLR, id, child().reference);
      expect(third).toMatchObject({ ok: false, problem: { code: 'illegal' } });
      expect(await t.deps.booking.addToGroup(ctx(), LLR, id, 'not a reference')).toMatchObject({
        ok: false,
        problem: { code: 'invalid-input' },
      });
    });

    it('books 01:30 on the night the clocks go back as 00:30Z, shown as 01:30 BST', async () => {
      const booked = await t.deps.booking.book(ctx(), LLR, {
        episodeId: child().episodeId,
        choice: choice({ type: 'review', place: 'clinic', roomId: rooms[0] ?? null, clinicianIds: [clinician.id] }),
        date: '2026-10-25',
        time: '01:30',
      });
      if (!booked.ok) throw new Error(booked.problem.message);
      const id = booked.appointmentIds[0] ?? '';
      expect((await t.deps.booking.appointment(LLR, id))?.startsAt).toBe('2026-10-25T00:30:00.000Z');
      const client = new TestClient(t.app);
      await signIn(client, clinician);
      const page = await client.get(paths.appointments.appointment.build({ appointmentId: id }));
      expect(page.status).toBe(200);
      expect(page.body).toContain('01:30 BST to 01:15 GMT');
    });

    it('refuses 01:30 on 29 March 2026, which London never shows', async () => {
      const refused = await t.deps.booking.book(ctx(), LLR, {
        episodeId: child().episodeId,
        choice: choice({ clinicianIds: [clinician.id] }),
        date: '2026-03-29',
        time: '01:30',
      });
      expect(refused).toMatchObject({ ok: false, problem: { code: 'invalid-input' } });
      expect(!refused.ok && refused.problem.message).toContain('does not exist in London');
    });

    it('visits a child at a school the reference data knows, and refuses a school visit without one', async () => {
      const unknown = child();
      const refused = await t.deps.booking.book(ctx(), LLR, {
        episodeId: unknown.episodeId,
        choice: choice({ type: 'school-visit', place: 'school', clinicianIds: [clinician.id] }),
        date: '2026-03-17',
        time: '09:00',
      });
      expect(refused).toMatchObject({ ok: false, problem: { code: 'invalid-input' } });
      await atAKnownSchool(t.deps, unknown.episodeId);
      const booked = await t.deps.booking.book(ctx(), LLR, {
        episodeId: unknown.episodeId,
        choice: choice({ type: 'school-visit', place: 'school', clinicianIds: [clinician.id] }),
        date: '2026-03-17',
        time: '09:00',
      });
      if (!booked.ok) throw new Error(booked.problem.message);
      expect((await t.deps.booking.appointment(LLR, booked.appointmentIds[0] ?? ''))?.where.name).toBe(
        'Braunstone Primary School',
      );
    });

    it('cancels by the service: the time is free again and each child’s outcome says so', async () => {
      const c = child();
      const booked = await t.deps.booking.book(ctx(), LLR, {
        episodeId: c.episodeId,
        choice: choice({ clinicianIds: [other.id] }),
        date: '2026-03-18',
        time: '11:00',
      });
      if (!booked.ok) throw new Error(booked.problem.message);
      const id = booked.appointmentIds[0] ?? '';
      expect((await t.deps.booking.cancelByService(ctx(), LLR, id, 1, 'The clinician is unwell.')).ok).toBe(true);
      const cancelled = await t.deps.booking.appointment(LLR, id);
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'service',
        cancelledReason: 'The clinician is unwell.',
      });
      expect(cancelled?.children[0]?.outcome).toBe('cancelled-by-service');
      expect(await t.deps.booking.cancelByService(ctx(), LLR, id, 2, 'Again')).toMatchObject({ ok: false });
      const rebooked = await t.deps.booking.book(ctx(), LLR, {
        episodeId: c.episodeId,
        choice: choice({ clinicianIds: [other.id] }),
        date: '2026-03-18',
        time: '11:00',
      });
      expect(rebooked.ok).toBe(true);
      // Another service sees none of it.
      expect(await t.deps.booking.appointment(SECOND_SERVICE, id)).toBeUndefined();
    });
  });
});
