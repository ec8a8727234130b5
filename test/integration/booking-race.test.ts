/**
 * Double booking is refused by the database itself (docs/adr/0036, 0037): two bookings racing for one clinician's
 * slot, or one room's, give exactly one booking, and two adds racing for a group's last place give one child added,
 * on SQLite and on PostgreSQL. Hazard: double booking.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimBusy } from '../../src/data/care/diary-busy.repository.js';
import { DiaryClashError, isDeadlock, isDiaryClash } from '../../src/data/errors.js';
import type { BookingChoice } from '../../src/domain/care/appointments.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { aClinic, aClinician, aWaitingChild, staffContext } from '../support/booking-world.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-12-07T10:00:00Z');
const ROUNDS = 4;

describeEachDialect('two bookings racing for one slot', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock: movableClock(NOW).clock });
  });
  afterAll(async () => {
    await t.close();
  });

  const home = (clinicianId: string): BookingChoice => ({
    type: 'therapy-session',
    place: 'home',
    clinicianIds: [clinicianId],
    roomId: null,
    sessions: 1,
    everyWeeks: 1,
    capacity: null,
  });

  it.skipIf(dialect !== 'postgres')(
    'takes a claim that PostgreSQL ends as a deadlock for a clash: the other claim keeps the time',
    async () => {
      // Two claims made at the same moment can each wait for the other's uncommitted row (the exclusion constraint
      // checks after inserting); the same deadlock is made here in two steps, each transaction holding the time the
      // other then asks for.
      const db = t.deps.database.db;
      const at = (resource: string) => [
        { resource, startMs: Date.UTC(2027, 0, 20, 9), endMs: Date.UTC(2027, 0, 20, 10) },
      ];
      const [clinician, room] = ['user:deadlock-clinician', 'room:deadlock-room'];
      let firstHeld!: () => void;
      let secondHeld!: () => void;
      const heldByFirst = new Promise<void>((done) => (firstHeld = done));
      const heldBySecond = new Promise<void>((done) => (secondHeld = done));
      const results = await Promise.allSettled([
        db.transaction().execute(async (trx) => {
          await claimBusy(trx, LLR, at(clinician));
          firstHeld();
          await heldBySecond;
          await claimBusy(trx, LLR, at(room));
          return 'first';
        }),
        db.transaction().execute(async (trx) => {
          await heldByFirst;
          await claimBusy(trx, LLR, at(room));
          secondHeld();
          await claimBusy(trx, LLR, at(clinician));
          return 'second';
        }),
      ]);
      const kept = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(kept).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const reason: unknown = lost[0]?.reason;
      expect(reason).toBeInstanceOf(DiaryClashError);
      expect(isDiaryClash(reason)).toBe(true);
      expect(isDeadlock((reason as Error).cause)).toBe(true);
      const rows = await db
        .selectFrom('diary_busy')
        .select('resource')
        .where('resource', 'in', [clinician, room])
        .orderBy('resource')
        .execute();
      expect(rows.map((r) => r.resource)).toEqual([room, clinician]);
    },
  );

  it('gives exactly one booking when two book the same clinician at the same time', async () => {
    const clinician = await aClinician(t.deps);
    for (let round = 0; round < ROUNDS; round += 1) {
      const [a, b] = [await aWaitingChild(t.deps), await aWaitingChild(t.deps)];
      const time = `1${String(round)}:00`;
      const results = await Promise.all(
        [a, b].map((child) =>
          t.deps.booking.book(staffContext(clinician), LLR, {
            episodeId: child.episodeId,
            choice: home(clinician.id),
            date: '2027-01-12',
            time,
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const lost = results.find((r) => !r.ok);
      expect(lost?.ok === false && lost.problem.code).toBe('conflict');
    }
    const rows = await t.deps.database.db
      .selectFrom('diary_busy')
      .select('id')
      .where('resource', '=', `user:${clinician.id}`)
      .execute();
    expect(rows).toHaveLength(ROUNDS);
  });

  it('gives exactly one booking when two clinicians book the same room at the same time', async () => {
    const [room] = await aClinic(t.deps, 1);
    const [c1, c2] = [await aClinician(t.deps, 'Ana Silva'), await aClinician(t.deps, 'Ben Okoro')];
    for (let round = 0; round < ROUNDS; round += 1) {
      const [a, b] = [await aWaitingChild(t.deps), await aWaitingChild(t.deps)];
      const results = await Promise.all(
        [
          [a, c1],
          [b, c2],
        ].map(([child, clinician]) =>
          t.deps.booking.book(staffContext(clinician as { id: string }), LLR, {
            episodeId: (child as { episodeId: string }).episodeId,
            choice: { ...home((clinician as { id: string }).id), place: 'clinic', roomId: room ?? null },
            date: '2027-01-13',
            time: `1${String(round)}:30`,
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    }
    const appointments = await t.deps.database.db
      .selectFrom('appointments')
      .select('id')
      .where('room_id', '=', room ?? '')
      .execute();
    expect(appointments).toHaveLength(ROUNDS);
  });

  it('adds one child when two adds race for the last place in a group', async () => {
    const [room] = await aClinic(t.deps, 1);
    const clinician = await aClinician(t.deps, 'Cara Doyle');
    for (let round = 0; round < ROUNDS; round += 1) {
      const first = await aWaitingChild(t.deps);
      const booked = await t.deps.booking.book(staffContext(clinician), LLR, {
        episodeId: first.episodeId,
        choice: {
          ...home(clinician.id),
          type: 'group-session',
          place: 'clinic',
          roomId: room ?? null,
          capacity: 2,
        },
        date: '2027-01-14',
        time: `1${String(round)}:00`,
      });
      if (!booked.ok) throw new Error(booked.problem.message);
      const appointmentId = booked.appointmentIds[0] ?? '';
      const [b, c] = [await aWaitingChild(t.deps), await aWaitingChild(t.deps)];
      const results = await Promise.all(
        [b, c].map((child) => t.deps.booking.addToGroup(staffContext(clinician), LLR, appointmentId, child.reference)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const lost = results.find((r) => !r.ok);
      expect(lost?.ok === false && lost.problem.message).toMatch(/full/u);
      const appointment = await t.deps.booking.appointment(LLR, appointmentId);
      expect(appointment?.children).toHaveLength(2);
    }
  });
});
