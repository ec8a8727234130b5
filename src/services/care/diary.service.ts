/**
 * Diaries (issue 13): a clinician's or a room's booked appointments and non-clinical blocks for a day or a week in
 * London, and adding or removing a block. A block's busy time is claimed in the same transaction as its row, so the
 * database refuses a block over an appointment or another block (docs/adr/0036); that refusal is answered as a
 * problem beside the form, never a server error. Times are London wall-clock times made into instants with
 * `londonInstant`, so a 09:00 block is at 09:00 on both sides of a clock change; a time the clocks skip is refused.
 */
import { randomUUID } from 'node:crypto';
import { claimBusy, releaseBlockBusy, roomResource, userResource } from '../../data/care/diary-busy.repository.js';
import {
  deleteBlock,
  diaryAppointments,
  diaryBlocks,
  diaryChildren,
  findBlock,
  insertBlock,
  type DiaryOwner,
} from '../../data/care/diary.repository.js';
import { findRoom } from '../../data/care/places.repository.js';
import { isDiaryClash } from '../../data/errors.js';
import type { Executor } from '../../data/executor.js';
import { addDays, daysBetween, londonInstant } from '../../domain/care/london-time.js';
import type { WorkingPattern } from '../../domain/service/care-settings.js';
import { formatLongDate, isIsoDate, londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import { initials } from '../referrals/submit-referral.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';
import type { FieldProblem, Places } from './places.service.js';

export type { DiaryOwner };

export const DIARY_VIEWS = ['week', 'day'] as const;
export type DiaryView = (typeof DIARY_VIEWS)[number];

/** Non-clinical time in a clinician's diary; a room's diary has only `room-closed`. */
export const CLINICIAN_BLOCK_KINDS = ['admin', 'training', 'leave', 'meeting'] as const;
export const ROOM_BLOCK_KINDS = ['room-closed'] as const;
export type BlockKind = (typeof CLINICIAN_BLOCK_KINDS)[number] | (typeof ROOM_BLOCK_KINDS)[number];

/** The longest block, in days: a long leave is entered in parts. */
export const MAX_BLOCK_DAYS = 62;

/** Roles that may block any clinician's diary, and a room's; a clinician blocks only their own. */
const BLOCK_FOR_OTHERS = ['admin-officer', 'service-manager'] as const;

/** Monday of the week that holds `date` (an ISO date, read as a calendar date: no time zone). */
export function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/** The London dates a diary page shows: the day, or Monday to Sunday of the week that holds it. */
export function diaryDates(view: DiaryView, date: string): string[] {
  if (view === 'day') return [date];
  const monday = mondayOf(date);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Midnight in London at the start of `date`: never skipped by a clock change (they happen at 01:00). */
function londonMidnight(date: string): Date {
  const at = londonInstant(date, '00:00');
  if (!at.ok) throw new RangeError(`No London midnight on ${date}`);
  return at.instant;
}

export interface DiaryAppointment {
  id: string;
  type: string;
  typeLabel: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  locationName: string | null;
  roomName: string | null;
  /** The children's initials only: the diary names no child. */
  children: string[];
}

export interface DiaryBlock {
  id: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
  note: string | null;
}

export interface DiaryPage {
  owner:
    | { kind: 'clinician'; id: string; name: string; workingPattern: WorkingPattern }
    | { kind: 'room'; id: string; name: string; locationName: string; capacity: number };
  view: DiaryView;
  /** The date asked for (or today), and the London dates shown. */
  date: string;
  dates: string[];
  today: string;
  appointments: DiaryAppointment[];
  blocks: DiaryBlock[];
}

export interface BlockInput {
  kind: string;
  date: string;
  /** All day from `date` to `lastDate` (the same day when null); otherwise from `start` to `end` on `date`. */
  allDay: boolean;
  lastDate: string | null;
  start: string | null;
  end: string | null;
  note: string | null;
}

type Ctx = RequestContext & { serviceId: string };

const SKIPPED = (time: string, date: string) =>
  `There is no ${time} on ${formatLongDate(date)}: the clocks go forward an hour at 01:00. Enter a time before 01:00 or from 02:00`;

export function createDiary(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  places: Places;
}) {
  const { db, clock, audit, registry, places } = deps;

  async function ownerOf(serviceId: string, owner: DiaryOwner): Promise<DiaryPage['owner'] | undefined> {
    if (owner.kind === 'clinician') {
      const clinician = await places.clinician(serviceId, owner.userId);
      return clinician === undefined
        ? undefined
        : { kind: 'clinician', id: clinician.id, name: clinician.name, workingPattern: clinician.workingPattern };
    }
    const room = await findRoom(db, serviceId, owner.roomId);
    return room === undefined
      ? undefined
      : { kind: 'room', id: room.id, name: room.name, locationName: room.locationName, capacity: room.capacity };
  }

  const mayBlockFor = (ctx: Ctx, owner: DiaryOwner) =>
    ctx.actorRoles.some((r) => (BLOCK_FOR_OTHERS as readonly string[]).includes(r)) ||
    (owner.kind === 'clinician' && owner.userId === ctx.actorUserId);

  /** The instants of a block, or the problem with what was entered (beside the field at fault). */
  function blockTimes(input: BlockInput): Outcome<{ from: Date; to: Date }, FieldProblem> {
    const invalid = (field: string, message: string) => failed({ ...problem('invalid-input', message), field });
    if (!isIsoDate(input.date)) return invalid('date', 'Enter a real date');
    if (input.allDay) {
      const last = input.lastDate ?? input.date;
      if (!isIsoDate(last)) return invalid('lastDate', 'Enter a real last day');
      if (last < input.date) return invalid('lastDate', 'The last day must be the same as or after the first day');
      if (daysBetween(input.date, last) >= MAX_BLOCK_DAYS) {
        return invalid('lastDate', `A block can be at most ${String(MAX_BLOCK_DAYS)} days: add a longer one in parts`);
      }
      return ok({ from: londonMidnight(input.date), to: londonMidnight(addDays(last, 1)) });
    }
    if (input.start === null) return invalid('start', 'Enter a start time, or choose all day');
    if (input.end === null) return invalid('end', 'Enter an end time');
    const from = londonInstant(input.date, input.start);
    if (!from.ok) {
      return invalid(
        'start',
        from.reason === 'skipped-by-clock-change' ? SKIPPED(input.start, input.date) : 'Enter a start time, like 09:00',
      );
    }
    const to = londonInstant(input.date, input.end);
    if (!to.ok) {
      return invalid(
        'end',
        to.reason === 'skipped-by-clock-change' ? SKIPPED(input.end, input.date) : 'Enter an end time, like 17:00',
      );
    }
    if (to.instant.getTime() <= from.instant.getTime())
      return invalid('end', 'The end time must be after the start time');
    return ok({ from: from.instant, to: to.instant });
  }

  return {
    /** Today's London date by the service's clock. */
    today(): string {
      return londonDate(clock());
    },

    /** A day or a week of one clinician's or room's diary; not found when the owner is not this service's. */
    async page(
      serviceId: string,
      owner: DiaryOwner,
      view: DiaryView,
      date: string | null,
    ): Promise<Outcome<{ page: DiaryPage }>> {
      const found = await ownerOf(serviceId, owner);
      if (found === undefined) return failed(problem('not-found', 'There is no such diary in this service.'));
      const today = londonDate(clock());
      const shown = date ?? today;
      const dates = diaryDates(view, shown);
      const first = view === 'week' ? mondayOf(shown) : shown;
      const fromIso = londonMidnight(first).toISOString();
      const toIso = londonMidnight(addDays(first, dates.length)).toISOString();
      const [appointments, blocks] = await Promise.all([
        diaryAppointments(db, serviceId, owner, fromIso, toIso),
        diaryBlocks(db, serviceId, owner, fromIso, toIso),
      ]);
      const children = await diaryChildren(
        db,
        serviceId,
        appointments.map((a) => a.id),
      );
      const types = registry.byId(serviceId)?.care.appointments.types ?? [];
      return ok({
        page: {
          owner: found,
          view,
          date: shown,
          dates,
          today,
          appointments: appointments.map((a) => ({
            id: a.id,
            type: a.type,
            typeLabel: types.find((t) => t.code === a.type)?.label ?? a.type,
            startsAt: new Date(a.startsAt),
            endsAt: new Date(a.endsAt),
            place: a.place,
            locationName: a.locationName,
            roomName: a.roomName,
            children: children.filter((c) => c.appointmentId === a.id).map((c) => initials(c.givenName, c.familyName)),
          })),
          blocks: blocks.map((b) => ({
            id: b.id,
            kind: b.kind,
            startsAt: new Date(b.startsAt),
            endsAt: new Date(b.endsAt),
            note: b.note,
          })),
        },
      });
    },

    /** The service's clinicians and rooms, for links to their diaries. */
    async directory(serviceId: string) {
      const [clinicians, rooms] = await Promise.all([places.clinicians(serviceId), places.rooms(serviceId)]);
      return { clinicians, rooms };
    },

    /** Whether this person may add and remove blocks in the owner's diary (with the diary:block permission). */
    mayBlock(ctx: Ctx, owner: DiaryOwner): boolean {
      return mayBlockFor(ctx, owner);
    },

    /** Whose diary a block would go in, for the form's heading; not found when not this service's. */
    async blockOwner(ctx: Ctx, owner: DiaryOwner): Promise<Outcome<{ name: string }>> {
      const found = await ownerOf(ctx.serviceId, owner);
      if (found === undefined) return failed(problem('not-found', 'There is no such diary in this service.'));
      if (!mayBlockFor(ctx, owner)) {
        return failed(problem('forbidden', 'You can add time only to your own diary.'));
      }
      return ok({ name: found.name });
    },

    /**
     * Adds a block and claims its busy time, in one transaction with its audit event; time already taken by an
     * appointment or another block is refused by the database, and answered as a problem beside the start time.
     */
    async addBlock(ctx: Ctx, owner: DiaryOwner, input: BlockInput): Promise<Outcome<{ id: string }, FieldProblem>> {
      const found = await ownerOf(ctx.serviceId, owner);
      if (found === undefined) return failed(problem('not-found', 'There is no such diary in this service.'));
      if (!mayBlockFor(ctx, owner)) return failed(problem('forbidden', 'You can add time only to your own diary.'));
      const kinds: readonly string[] = owner.kind === 'clinician' ? CLINICIAN_BLOCK_KINDS : ROOM_BLOCK_KINDS;
      if (!kinds.includes(input.kind)) {
        return failed({ ...problem('invalid-input', 'Select what the time is for'), field: 'kind' });
      }
      const times = blockTimes(input);
      if (!times.ok) return times;
      const id = randomUUID();
      try {
        await db.transaction().execute(async (trx) => {
          await insertBlock(
            trx,
            {
              id,
              serviceId: ctx.serviceId,
              userId: owner.kind === 'clinician' ? owner.userId : null,
              roomId: owner.kind === 'room' ? owner.roomId : null,
              kind: input.kind,
              startsAt: times.from.toISOString(),
              endsAt: times.to.toISOString(),
              note: input.note,
              createdBy: ctx.actorUserId,
            },
            clock().toISOString(),
          );
          await claimBusy(trx, ctx.serviceId, [
            {
              resource: owner.kind === 'clinician' ? userResource(owner.userId) : roomResource(owner.roomId),
              startMs: times.from.getTime(),
              endMs: times.to.getTime(),
              blockId: id,
            },
          ]);
          await audit.record(trx, ctx, {
            action: 'diary.block-added',
            serviceId: ctx.serviceId,
            subjectType: 'diary-block',
            subjectId: id,
            detail: { kind: input.kind, owner: owner.kind, allDay: input.allDay },
          });
        });
      } catch (err) {
        if (!isDiaryClash(err)) throw err;
        return failed({
          ...problem('conflict', `${found.name} already has an appointment or block at that time`),
          field: input.allDay ? 'date' : 'start',
        });
      }
      return ok({ id });
    },

    /** Removes a block and frees its busy time; says whose diary it was, for the way back. */
    async removeBlock(ctx: Ctx, blockId: string): Promise<Outcome<{ owner: DiaryOwner }>> {
      const block = await findBlock(db, ctx.serviceId, blockId);
      if (block === undefined) return failed(problem('not-found', 'There is no such block in this service.'));
      const owner: DiaryOwner =
        block.userId !== null
          ? { kind: 'clinician', userId: block.userId }
          : { kind: 'room', roomId: block.roomId ?? '' };
      if (!mayBlockFor(ctx, owner))
        return failed(problem('forbidden', 'You can remove time only from your own diary.'));
      const removed = await db.transaction().execute(async (trx) => {
        await releaseBlockBusy(trx, blockId);
        if (!(await deleteBlock(trx, ctx.serviceId, blockId))) return false;
        await audit.record(trx, ctx, {
          action: 'diary.block-removed',
          serviceId: ctx.serviceId,
          subjectType: 'diary-block',
          subjectId: blockId,
          detail: { kind: block.kind, owner: owner.kind },
        });
        return true;
      });
      if (!removed) return failed(problem('not-found', 'This block has been removed already.'));
      return ok({ owner });
    },
  };
}

export type Diary = ReturnType<typeof createDiary>;
