/**
 * The outcome page of one child's appointment: shown with the appointment and any outcome already recorded; posted to
 * record (or, with a reason, change) it. Before the appointment has started the page says when it can be recorded
 * and a post is refused (409). Another service's appointment, or a child not in it, is not found.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { OutcomeEntry } from '../../../domain/care/outcomes.js';
import { isAppointmentOutcome } from '../../../domain/care/outcomes.js';
import type { OutcomePlace } from '../../../services/care/outcomes.service.js';
import { activeServiceId } from '../../active-service.js';
import { readForm } from '../../forms/read-form.js';
import { problemsFrom } from '../../forms/field-models.js';
import { formValues } from '../../forms/form.js';
import { FORM_INCOMPLETE } from '../../../domain/forms/fields.js';
import { statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { asFieldProblems, outcomeFields, parseRecorded, RECORDED_FIELD } from './outcome.forms.js';
import { outcomePageModel, type OutcomePageOptions } from './outcome.view-models.js';

export type OutcomeServices = Pick<Dependencies, 'registry' | 'outcomes'>;

type Params = { appointmentId: string; episodeId: string };

const TEMPLATE = 'appointment-outcomes/outcome.njk';

export function outcomeController({ registry, outcomes }: OutcomeServices) {
  const notFound = (reply: FastifyReply) => {
    reply.callNotFound();
    return reply;
  };

  async function render(reply: FastifyReply, place: OutcomePlace, status: number, options: OutcomePageOptions) {
    const definition = registry.byId(activeServiceId(reply));
    if (definition === undefined) return notFound(reply);
    return reply
      .code(status)
      .render(TEMPLATE, { ...outcomePageModel(place, definition, options), csrfToken: await reply.csrfToken() });
  }

  const show: Handler<{ Params: Params; Querystring: Record<string, unknown> }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const { appointmentId, episodeId } = request.params;
    const place = await outcomes.place(serviceId, appointmentId, episodeId);
    if (place === undefined) return notFound(reply);
    return render(reply, place, 200, { recorded: request.query.recorded === '1' });
  };

  const record: Handler<{ Params: Params }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const { appointmentId, episodeId } = request.params;
    const place = await outcomes.place(serviceId, appointmentId, episodeId);
    if (place === undefined) return notFound(reply);
    const definition = registry.byId(serviceId);
    if (definition === undefined) return notFound(reply);
    // The form as the page was drawn: with the reason to change an outcome when one was shown as recorded.
    const expectedAt = parseRecorded(formValues(request.body)[RECORDED_FIELD]);
    if (expectedAt === undefined) return render(reply, place, 400, { message: FORM_INCOMPLETE });
    const fields = outcomeFields(definition.care.appointments.lateCancellationHours, expectedAt !== null);
    const form = readForm(fields, request.body, { also: [RECORDED_FIELD], anchors: { late: 'late' } });
    const sent = form.values;
    if (!form.ok) return render(reply, place, 400, { sent, problems: problemsFrom(form.errors) });
    const data = form.data as Record<string, string | string[] | undefined>;
    const outcome = data.outcome;
    if (!isAppointmentOutcome(outcome)) return render(reply, place, 400, { sent, message: FORM_INCOMPLETE });
    const text = (name: string) => (typeof data[name] === 'string' ? data[name] : '');
    const entry: OutcomeEntry = {
      outcome,
      note: text('note'),
      late: Array.isArray(data.late) && data.late.includes('yes'),
      reason: text('reason'),
    };
    const recorded = await outcomes.record(request.ctx, serviceId, appointmentId, episodeId, entry, expectedAt);
    if (recorded.ok) {
      return reply.redirect(`${paths.appointments.outcome.build({ appointmentId, episodeId })}?recorded=1`, 303);
    }
    const found = recorded.problem;
    switch (found.code) {
      case 'not-found':
        return notFound(reply);
      case 'invalid-input':
        return render(reply, place, statusOf(found), { sent, problems: asFieldProblems(found.problems) });
      case 'illegal':
        return render(reply, place, statusOf(found), { sent, message: found.message });
      case 'conflict': {
        // Show the outcome as it is now, with the form to change it.
        const now = (await outcomes.place(serviceId, appointmentId, episodeId)) ?? place;
        return render(reply, now, statusOf(found), { message: found.message });
      }
    }
  };

  return { show, record };
}
