/**
 * The family's appointment page: what the appointment is (first name, day, time, place) and their answer. A forged,
 * used or expired link, or one whose appointment is no longer booked, gets the same 410 page, which says to telephone
 * the service and nothing about why.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { FamilyAnswer, FamilyAppointmentView } from '../../../services/care/appointment-replies.service.js';
import { errorsFromMessages, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { drawnFields } from '../auth/two-factor.view-models.js';
import { familyAnswerFields } from './family-appointment.forms.js';

export type FamilyAppointmentServices = Pick<Dependencies, 'appointmentReplies' | 'registry' | 'config'>;

type TokenParams = { token: string };

const ANSWERED: Record<FamilyAnswer, string> = {
  confirm: 'Thank you for confirming',
  cancel: 'We have your request to cancel',
  rebook: 'We have your request for another time',
};

export function familyAppointmentController({ appointmentReplies, registry }: FamilyAppointmentServices) {
  /** The service's telephone when this instance has one service; otherwise the letter's own number. */
  const unusable = (reply: FastifyReply) =>
    reply.code(410).render('family/appointment-unusable.njk', { telephone: registry.single?.contact.telephone });

  const renderForm = async (
    reply: FastifyReply,
    token: string,
    view: FamilyAppointmentView,
    status: number,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) =>
    reply.code(status).render('family/appointment.njk', {
      errors,
      view,
      action: paths.family.appointment.build({ token }),
      fields: drawnFields(familyAnswerFields, values, errors),
      csrfToken: await reply.csrfToken(),
    });

  const page: Handler<{ Params: TokenParams }> = async (request, reply) => {
    const found = await appointmentReplies.describe(request.params.token);
    if (!found.ok) return unusable(reply);
    return renderForm(reply, request.params.token, found.view, 200);
  };

  const answer: Handler<{ Params: TokenParams }> = async (request, reply) => {
    const { token } = request.params;
    const found = await appointmentReplies.describe(token);
    if (!found.ok) return unusable(reply);
    const form = readForm(familyAnswerFields, request.body);
    if (!form.ok) return renderForm(reply, token, found.view, 400, form.errors, form.values);
    const { answer: choice, reason, times } = form.data;
    const chosen = choice as FamilyAnswer;
    if (chosen !== 'confirm' && (reason ?? '').trim() === '') {
      const errors = errorsFromMessages([['reason', 'Tell us why you are asking to cancel or for another time']]);
      return renderForm(reply, token, found.view, 400, errors, form.values);
    }
    const done = await appointmentReplies.answer(request.ctx, token, {
      answer: chosen,
      reason: chosen === 'confirm' ? null : (reason ?? null),
      times: chosen === 'rebook' ? (times ?? null) : null,
    });
    if (!done.ok) return unusable(reply);
    return reply.render('family/appointment-answered.njk', {
      heading: ANSWERED[done.answer],
      answer: done.answer,
      firstName: done.firstName,
      telephone: done.telephone,
    });
  };

  return { page, answer };
}
