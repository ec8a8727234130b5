/**
 * The steps a booking takes (docs/adr/0037), shared by booking.service.ts's use cases: the choice checked against the
 * definition and the service's own clinicians and rooms, the working patterns, the place, the session starts in
 * London wall-clock time, a fresh reference, and the child leaving the waiting list. A step that refuses throws a
 * `Refusal`, which rolls the booking's transaction back and becomes its problem (`settle`).
 */
import { randomInt } from 'node:crypto';
import { episodeHasAppointments, referenceTaken } from '../../data/care/appointments.repository.js';
import {
  cliniciansOfService,
  findRoomOfService,
  schoolIsKnown,
  workingPatternsOf,
  type EpisodeForBooking,
} from '../../data/care/booking-lookups.repository.js';
import { updateEpisodeAtVersion } from '../../data/care/episodes.repository.js';
import type { Executor } from '../../data/executor.js';
import {
  appointmentReference,
  checkChoice,
  type BookingChoice,
  type CheckedChoice,
} from '../../domain/care/appointments.js';
import { addDays, londonInstant } from '../../domain/care/london-time.js';
import type { FieldProblem } from '../../domain/forms/fields.js';
import { workingPatternSchema, type WorkingPattern } from '../../domain/service/care-settings.js';
import { formatLongDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem, type ProblemWith } from '../../domain/shared/outcome.js';
import type { ServiceRegistry } from '../service-registry.js';

export type InvalidBooking = ProblemWith<'invalid-input', { problems: FieldProblem[] }>;
/** The slot was taken (a clinician's or the room's time): which session, in London time. */
export type Clash = ProblemWith<'conflict', { clash: { date: string; time: string } }>;

export type BookingProblem = Problem<'not-found' | 'illegal' | 'stale-version'> | InvalidBooking | Clash;

export interface BookRequest {
  episodeId: string;
  choice: BookingChoice;
  /** The first session's London date and time; `occurrence` picks the second of a time that happens twice. */
  date: string;
  time: string;
  occurrence?: 'first' | 'second';
}

export const MINUTE_MS = 60_000;
export const NOT_FOUND = problem('not-found', 'There is no such child or appointment in this service.');
export const invalid = (problems: FieldProblem[]): InvalidBooking =>
  problem('invalid-input', problems.map((p) => p.message).join('. '), { problems });

/** Thrown inside a transaction to roll it back with a problem. */
export class Refusal extends Error {
  constructor(readonly found: BookingProblem) {
    super(found.message);
  }
}

export function bookingSteps(deps: { db: Executor; registry: ServiceRegistry }) {
  const { db, registry } = deps;
  const careOf = (serviceId: string) => {
    const definition = registry.byId(serviceId);
    if (definition === undefined) throw new Error(`No definition for ${serviceId}`);
    return { definition, care: definition.care };
  };

  /** The clinicians' working patterns: their own, or the service's default for one who has none (or a bad one). */
  async function patternsOf(serviceId: string, userIds: readonly string[]): Promise<WorkingPattern[]> {
    const stored = await workingPatternsOf(db, serviceId, userIds);
    const fallback = careOf(serviceId).care.appointments.defaultWorkingPattern;
    return userIds.map((id) => {
      const json = stored.get(id);
      if (json === undefined) return fallback;
      try {
        const parsed = workingPatternSchema.safeParse(JSON.parse(json));
        return parsed.success ? parsed.data : fallback;
      } catch {
        return fallback;
      }
    });
  }

  /** The choice checked against the definition, and its clinicians and room against the service's own. */
  async function checkedChoice(
    trx: Executor,
    serviceId: string,
    choice: BookingChoice,
  ): Promise<{ ok: true; choice: CheckedChoice } | { ok: false; problem: InvalidBooking }> {
    const checked = checkChoice(careOf(serviceId).care.appointments.types, choice);
    if (!checked.ok) return { ok: false, problem: invalid(checked.problems) };
    const clinicians = new Set((await cliniciansOfService(trx, serviceId)).map((c) => c.id));
    const problems: FieldProblem[] = [];
    checked.choice.clinicianIds.forEach((id, i) => {
      if (!clinicians.has(id)) {
        problems.push({ field: i === 0 ? 'clinician' : 'clinician2', message: 'Select a clinician from the list' });
      }
    });
    if (checked.choice.roomId !== null) {
      const room = await findRoomOfService(trx, serviceId, checked.choice.roomId);
      if (!room?.isClinic) problems.push({ field: 'room', message: 'Select a room from the list' });
    }
    return problems.length > 0 ? { ok: false, problem: invalid(problems) } : checked;
  }

  /** Where a visit happens: the clinic of the room, the child's home, or the child's school (which must be known). */
  async function placeOf(
    trx: Executor,
    serviceId: string,
    choice: CheckedChoice,
    episode: EpisodeForBooking,
  ): Promise<{ locationId: string | null; roomId: string | null; schoolUrn: string | null }> {
    if (choice.place === 'clinic') {
      const room = choice.roomId === null ? undefined : await findRoomOfService(trx, serviceId, choice.roomId);
      if (room === undefined) throw new Refusal(invalid([{ field: 'room', message: 'Select a room from the list' }]));
      return { locationId: room.locationId, roomId: room.id, schoolUrn: null };
    }
    if (choice.place === 'school') {
      if (episode.schoolUrn === null || !(await schoolIsKnown(trx, episode.schoolUrn))) {
        throw new Refusal(
          invalid([{ field: 'place', message: 'We do not know the child’s school: choose clinic or home instead' }]),
        );
      }
      return { locationId: null, roomId: null, schoolUrn: episode.schoolUrn };
    }
    return { locationId: null, roomId: null, schoolUrn: null };
  }

  /** The session starts of a block: each at the same London wall-clock time; a time the clocks skip is refused. */
  function sessionStarts(request: BookRequest, choice: CheckedChoice): Date[] | InvalidBooking {
    const starts: Date[] = [];
    for (let i = 0; i < choice.sessions; i += 1) {
      const date = addDays(request.date, i * 7 * choice.everyWeeks);
      const at = londonInstant(date, request.time, i === 0 ? (request.occurrence ?? 'first') : 'first');
      if (!at.ok) {
        const message =
          at.reason === 'skipped-by-clock-change'
            ? `${request.time} on ${formatLongDate(date)} does not exist in London: the clocks go forward an hour at 01:00`
            : 'Select a time';
        return invalid([{ field: 'slot', message }]);
      }
      starts.push(at.instant);
    }
    return starts;
  }

  async function newReference(trx: Executor, prefix: string): Promise<string> {
    for (;;) {
      const reference = appointmentReference(prefix, randomInt(1_000_000));
      if (!(await referenceTaken(trx, reference))) return reference;
    }
  }

  /**
   * The child leaves the waiting list when their first appointment (or an initial assessment) is booked: the episode
   * opens on the first clinician's caseload, at the version read, in the booking's transaction.
   */
  async function leaveWaitingList(
    trx: Executor,
    serviceId: string,
    episode: EpisodeForBooking,
    clinicianId: string,
    initial: boolean,
    now: string,
  ): Promise<boolean> {
    if (episode.status !== 'waiting') return false;
    if (!initial && (await episodeHasAppointments(trx, serviceId, episode.id))) return false;
    const moved = await updateEpisodeAtVersion(
      trx,
      serviceId,
      episode.id,
      episode.version,
      { status: 'open', leadClinicianId: clinicianId, leftListAt: now },
      now,
    );
    if (!moved) throw new Refusal(problem('stale-version', 'Someone else changed this child’s record: try again.'));
    return true;
  }

  async function settle<T extends object>(work: () => Promise<T>): Promise<Outcome<T, BookingProblem>> {
    try {
      return ok(await work());
    } catch (err) {
      if (err instanceof Refusal) return failed(err.found);
      throw err;
    }
  }
  return { careOf, patternsOf, checkedChoice, placeOf, sessionStarts, newReference, leaveWaitingList, settle };
}
