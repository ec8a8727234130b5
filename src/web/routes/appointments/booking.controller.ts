/**
 * The booking pages' handlers (docs/adr/0037): choose the type, place, clinicians and room; see the week's free slots;
 * book one. An episode of another service, or none, is not found. Bad input is a form error (400) or, for what only a
 * hand-made request sends, the 400 page; a slot taken meanwhile shows the slots again with an error summary (409).
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { parseSlot } from '../../../domain/care/appointments.js';
import type { FieldProblem } from '../../../domain/forms/fields.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import { problem } from '../../../domain/shared/outcome.js';
import type { EpisodeForBooking } from '../../../services/care/booking.service.js';
import { activeServiceId } from '../../active-service.js';
import { pageErrors } from '../../forms/field-models.js';
import { formValues } from '../../forms/form.js';
import { sendProblem, statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import {
  CHOICE_FIELDS,
  choiceParams,
  isId,
  mondayOf,
  parseChoice,
  parseWeek,
  refuseUnexpected,
  WEEK_MESSAGE,
} from './booking.forms.js';
import { choiceFormModel, slotDays, weekLinks } from './booking.view-models.js';

export type BookingServices = Pick<Dependencies, 'registry' | 'clock' | 'booking'>;

type Params = { episodeId: string };
type Query = Record<string, unknown>;

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

export function bookingController({ registry, clock, booking }: BookingServices) {
  const typesOf = (serviceId: string) => registry.byId(serviceId)?.care.appointments.types ?? [];

  /** The episode, while it can be booked for; undefined otherwise (another service's, or none). */
  async function bookable(serviceId: string, episodeId: string): Promise<EpisodeForBooking | undefined> {
    if (!isId(episodeId)) return undefined;
    const episode = await booking.episode(serviceId, episodeId);
    return episode === undefined || episode.status === 'closed' ? undefined : episode;
  }

  async function renderChoice(
    reply: FastifyReply,
    serviceId: string,
    episode: EpisodeForBooking,
    values: Record<string, unknown>,
    problems: FieldProblem[] = [],
  ) {
    const model = choiceFormModel(await booking.options(serviceId), values, problems);
    return reply.code(problems.length > 0 ? 400 : 200).render('appointments/book.njk', {
      ...model,
      errors: model.errors,
      episode: { reference: episode.referralReference },
      action: paths.appointments.slots.build({ episodeId: episode.id }),
      backHref: paths.waitingList.entry.build({ episodeId: episode.id }),
    });
  }

  /** The week's free slots for the choice; the choice form again when it is not acceptable. */
  async function renderSlots(
    reply: FastifyReply,
    serviceId: string,
    episode: EpisodeForBooking,
    values: Record<string, unknown>,
    week: string,
    options: { status?: number; problems?: FieldProblem[]; chosen?: string } = {},
  ) {
    const choice = parseChoice(typesOf(serviceId), values);
    if (!choice.ok) return renderChoice(reply, serviceId, episode, values, choice.problems);
    const found = await booking.freeSlots(serviceId, choice.choice, week);
    if (!found.ok) return renderChoice(reply, serviceId, episode, values, found.problem.problems);
    const problems = options.problems ?? [];
    const thisWeek = parseWeek(undefined, clock()) ?? week;
    return reply.code(options.status ?? 200).render('appointments/slots.njk', {
      errors: problems.length > 0 ? pageErrors(problems) : undefined,
      slotError: problems.find((p) => p.field === 'slot')?.message,
      episode: { reference: episode.referralReference },
      type: found.choice.appointmentType.label,
      minutes: found.choice.minutes,
      sessions: found.choice.sessions,
      everyWeeks: found.choice.everyWeeks,
      days: slotDays(found.slots, options.chosen),
      week: weekLinks(episode.id, choice.choice, week, thisWeek),
      hidden: choiceParams(choice.choice).map(([name, value]) => ({ name, value })),
      action: paths.appointments.confirm.build({ episodeId: episode.id }),
      changeHref: `${paths.appointments.book.build({ episodeId: episode.id })}?${new URLSearchParams(choiceParams(choice.choice)).toString()}`,
      csrfToken: await reply.csrfToken(),
    });
  }

  /** Step 1: the type, place, clinicians, room, sessions; prefilled from a cancelled appointment to book again. */
  const book: Handler<{ Params: Params; Querystring: Query }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const episode = await bookable(serviceId, request.params.episodeId);
    if (episode === undefined) return notFound(reply);
    const query = formValues(request.query);
    refuseUnexpected(query, [...CHOICE_FIELDS, 'from']);
    let values: Record<string, unknown> = query;
    if (query.from !== undefined) {
      const from = isId(query.from) ? await booking.appointment(serviceId, query.from) : undefined;
      if (from === undefined) return notFound(reply);
      values = {
        type: from.type,
        place: from.place,
        clinician: from.staff[0]?.userId ?? '',
        clinician2: from.staff[1]?.userId ?? '',
        room: from.roomId ?? '',
        capacity: from.capacity > 1 ? String(from.capacity) : '',
      };
    }
    return renderChoice(reply, serviceId, episode, values);
  };

  /** Step 2: the week's free slots (`?week=`), grouped by day. */
  const slots: Handler<{ Params: Params; Querystring: Query }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const episode = await bookable(serviceId, request.params.episodeId);
    if (episode === undefined) return notFound(reply);
    const query = formValues(request.query);
    refuseUnexpected(query, [...CHOICE_FIELDS, 'week']);
    const week = parseWeek(query.week, clock());
    if (week === null) return sendProblem(reply, problem('invalid-input', WEEK_MESSAGE));
    return renderSlots(reply, serviceId, episode, query, week);
  };

  /** Step 3: book the chosen slot, then the appointment's page; the slots again if it was taken meanwhile. */
  const confirm: Handler<{ Params: Params }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const episode = await bookable(serviceId, request.params.episodeId);
    if (episode === undefined) return notFound(reply);
    const body = formValues(request.body);
    refuseUnexpected(body, [...CHOICE_FIELDS, 'slot']);
    const choice = parseChoice(typesOf(serviceId), body);
    if (!choice.ok) return renderChoice(reply, serviceId, episode, body, choice.problems);
    const slotText = typeof body.slot === 'string' ? body.slot : '';
    const slot = parseSlot(slotText, formatLongDate);
    const weekOf = (date: string) => parseWeek(date, clock()) ?? mondayOf(date);
    const thisWeek = parseWeek(undefined, clock()) ?? '';
    if (!slot.ok) {
      const date = /^\d{4}-\d{2}-\d{2}/u.exec(slotText)?.[0];
      return renderSlots(reply, serviceId, episode, body, date === undefined ? thisWeek : weekOf(date), {
        status: 400,
        problems: [{ field: 'slot', message: slot.message }],
      });
    }
    const booked = await booking.book(request.ctx, serviceId, {
      episodeId: episode.id,
      choice: choice.choice,
      date: slot.date,
      time: slot.time,
      occurrence: slot.occurrence,
    });
    if (booked.ok) {
      const [first] = booked.appointmentIds;
      return reply.redirect(paths.appointments.appointment.build({ appointmentId: first ?? '' }), 303);
    }
    const found = booked.problem;
    switch (found.code) {
      case 'not-found':
        return notFound(reply);
      case 'invalid-input':
        return found.problems.some((p) => p.field === 'slot')
          ? renderSlots(reply, serviceId, episode, body, weekOf(slot.date), { status: 400, problems: found.problems })
          : renderChoice(reply, serviceId, episode, body, found.problems);
      case 'conflict':
        return renderSlots(reply, serviceId, episode, body, weekOf(slot.date), {
          status: statusOf(found),
          problems: [{ field: 'slot', message: found.message }],
        });
      default:
        return sendProblem(reply, found);
    }
  };

  return { book, slots, confirm };
}
