/**
 * Busy time in diaries: one row per clinician or room ("user:<id>", "room:<id>") for each appointment or block. The
 * database refuses a row that overlaps another of the same resource (docs/adr/0036), so two bookings racing for one
 * slot give one booking however the code above is written: the loser's insert fails with a clash
 * (`isDiaryClash` in ../errors.ts), and its transaction rolls back whole.
 */
import { randomUUID } from 'node:crypto';
import { DiaryClashError, isDeadlock } from '../errors.js';
import type { Executor } from '../executor.js';

export const userResource = (userId: string) => `user:${userId}`;
export const roomResource = (roomId: string) => `room:${roomId}`;

export interface BusyTime {
  resource: string;
  startMs: number;
  endMs: number;
  appointmentId?: string;
  blockId?: string;
}

/**
 * Claims busy time; throws a clash (isDiaryClash) when any of it overlaps time already taken.
 *
 * On PostgreSQL the exclusion constraint checks a row after inserting it, and waits for any transaction whose
 * overlapping row is not yet committed. Two claims of the same time made at the same moment can each find the other's
 * row and wait for it; PostgreSQL then ends one of them as a deadlock, after `deadlock_timeout`, and the other goes
 * on. The one ended lost the race for the time, as a refused one does: a clash, not a failure of the database.
 */
export async function claimBusy(db: Executor, serviceId: string, times: readonly BusyTime[]): Promise<void> {
  if (times.length === 0) return;
  try {
    await insertBusy(db, serviceId, times);
  } catch (err) {
    if (!isDeadlock(err)) throw err;
    throw new DiaryClashError('Busy time claimed at the same moment by another transaction, which has it now.', {
      cause: err,
    });
  }
}

async function insertBusy(db: Executor, serviceId: string, times: readonly BusyTime[]): Promise<void> {
  await db
    .insertInto('diary_busy')
    .values(
      times.map((t) => ({
        id: randomUUID(),
        service_id: serviceId,
        resource: t.resource,
        start_ms: t.startMs,
        end_ms: t.endMs,
        appointment_id: t.appointmentId ?? null,
        block_id: t.blockId ?? null,
      })),
    )
    .execute();
}

/** Frees the time an appointment held (when it is cancelled or moved). */
export async function releaseAppointmentBusy(db: Executor, appointmentId: string): Promise<void> {
  await db.deleteFrom('diary_busy').where('appointment_id', '=', appointmentId).execute();
}

export async function releaseBlockBusy(db: Executor, blockId: string): Promise<void> {
  await db.deleteFrom('diary_busy').where('block_id', '=', blockId).execute();
}

/** The busy times of these resources that overlap [fromMs, toMs), earliest first. */
export async function busyBetween(
  db: Executor,
  resources: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<BusyTime[]> {
  if (resources.length === 0) return [];
  const rows = await db
    .selectFrom('diary_busy')
    .select(['resource', 'start_ms', 'end_ms', 'appointment_id', 'block_id'])
    .where('resource', 'in', resources)
    .where('start_ms', '<', toMs)
    .where('end_ms', '>', fromMs)
    .orderBy('start_ms')
    .execute();
  return rows.map((r) => ({
    resource: r.resource,
    startMs: r.start_ms,
    endMs: r.end_ms,
    ...(r.appointment_id !== null && { appointmentId: r.appointment_id }),
    ...(r.block_id !== null && { blockId: r.block_id }),
  }));
}
