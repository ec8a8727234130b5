/**
 * Telling families about appointments (issue 13 item 5, docs/adr/0040).
 *
 * - `booked` and `cancelledByService` run inside the booking's (or cancelling's) own transaction (ports.ts): each
 *   writes one letter per child (a recurring block's sessions in one letter), e-mailed through the outbox to the
 *   referral's parent address when there is one, with the family's one-time link, otherwise left for the print queue
 *   with the telephone number to call. The letter is kept as its parts and HTML; its PDF is drawn from the parts when
 *   asked for, so a booking that rolls back leaves nothing behind.
 * - `remindDue` (the job remind-appointments) sends each reminder (e-mail, text message) once: a row in
 *   appointment_reminders is claimed in the transaction that queues the message, and its key refuses a second.
 * Messages carry the child's first name, when and where only (the domain module says what they may say).
 */
import { randomUUID } from 'node:crypto';
import {
  appointmentsForNotice,
  claimReminder,
  familyOfEpisode,
  reminderCandidates,
  setReminderMessage,
  type EpisodeFamily,
  type NoticeAppointment,
} from '../../data/care/appointment-notices.repository.js';
import {
  findAppointmentLetter,
  insertAppointmentLetter,
  listAppointmentLetters,
  listAppointmentLettersToPrint,
  markAppointmentLetterPrinted,
  type AppointmentLetterRecord,
} from '../../data/care/appointment-letters.repository.js';
import type { Executor } from '../../data/executor.js';
import {
  bookedLetter,
  cancelledLetter,
  linkExpiry,
  REMINDER_KINDS,
  reminderDue,
  reminderPersonalisation,
  type ReminderKind,
} from '../../domain/care/appointment-notice.js';
import type { Letter } from '../../domain/letters/compose.js';
import { deliveryOf } from '../../domain/letters/delivery.js';
import { letterHtml, letterText } from '../../domain/letters/render.js';
import { linkPlaceholder } from '../../domain/notifications/one-time-links.js';
import type { ServiceDefinition } from '../../domain/service/definition.js';
import { londonDate } from '../../domain/shared/dates.js';
import type { AuditService } from '../audit/audit.service.js';
import { letterPdf } from '../letters/letter-pdf.js';
import type { NewMessage } from '../outbox/outbox.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { firstNameOf, noticeFamily, noticeService, noticeSession } from './appointment-notice-facts.js';
import { FAMILY_LINK_SUBJECT, type FamilyLinks } from './family-links.service.js';
import type { AppointmentNotices } from './ports.js';

export type { AppointmentLetterRecord };

/** The furthest ahead a reminder may go, in days (care-settings allows up to 28), and a day to spare. */
const REMINDER_HORIZON_DAYS = 29;
export const APPOINTMENT_PRINT_LIST_SIZE = 100;

export interface AppointmentNoticesDeps {
  db: Executor;
  clock: Clock;
  registry: ServiceRegistry;
  outbox: { enqueue(executor: Executor, message: NewMessage): Promise<string> };
  familyLinks: Pick<FamilyLinks, 'open'>;
  audit: AuditService;
  /** The family's appointment page's address up to where the token goes (BASE_URL + the path with an empty token). */
  familyLinkBase: string;
}

export function createAppointmentNotices(deps: AppointmentNoticesDeps) {
  const { db, clock, registry, outbox, familyLinks } = deps;
  const definitionOf = (serviceId: string): ServiceDefinition => {
    const definition = registry.byId(serviceId);
    if (definition === undefined) throw new Error(`No definition for ${serviceId}`);
    return definition;
  };
  const linkField = () => linkPlaceholder(deps.familyLinkBase);

  async function familyOf(trx: Executor, serviceId: string, episodeId: string): Promise<EpisodeFamily> {
    const family = await familyOfEpisode(trx, serviceId, episodeId);
    if (family === undefined) throw new Error('The episode of the appointment is not in this service');
    return family;
  }

  /** Writes one letter: e-mailed when the family has an address and it fits, otherwise for the print queue. */
  async function deliver(
    trx: Executor,
    input: {
      serviceId: string;
      appointment: NoticeAppointment;
      episodeId: string;
      kind: 'booked' | 'cancelled';
      compose: (byEmail: boolean) => Letter;
      linkExpiresAt: string | null;
    },
  ): Promise<string> {
    let letter = input.compose(true);
    const delivery = deliveryOf(letter);
    if (delivery.channel === 'print') letter = input.compose(false);
    let outboxMessageId: string | null = null;
    if (delivery.channel === 'email') {
      const personalisation = { subject: letter.subject, body: letterText(letter) };
      if (input.kind === 'booked' && input.linkExpiresAt !== null) {
        const linkId = await familyLinks.open(trx, {
          serviceId: input.serviceId,
          purpose: 'appointment',
          episodeId: input.episodeId,
          appointmentId: input.appointment.id,
          expiresAt: input.linkExpiresAt,
        });
        outboxMessageId = await outbox.enqueue(trx, {
          serviceId: input.serviceId,
          template: 'appointment-booked',
          channel: 'email',
          recipient: delivery.to,
          personalisation: { ...personalisation, link: linkField() },
          subject: { type: FAMILY_LINK_SUBJECT, id: linkId },
        });
      } else {
        outboxMessageId = await outbox.enqueue(trx, {
          serviceId: input.serviceId,
          template: 'appointment-cancelled',
          channel: 'email',
          recipient: delivery.to,
          personalisation,
          subject: { type: 'appointment', id: input.appointment.id },
        });
      }
    }
    const id = randomUUID();
    await insertAppointmentLetter(trx, {
      id,
      serviceId: input.serviceId,
      appointmentId: input.appointment.id,
      episodeId: input.episodeId,
      kind: input.kind,
      channel: delivery.channel,
      letter,
      html: letterHtml(letter),
      outboxMessageId,
      createdAt: clock().toISOString(),
    });
    return id;
  }

  const notices: AppointmentNotices = {
    async booked(trx, _ctx: RequestContext, serviceId, bookings) {
      const definition = definitionOf(serviceId);
      const settings = definition.care.appointments;
      const byEpisode = new Map<string, string[]>();
      for (const b of bookings) byEpisode.set(b.episodeId, [...(byEpisode.get(b.episodeId) ?? []), b.appointmentId]);
      for (const [episodeId, appointmentIds] of byEpisode) {
        const appointments = (await appointmentsForNotice(trx, serviceId, appointmentIds)).filter(
          (a) => a.status === 'booked',
        );
        const first = appointments[0];
        if (first === undefined) continue;
        const family = await familyOf(trx, serviceId, episodeId);
        const contact = noticeFamily(family);
        await deliver(trx, {
          serviceId,
          appointment: first,
          episodeId,
          kind: 'booked',
          linkExpiresAt: linkExpiry(first.endsAt, settings.linkDaysAfter),
          compose: (byEmail) =>
            bookedLetter({
              firstName: firstNameOf(family),
              sessions: appointments.map((a) => noticeSession(definition, a, family)),
              family: contact,
              service: noticeService(definition),
              today: londonDate(clock()),
              byEmail,
              lateCancellationHours: settings.lateCancellationHours,
            }),
        });
      }
    },

    async cancelledByService(trx, _ctx: RequestContext, serviceId, booking, reason) {
      const definition = definitionOf(serviceId);
      const [appointment] = await appointmentsForNotice(trx, serviceId, [booking.appointmentId]);
      if (appointment === undefined) throw new Error('The appointment is not in this service');
      const family = await familyOf(trx, serviceId, booking.episodeId);
      await deliver(trx, {
        serviceId,
        appointment,
        episodeId: booking.episodeId,
        kind: 'cancelled',
        linkExpiresAt: null,
        compose: (byEmail) =>
          cancelledLetter({
            firstName: firstNameOf(family),
            session: noticeSession(definition, appointment, family),
            reason,
            family: noticeFamily(family),
            service: noticeService(definition),
            today: londonDate(clock()),
            byEmail,
          }),
      });
    },
  };

  /** One reminder in its own transaction; false when another server (or an earlier run) sent it first. */
  async function remindOne(
    candidate: { serviceId: string; appointmentId: string; episodeId: string },
    kind: ReminderKind,
  ): Promise<'sent' | 'no-recipient' | 'already'> {
    const definition = definitionOf(candidate.serviceId);
    return db.transaction().execute(async (trx) => {
      const [appointment] = await appointmentsForNotice(trx, candidate.serviceId, [candidate.appointmentId]);
      const family = await familyOfEpisode(trx, candidate.serviceId, candidate.episodeId);
      if (appointment?.status !== 'booked' || family === undefined) return 'already';
      const contact = noticeFamily(family);
      const recipient = kind === 'email' ? contact.email : contact.mobile;
      const key = { ...candidate, kind };
      const claimed = await claimReminder(
        trx,
        { ...key, result: recipient === null ? 'no-recipient' : 'sent' },
        clock().toISOString(),
      );
      if (!claimed) return 'already';
      if (recipient === null) return 'no-recipient';
      const linkId = await familyLinks.open(trx, {
        serviceId: candidate.serviceId,
        purpose: 'appointment',
        episodeId: candidate.episodeId,
        appointmentId: candidate.appointmentId,
        expiresAt: linkExpiry(appointment.endsAt, definition.care.appointments.linkDaysAfter),
      });
      const session = noticeSession(definition, appointment, family);
      const messageId = await outbox.enqueue(trx, {
        serviceId: candidate.serviceId,
        template: 'appointment-reminder',
        channel: kind,
        recipient,
        personalisation: {
          ...reminderPersonalisation(firstNameOf(family), session, noticeService(definition)),
          link: linkField(),
        },
        subject: { type: FAMILY_LINK_SUBJECT, id: linkId },
      });
      await setReminderMessage(trx, key, messageId);
      return 'sent';
    });
  }

  /** The job remind-appointments: every reminder due now, once each. */
  async function remindDue(): Promise<{ sent: number; noRecipient: number }> {
    const now = clock();
    const horizon = new Date(now.getTime() + REMINDER_HORIZON_DAYS * 86_400_000);
    const candidates = await reminderCandidates(db, now.toISOString(), horizon.toISOString());
    let sent = 0;
    let noRecipient = 0;
    for (const c of candidates) {
      const settings = registry.byId(c.serviceId)?.care.appointments.reminders;
      if (settings === undefined) continue;
      for (const kind of REMINDER_KINDS) {
        if (c.done.includes(kind)) continue;
        const days = kind === 'email' ? settings.emailDaysBefore : settings.smsDaysBefore;
        if (!reminderDue(c, now, days)) continue;
        const result = await remindOne(c, kind);
        if (result === 'sent') sent += 1;
        else if (result === 'no-recipient') noRecipient += 1;
      }
    }
    return { sent, noRecipient };
  }

  return {
    ...notices,
    remindDue,
    /** An appointment's letters, oldest first. */
    lettersFor: (serviceId: string, appointmentId: string) => listAppointmentLetters(db, serviceId, appointmentId),
    /** One letter of one appointment; undefined for a letter of another appointment or service. */
    async letter(
      serviceId: string,
      appointmentId: string,
      letterId: string,
    ): Promise<AppointmentLetterRecord | undefined> {
      const letter = await findAppointmentLetter(db, serviceId, letterId);
      return letter?.appointmentId === appointmentId ? letter : undefined;
    },
    /** A letter's PDF, drawn from what it says, named by its reference, never by anyone's name. */
    async pdf(letter: AppointmentLetterRecord): Promise<{ fileName: string; bytes: Buffer }> {
      return { fileName: `appointment-letter-${letter.reference}.pdf`, bytes: await letterPdf(letter.letter) };
    },
    /** Appointment letters waiting to be printed (the print queue lists the decision letters). */
    toPrint: (serviceId: string) => listAppointmentLettersToPrint(db, serviceId, APPOINTMENT_PRINT_LIST_SIZE),
    /** Marks a posted letter printed, audited in the same transaction; false when it was not waiting to be printed. */
    async markPrinted(ctx: RequestContext, serviceId: string, letterId: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const marked = await markAppointmentLetterPrinted(
          trx,
          serviceId,
          letterId,
          ctx.actorUserId,
          clock().toISOString(),
        );
        await deps.audit.record(trx, ctx, {
          action: 'appointment.letter-printed',
          subjectType: 'letter',
          subjectId: letterId,
          serviceId,
          outcome: marked ? 'success' : 'failure',
        });
        return marked;
      });
    },
  };
}

export type AppointmentNoticesService = ReturnType<typeof createAppointmentNotices>;
