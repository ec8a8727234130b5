/**
 * A family's answer through their appointment link (docs/adr/0040), without an account: what the page shows (the
 * child's first name, the date and time, the place's name) and the answer, recorded once. Confirming sets the reply;
 * asking to cancel or to rebook also raises a task for the team, and a cancellation with less notice than the service
 * asks for is marked late (the safeguarding flags count them). A forged, used or expired link, or one whose
 * appointment is no longer booked, opens nothing and says nothing about why.
 */
import {
  appointmentsForNotice,
  familyOfEpisode,
  setFamilyReply,
} from '../../data/care/appointment-notices.repository.js';
import type { Executor } from '../../data/executor.js';
import { isLateCancellation, londonDayText, londonTimeText, placeShort } from '../../domain/care/appointment-notice.js';
import type { TaskKind } from '../../domain/care/tasks.js';
import { failed, ok, problem, type Outcome } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { firstNameOf, noticeSession } from './appointment-notice-facts.js';
import type { FamilyLinks, FamilyLinkRecord } from './family-links.service.js';
import type { TaskRaiser } from './tasks.service.js';

export const FAMILY_ANSWERS = ['confirm', 'cancel', 'rebook'] as const;
export type FamilyAnswer = (typeof FAMILY_ANSWERS)[number];

export const LINK_UNUSABLE = 'This link cannot be used.';

export interface FamilyAppointmentView {
  firstName: string;
  day: string;
  time: string;
  place: string;
  serviceName: string;
  telephone: string;
}

export interface FamilyAnswerInput {
  answer: FamilyAnswer;
  /** Why they cannot come (cancel, rebook). */
  reason: string | null;
  /** Days and times that suit (rebook). */
  times: string | null;
}

const TASKS: Partial<Record<FamilyAnswer, TaskKind>> = {
  cancel: 'appointment-cancel-requested',
  rebook: 'appointment-rebook-requested',
};

export function createAppointmentReplies(deps: {
  db: Executor;
  clock: Clock;
  registry: ServiceRegistry;
  audit: AuditService;
  familyLinks: Pick<FamilyLinks, 'describe' | 'answer'>;
  taskRaiser: TaskRaiser;
}) {
  const { db, clock, registry, audit, familyLinks, taskRaiser } = deps;
  const unusable = () => failed(problem('invalid-token', LINK_UNUSABLE));

  /** The link's appointment, while the link is usable and the appointment still booked. */
  async function open(executor: Executor, link: FamilyLinkRecord | undefined) {
    if (link?.purpose !== 'appointment' || link.appointmentId === null) return undefined;
    const definition = registry.byId(link.serviceId);
    if (definition === undefined) return undefined;
    const [appointment] = await appointmentsForNotice(executor, link.serviceId, [link.appointmentId]);
    const family = await familyOfEpisode(executor, link.serviceId, link.episodeId);
    if (appointment?.status !== 'booked' || family === undefined) return undefined;
    return { link, definition, appointment, family };
  }

  return {
    async describe(token: string): Promise<Outcome<{ view: FamilyAppointmentView }>> {
      const found = await open(db, await familyLinks.describe(token));
      if (found === undefined) return unusable();
      const { definition, appointment, family } = found;
      const session = noticeSession(definition, appointment, family);
      return ok({
        view: {
          firstName: firstNameOf(family),
          day: londonDayText(appointment.startsAt),
          time: londonTimeText(appointment.startsAt),
          place: placeShort(session),
          serviceName: definition.serviceName,
          telephone: definition.contact.telephone,
        },
      });
    },

    /** Records the answer once; the second of two, and any answer through an unusable link, changes nothing. */
    async answer(
      ctx: RequestContext,
      token: string,
      input: FamilyAnswerInput,
    ): Promise<Outcome<{ answer: FamilyAnswer; late: boolean; telephone: string; firstName: string }>> {
      const found = await open(db, await familyLinks.describe(token));
      if (found === undefined) return unusable();
      const { link, definition, appointment, family } = found;
      const serviceId = link.serviceId;
      const text = [input.reason, input.times].filter((t): t is string => t !== null && t !== '').join('\n\n');
      return db.transaction().execute(async (trx) => {
        if (!(await familyLinks.answer(trx, token, input.answer, text === '' ? null : text))) return unusable();
        const now = clock();
        const late =
          input.answer === 'cancel' &&
          isLateCancellation(appointment.startsAt, now, definition.care.appointments.lateCancellationHours);
        const replied = await setFamilyReply(
          trx,
          { serviceId, appointmentId: appointment.id, episodeId: link.episodeId, reply: input.answer, late },
          now.toISOString(),
        );
        if (!replied) throw new Error('The child of the link is not in its appointment');
        const kind = TASKS[input.answer];
        if (kind !== undefined) {
          await taskRaiser.raise(trx, ctx, {
            serviceId,
            kind,
            episodeId: link.episodeId,
            appointmentId: appointment.id,
            detail: {
              ...(input.reason !== null && { reason: input.reason }),
              ...(input.times !== null && { times: input.times }),
              ...(late && { lateCancellation: true }),
            },
          });
        }
        await audit.record(trx, ctx, {
          action: 'appointment.family-replied',
          serviceId,
          subjectType: 'appointment',
          subjectId: appointment.id,
          detail: { answer: input.answer, episodeId: link.episodeId, ...(late && { lateCancellation: true }) },
        });
        return ok({
          answer: input.answer,
          late,
          telephone: definition.contact.telephone,
          firstName: firstNameOf(family),
        });
      });
    },
  };
}

export type AppointmentReplies = ReturnType<typeof createAppointmentReplies>;
