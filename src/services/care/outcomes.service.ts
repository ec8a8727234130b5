/**
 * Recording what happened at an appointment for a child (issue 13 item 6), in one transaction with what follows from
 * it: a Was Not Brought raises a task for the appointment's clinician to consider the impact on the child, contact the
 * family and record what was done; a run of them, or a pattern of late cancellations by the family (the service's
 * settings), raises a flag for the safeguarding lead, once while one is open. Nothing here changes the episode: no
 * outcome closes a child's care or discharges them.
 *
 * An outcome is recorded once the appointment has started. A recorded outcome may be corrected with a reason; the
 * audit trail keeps the first (each recording is an event with the outcome it replaced).
 */
import {
  appointmentTimes,
  findChildPlace,
  openSafeguardingFlags,
  openTaskOf,
  outcomeHistory,
  writeOutcome,
  type ChildPlace,
} from '../../data/care/outcomes.repository.js';
import type { Executor } from '../../data/executor.js';
import { londonWallTime } from '../../domain/care/london-time.js';
import {
  entryProblems,
  flagReasonText,
  FOLLOW_UP_WORKING_DAYS,
  isAppointmentOutcome,
  OUTCOME_LABELS,
  safeguardingFlag,
  WAS_NOT_BROUGHT_ASK,
  type EntryProblem,
  type OutcomeEntry,
  type PastOutcome,
} from '../../domain/care/outcomes.js';
import { addWorkingDays } from '../../domain/referrals/working-days.js';
import { failed, ok, problem, type Outcome, type Problem, type ProblemWith } from '../../domain/shared/outcome.js';
import { formatLongDate, londonDate } from '../../domain/shared/dates.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';
import type { TaskRaiser } from './tasks.service.js';

export interface OutcomePlace extends ChildPlace {
  /** The appointment has started, so an outcome may be recorded. */
  started: boolean;
  /** The open Was Not Brought task for this appointment and child, if any. */
  followUpTaskId: string | null;
  /** The child's open safeguarding flag, if any. */
  flagTaskId: string | null;
}

export type RecordProblem =
  | Problem<'not-found'>
  | Problem<'illegal'>
  | Problem<'conflict'>
  | ProblemWith<'invalid-input', { problems: EntryProblem[] }>;

export type Recorded = Outcome<{ followUpTaskId: string | null; flagTaskId: string | null }, RecordProblem>;

export interface SafeguardingFlagView {
  taskId: string;
  episodeId: string;
  childName: string;
  raisedAt: string;
  dueOn: string | null;
  reason: string;
  appointments: { appointmentId: string; reference: string; startsAt: string | null }[];
}

/** When an appointment starts, as people read it in London. */
export function startsInWords(startsAt: string): string {
  const wall = londonWallTime(new Date(startsAt));
  return `${wall.time} on ${formatLongDate(wall.date)}`;
}

export function createOutcomes(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  taskRaiser: TaskRaiser;
}) {
  const { db, clock, audit, registry, taskRaiser } = deps;

  async function place(serviceId: string, appointmentId: string, episodeId: string): Promise<OutcomePlace | undefined> {
    const found = await findChildPlace(db, serviceId, appointmentId, episodeId);
    if (found === undefined) return undefined;
    return {
      ...found,
      started: Date.parse(found.startsAt) <= clock().getTime(),
      followUpTaskId: (await openTaskOf(db, serviceId, episodeId, 'was-not-brought', appointmentId)) ?? null,
      flagTaskId: (await openTaskOf(db, serviceId, episodeId, 'safeguarding-flag')) ?? null,
    };
  }

  /** The clinician who follows a Was Not Brought up: the child's lead if they were there, else the first named. */
  function followUpClinician(found: ChildPlace): string | null {
    const ids = found.staff.map((s) => s.userId);
    if (found.leadClinicianId !== null && ids.includes(found.leadClinicianId)) return found.leadClinicianId;
    return ids[0] ?? null;
  }

  async function raiseFlagIfDue(
    trx: Executor,
    ctx: RequestContext,
    serviceId: string,
    episodeId: string,
    now: Date,
  ): Promise<string | null> {
    const definition = registry.byId(serviceId);
    if (definition === undefined) return null;
    const history: PastOutcome[] = (await outcomeHistory(trx, serviceId, episodeId)).flatMap((h) =>
      isAppointmentOutcome(h.outcome) ? [{ ...h, outcome: h.outcome }] : [],
    );
    const flag = safeguardingFlag(history, definition.care.appointments, now);
    if (flag === null) return null;
    if ((await openTaskOf(trx, serviceId, episodeId, 'safeguarding-flag')) !== undefined) return null;
    return taskRaiser.raise(trx, ctx, {
      serviceId,
      kind: 'safeguarding-flag',
      episodeId,
      dueOn: addWorkingDays(londonDate(now), FOLLOW_UP_WORKING_DAYS),
      detail: { reason: flag.kind, text: flagReasonText(flag), appointments: flag.appointments },
    });
  }

  async function record(
    ctx: RequestContext,
    serviceId: string,
    appointmentId: string,
    episodeId: string,
    entry: OutcomeEntry,
    /** When the outcome shown on the page was recorded; null when none was. */
    expectedAt: string | null,
  ): Promise<Recorded> {
    return db.transaction().execute(async (trx): Promise<Recorded> => {
      const found = await findChildPlace(trx, serviceId, appointmentId, episodeId);
      if (found === undefined) return failed(problem('not-found', 'There is no such appointment for this child.'));
      const now = clock();
      if (Date.parse(found.startsAt) > now.getTime()) {
        return failed(
          problem(
            'illegal',
            `This appointment has not started yet. You can record what happened from ${startsInWords(found.startsAt)}.`,
          ),
        );
      }
      if (found.outcomeAt !== expectedAt) {
        return failed(
          problem('conflict', 'Someone else recorded an outcome for this appointment after you opened the page.'),
        );
      }
      const correcting = found.outcome !== null;
      const problems = entryProblems(entry, correcting);
      if (problems.length > 0) {
        return failed(problem('invalid-input', problems.map((p) => p.message).join('. '), { problems }));
      }
      const note = entry.note.trim();
      const previous = isAppointmentOutcome(found.outcome) ? OUTCOME_LABELS[found.outcome] : null;
      const stored =
        correcting && previous !== null
          ? `Changed from "${previous}": ${entry.reason.trim()}${note === '' ? '' : `\n\n${note}`}`
          : note;
      const written = await writeOutcome(trx, serviceId, appointmentId, episodeId, expectedAt, {
        outcome: entry.outcome,
        note: stored === '' ? null : stored,
        // A family that asked through their link with too little notice was marked late then: the form cannot undo it.
        lateCancellation: entry.outcome === 'cancelled-by-family' && (entry.late || found.lateCancellation),
        at: now.toISOString(),
        by: ctx.actorUserId,
      });
      if (!written) {
        return failed(
          problem('conflict', 'Someone else recorded an outcome for this appointment after you opened the page.'),
        );
      }
      await audit.record(trx, ctx, {
        action: 'appointment.outcome-recorded',
        serviceId,
        subjectType: 'appointment',
        subjectId: appointmentId,
        detail: {
          episodeId,
          outcome: entry.outcome,
          ...(entry.outcome === 'cancelled-by-family' && { late: entry.late }),
          ...(found.outcome !== null && { replaced: found.outcome }),
        },
      });

      let followUpTaskId: string | null = null;
      if (entry.outcome === 'was-not-brought') {
        followUpTaskId = (await openTaskOf(trx, serviceId, episodeId, 'was-not-brought', appointmentId)) ?? null;
        followUpTaskId ??= await taskRaiser.raise(trx, ctx, {
          serviceId,
          kind: 'was-not-brought',
          episodeId,
          appointmentId,
          assignedUserId: followUpClinician(found),
          dueOn: addWorkingDays(londonDate(now), FOLLOW_UP_WORKING_DAYS),
          detail: {
            appointmentId,
            reference: found.reference,
            startsAt: found.startsAt,
            type: found.type,
            ask: WAS_NOT_BROUGHT_ASK,
          },
        });
      }
      const mayFlag = entry.outcome === 'was-not-brought' || (entry.outcome === 'cancelled-by-family' && entry.late);
      const flagTaskId = mayFlag ? await raiseFlagIfDue(trx, ctx, serviceId, episodeId, now) : null;
      return ok({ followUpTaskId, flagTaskId });
    });
  }

  /** The service's open safeguarding flags, each with its child, reason and the appointments behind it. */
  async function openFlags(serviceId: string): Promise<SafeguardingFlagView[]> {
    const flags = await openSafeguardingFlags(db, serviceId);
    const listed = (detail: Record<string, unknown>) =>
      Array.isArray(detail.appointments)
        ? detail.appointments.flatMap((a: unknown) => {
            const o = a as { appointmentId?: unknown; reference?: unknown };
            return typeof o.appointmentId === 'string' && typeof o.reference === 'string'
              ? [{ appointmentId: o.appointmentId, reference: o.reference }]
              : [];
          })
        : [];
    const times = await appointmentTimes(
      db,
      serviceId,
      flags.flatMap((f) => listed(f.detail).map((a) => a.appointmentId)),
    );
    return flags.map((f) => ({
      taskId: f.taskId,
      episodeId: f.episodeId,
      childName: f.childName,
      raisedAt: f.createdAt,
      dueOn: f.dueOn,
      reason: typeof f.detail.text === 'string' ? f.detail.text : 'Missed or late-cancelled appointments',
      appointments: listed(f.detail).map((a) => ({ ...a, startsAt: times.get(a.appointmentId)?.startsAt ?? null })),
    }));
  }

  return { place, record, openFlags };
}

export type Outcomes = ReturnType<typeof createOutcomes>;
