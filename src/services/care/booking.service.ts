/**
 * Booking appointments (issue 13 item 4, docs/adr/0037). Free slots come from each clinician's working pattern and
 * the busy time of every resource needed; a booking writes its appointment(s) and claims the busy time of each
 * clinician and room in ONE transaction, and the database itself refuses busy time that overlaps (docs/adr/0036), so
 * a recurring block is booked whole or not at all and two bookings racing for one slot give exactly one booking.
 * Booking the first appointment takes the child off the waiting list and onto the clinician's caseload. The family
 * is told through `notices` (the appointment letter and links), in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import {
  addChildToGroup,
  cancelAppointment,
  findAppointment,
  insertAppointment,
  type AppointmentRecord,
} from '../../data/care/appointments.repository.js';
import {
  clinicRoomsOfService,
  cliniciansOfService,
  findEpisodeByReferralReference,
  findEpisodeForBooking,
} from '../../data/care/booking-lookups.repository.js';
import { busyBetween, claimBusy, roomResource, userResource } from '../../data/care/diary-busy.repository.js';
import { isDiaryClash } from '../../data/errors.js';
import type { Executor } from '../../data/executor.js';
import { CANCELLED_BY_SERVICE, type BookingChoice, type CheckedChoice } from '../../domain/care/appointments.js';
import { freeSlots as findFreeSlots, type FreeSlot } from '../../domain/care/free-slots.js';
import { addDays, londonWallTime } from '../../domain/care/london-time.js';
import { normaliseReference } from '../../domain/referrals/reference.js';
import { formatLongDate, startOfLondonDay } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';
import type { AppointmentNotices } from './ports.js';
import {
  bookingSteps,
  invalid,
  MINUTE_MS,
  NOT_FOUND,
  Refusal,
  type BookingProblem,
  type InvalidBooking,
  type BookRequest,
} from './booking-steps.js';

export type { AppointmentRecord } from '../../data/care/appointments.repository.js';
export type { EpisodeForBooking } from '../../data/care/booking-lookups.repository.js';

export type { BookingProblem, BookRequest, Clash, InvalidBooking } from './booking-steps.js';

export function createBooking(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  notices: AppointmentNotices;
}) {
  const { db, clock, audit, notices } = deps;
  const { careOf, patternsOf, checkedChoice, placeOf, sessionStarts, newReference, leaveWaitingList, settle } =
    bookingSteps(deps);

  return {
    /** What the booking form offers: the service's types, clinicians and clinic rooms. */
    async options(serviceId: string) {
      return {
        types: careOf(serviceId).care.appointments.types,
        clinicians: await cliniciansOfService(db, serviceId),
        rooms: await clinicRoomsOfService(db, serviceId),
      };
    },

    /** The episode a booking is for, while it is not closed; undefined for another service's or none. */
    episode: (serviceId: string, episodeId: string) => findEpisodeForBooking(db, serviceId, episodeId),

    /** The free starts in the week from `weekStart` (a London date) for the choice, earliest first. */
    async freeSlots(
      serviceId: string,
      choice: BookingChoice,
      weekStart: string,
    ): Promise<Outcome<{ slots: FreeSlot[]; choice: CheckedChoice }, InvalidBooking>> {
      const checked = await checkedChoice(db, serviceId, choice);
      if (!checked.ok) return failed(checked.problem);
      const c = checked.choice;
      const resources = [...c.clinicianIds.map(userResource), ...(c.roomId === null ? [] : [roomResource(c.roomId)])];
      const lastDay = addDays(weekStart, 7 + (c.sessions - 1) * 7 * c.everyWeeks);
      const busy = await busyBetween(
        db,
        resources,
        startOfLondonDay(weekStart).getTime(),
        startOfLondonDay(lastDay).getTime(),
      );
      const slots = findFreeSlots({
        patterns: await patternsOf(serviceId, c.clinicianIds),
        busy,
        minutes: c.minutes,
        stepMinutes: careOf(serviceId).care.appointments.slotMinutes,
        from: weekStart,
        to: addDays(weekStart, 6),
        nowMs: clock().getTime(),
        sessions: c.sessions,
        everyWeeks: c.everyWeeks,
      });
      return ok({ slots, choice: c });
    },

    /**
     * Books the appointment, or every session of a block, in one transaction: the busy time of each clinician and
     * the room is claimed per session, and a clash anywhere (refused by the database) refuses the whole booking,
     * naming the session's date and time.
     */
    async book(
      ctx: RequestContext,
      serviceId: string,
      request: BookRequest,
    ): Promise<Outcome<{ appointmentIds: string[] }, BookingProblem>> {
      const { definition } = careOf(serviceId);
      const instant = clock();
      const now = instant.toISOString();
      return settle(() =>
        db.transaction().execute(async (trx) => {
          const checked = await checkedChoice(trx, serviceId, request.choice);
          if (!checked.ok) throw new Refusal(checked.problem);
          const choice = checked.choice;
          const episode = await findEpisodeForBooking(trx, serviceId, request.episodeId);
          if (episode === undefined) throw new Refusal(NOT_FOUND);
          if (episode.status === 'closed') {
            throw new Refusal(problem('illegal', 'This child’s care has ended: there is nothing to book.'));
          }
          const starts = sessionStarts(request, choice);
          if (!Array.isArray(starts)) throw new Refusal(starts);
          const [first] = starts;
          const [lead] = choice.clinicianIds;
          if (first === undefined || lead === undefined)
            throw new Refusal(invalid([{ field: 'slot', message: 'Select a time' }]));
          if (first.getTime() < instant.getTime()) {
            throw new Refusal(invalid([{ field: 'slot', message: 'The time has passed: choose a later one' }]));
          }
          const place = await placeOf(trx, serviceId, choice, episode);
          const resources = [...choice.clinicianIds.map(userResource)];
          if (place.roomId !== null) resources.push(roomResource(place.roomId));
          // Before this booking's rows: is it the episode's first appointment?
          const leftList = await leaveWaitingList(trx, serviceId, episode, lead, choice.appointmentType.initial, now);
          const seriesId = starts.length > 1 ? randomUUID() : null;
          const appointmentIds: string[] = [];
          for (const start of starts) {
            const id = randomUUID();
            const end = new Date(start.getTime() + choice.minutes * MINUTE_MS);
            await insertAppointment(
              trx,
              {
                id,
                serviceId,
                reference: await newReference(trx, definition.referencePrefix),
                type: choice.type,
                startsAt: start.toISOString(),
                endsAt: end.toISOString(),
                place: choice.place,
                ...place,
                capacity: choice.capacity ?? 1,
                seriesId,
                createdBy: ctx.actorUserId,
                staffIds: choice.clinicianIds,
                episodeIds: [episode.id],
              },
              now,
            );
            try {
              await claimBusy(
                trx,
                serviceId,
                resources.map((resource) => ({
                  resource,
                  startMs: start.getTime(),
                  endMs: end.getTime(),
                  appointmentId: id,
                })),
              );
            } catch (err) {
              if (!isDiaryClash(err)) throw err;
              const wall = londonWallTime(start);
              throw new Refusal(
                problem(
                  'conflict',
                  `The time ${wall.time} on ${formatLongDate(wall.date)} is no longer free: a clinician or the room is booked then. Choose another time.`,
                  { clash: { date: wall.date, time: wall.time } },
                ),
              );
            }
            appointmentIds.push(id);
          }
          await notices.booked(
            trx,
            ctx,
            serviceId,
            appointmentIds.map((appointmentId) => ({ appointmentId, episodeId: episode.id })),
          );
          await audit.record(trx, ctx, {
            action: 'appointment.booked',
            serviceId,
            subjectType: 'appointment',
            subjectId: appointmentIds[0] ?? '',
            detail: {
              episodeId: episode.id,
              type: choice.type,
              place: choice.place,
              sessions: appointmentIds.length,
              leftWaitingList: leftList,
            },
          });
          return { appointmentIds };
        }),
      );
    },

    /** Adds a child (found by their referral's reference) to a group session with a place left. */
    async addToGroup(
      ctx: RequestContext,
      serviceId: string,
      appointmentId: string,
      referralReference: string,
    ): Promise<Outcome<object, BookingProblem>> {
      const { definition } = careOf(serviceId);
      const now = clock().toISOString();
      const reference = normaliseReference(referralReference, definition.referencePrefix);
      const notKnown = invalid([
        {
          field: 'reference',
          message: 'Enter the reference of a child on the waiting list or a caseload, like OT-7K3M-9QX2',
        },
      ]);
      if (reference === null) return failed(notKnown);
      return settle(() =>
        db.transaction().execute(async (trx) => {
          const appointment = await findAppointment(trx, serviceId, appointmentId);
          if (appointment === undefined) throw new Refusal(NOT_FOUND);
          const episode = await findEpisodeByReferralReference(trx, serviceId, reference);
          if (episode === undefined || episode.status === 'closed') throw new Refusal(notKnown);
          const clinicianId = appointment.staff[0]?.userId;
          const initial = definition.care.appointments.types.find((t) => t.code === appointment.type)?.initial;
          // Asked before the child's row is written: is this their first appointment?
          const leftList =
            clinicianId !== undefined &&
            (await leaveWaitingList(trx, serviceId, episode, clinicianId, initial === true, now));
          const added = await addChildToGroup(trx, serviceId, appointmentId, episode.id, now);
          if (added === 'full') throw new Refusal(problem('illegal', 'The group is full: there are no places left.'));
          if (added === 'already-in') {
            throw new Refusal(invalid([{ field: 'reference', message: 'This child is already in the group' }]));
          }
          if (added === 'not-bookable') {
            throw new Refusal(problem('illegal', 'Children can only be added to a group session that is booked.'));
          }
          await notices.booked(trx, ctx, serviceId, [{ appointmentId, episodeId: episode.id }]);
          await audit.record(trx, ctx, {
            action: 'appointment.booked',
            serviceId,
            subjectType: 'appointment',
            subjectId: appointmentId,
            detail: { episodeId: episode.id, addedToGroup: true, leftWaitingList: leftList },
          });
          return {};
        }),
      );
    },

    /**
     * The service cancels (or, before booking again, moves) an appointment: it is cancelled with the reason, its busy
     * time freed, each child's outcome recorded as cancelled by the service, and each family told.
     */
    async cancelByService(
      ctx: RequestContext,
      serviceId: string,
      appointmentId: string,
      expectedVersion: number,
      reason: string,
    ): Promise<Outcome<object, BookingProblem>> {
      const now = clock().toISOString();
      return settle(() =>
        db.transaction().execute(async (trx) => {
          const appointment = await findAppointment(trx, serviceId, appointmentId);
          if (appointment === undefined) throw new Refusal(NOT_FOUND);
          if (appointment.status !== 'booked') {
            throw new Refusal(problem('illegal', 'This appointment is already cancelled.'));
          }
          const cancelled = await cancelAppointment(
            trx,
            {
              serviceId,
              appointmentId,
              expectedVersion,
              by: 'service',
              reason,
              outcome: CANCELLED_BY_SERVICE,
              actorUserId: ctx.actorUserId,
            },
            now,
          );
          if (!cancelled) {
            throw new Refusal(problem('stale-version', 'Someone else changed this appointment: look at it again.'));
          }
          for (const child of appointment.children) {
            await notices.cancelledByService(
              trx,
              ctx,
              serviceId,
              { appointmentId, episodeId: child.episodeId },
              reason,
            );
          }
          await audit.record(trx, ctx, {
            action: 'appointment.cancelled',
            serviceId,
            subjectType: 'appointment',
            subjectId: appointmentId,
            detail: { by: 'service', children: appointment.children.length },
          });
          return {};
        }),
      );
    },

    /** One appointment of the service for its page; undefined for another service's. */
    appointment: (serviceId: string, appointmentId: string): Promise<AppointmentRecord | undefined> =>
      findAppointment(db, serviceId, appointmentId),
  };
}

export type Booking = ReturnType<typeof createBooking>;
