/**
 * An appointment's page and its actions: cancel by the service with a reason (then "book again"), and add a child to
 * a group session with places left. Another service's appointment, or none, is not found.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { can } from '../../../domain/access/roles.js';
import type { FieldProblem } from '../../../domain/forms/fields.js';
import { FORM_INCOMPLETE, parseFields, versionField } from '../../../domain/forms/fields.js';
import type { RequestContext } from '../../../services/shared/context.js';
import { activeServiceId } from '../../active-service.js';
import { pageErrors } from '../../forms/field-models.js';
import { formValues } from '../../forms/form.js';
import { sendProblem, statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { isId, refuseUnexpected } from './booking.forms.js';
import { appointmentModel } from './booking.view-models.js';

export type AppointmentServices = Pick<Dependencies, 'registry' | 'booking'>;

type Params = { appointmentId: string };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

const reasonField = {
  kind: 'textarea',
  name: 'reason',
  label: 'Why is it cancelled?',
  missing: 'Say why the appointment is cancelled',
  max: 1000,
} as const;
const referenceField = {
  kind: 'text',
  name: 'reference',
  label: 'Reference',
  missing: 'Enter the reference of the child to add',
  max: 20,
} as const;

export function appointmentController({ registry, booking }: AppointmentServices) {
  async function render(
    reply: FastifyReply,
    ctx: RequestContext,
    serviceId: string,
    appointmentId: string,
    options: { status?: number; problems?: FieldProblem[]; sent?: Record<string, unknown>; notice?: string } = {},
  ) {
    const appointment = await booking.appointment(serviceId, appointmentId);
    if (appointment === undefined) return notFound(reply);
    const problems = options.problems ?? [];
    const errors = problems.length > 0 ? pageErrors(problems) : undefined;
    const sent = options.sent ?? {};
    return reply.code(options.status ?? 200).render('appointments/appointment.njk', {
      ...appointmentModel(appointment, registry.byId(serviceId)?.care.appointments.types ?? []),
      errors,
      fieldErrors: errors?.fields ?? {},
      sent: {
        reason: typeof sent.reason === 'string' ? sent.reason : '',
        reference: typeof sent.reference === 'string' ? sent.reference : '',
      },
      notice: options.notice,
      mayCancel: can(ctx.actorRoles, 'appointments:cancel'),
      mayBook: can(ctx.actorRoles, 'appointments:book'),
      mayRecordOutcome: can(ctx.actorRoles, 'appointments:outcome'),
      csrfToken: await reply.csrfToken(),
    });
  }

  const NOTICES: Record<string, string> = {
    cancelled: 'The appointment is cancelled and the family will be told.',
    added: 'The child is added to the group and the family will be told.',
  };

  const show: Handler<{ Params: Params; Querystring: Record<string, unknown> }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    if (!isId(request.params.appointmentId)) return notFound(reply);
    const query = formValues(request.query);
    refuseUnexpected(query, ['done']);
    const done = typeof query.done === 'string' ? NOTICES[query.done] : undefined;
    return render(reply, request.ctx, serviceId, request.params.appointmentId, { notice: done });
  };

  const cancel: Handler<{ Params: Params }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const { appointmentId } = request.params;
    if (!isId(appointmentId)) return notFound(reply);
    const body = formValues(request.body);
    refuseUnexpected(body, ['reason', 'version']);
    const parsed = parseFields([reasonField, versionField], body);
    if (!parsed.ok) {
      const problems = parsed.problems.map((p) => (p.field === 'version' ? { ...p, message: FORM_INCOMPLETE } : p));
      return render(reply, request.ctx, serviceId, appointmentId, { status: 400, problems, sent: body });
    }
    const cancelled = await booking.cancelByService(
      request.ctx,
      serviceId,
      appointmentId,
      parsed.values.version,
      parsed.values.reason,
    );
    if (cancelled.ok)
      return reply.redirect(`${paths.appointments.appointment.build({ appointmentId })}?done=cancelled`, 303);
    const found = cancelled.problem;
    if (found.code === 'not-found') return notFound(reply);
    return render(reply, request.ctx, serviceId, appointmentId, {
      status: statusOf(found),
      problems: [{ field: 'reason', message: found.message }],
      sent: body,
    });
  };

  const addChild: Handler<{ Params: Params }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const { appointmentId } = request.params;
    if (!isId(appointmentId)) return notFound(reply);
    const body = formValues(request.body);
    refuseUnexpected(body, ['reference']);
    const parsed = parseFields([referenceField], body);
    if (!parsed.ok)
      return render(reply, request.ctx, serviceId, appointmentId, {
        status: 400,
        problems: parsed.problems,
        sent: body,
      });
    const added = await booking.addToGroup(request.ctx, serviceId, appointmentId, parsed.values.reference);
    if (added.ok) return reply.redirect(`${paths.appointments.appointment.build({ appointmentId })}?done=added`, 303);
    const found = added.problem;
    if (found.code === 'not-found') return notFound(reply);
    if (found.code === 'stale-version') return sendProblem(reply, found);
    return render(reply, request.ctx, serviceId, appointmentId, {
      status: statusOf(found),
      problems: [{ field: 'reference', message: found.message }],
      sent: body,
    });
  };

  return { show, cancel, addChild };
}
