/**
 * The family's waiting-well page (docs/adr/0038), opened from the one-time link in their message, with no account:
 * where their child is on the list, ideas to try while they wait, and their answer, taken once. A forged, used or
 * expired link shows only "this link cannot be used" and how to telephone: nothing about which it was, or whose.
 * Never cached, and works without JavaScript (a plain form).
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import type { WaitingWellPage } from '../../../services/care/waiting-well-answers.service.js';
import type { FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { drawnFields } from '../auth/two-factor.view-models.js';
import { answerFields, parseAnswer } from './waiting-well.forms.js';

type TokenParams = { token: string };

export type FamilyWaitingWellServices = Pick<Dependencies, 'waitingWellAnswers'>;

export function familyWaitingWellController({ waitingWellAnswers }: FamilyWaitingWellServices) {
  const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store');

  const unusable = (reply: FastifyReply) =>
    noStore(reply).code(410).render('family/waiting-well-unusable.njk', { contacts: waitingWellAnswers.contacts() });

  const renderPage = async (
    reply: FastifyReply,
    page: WaitingWellPage,
    token: string,
    status: number,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) =>
    noStore(reply)
      .code(status)
      .render('family/waiting-well.njk', {
        errors,
        page,
        answerBy: formatLongDate(page.answerBy),
        action: paths.family.waitingWell.build({ token }),
        fields: drawnFields(answerFields, values, errors),
        csrfToken: await reply.csrfToken(),
      });

  const show: Handler<{ Params: TokenParams }> = async (request, reply) => {
    const page = await waitingWellAnswers.open(request.params.token);
    if (page === undefined) return unusable(reply);
    return renderPage(reply, page, request.params.token, 200);
  };

  const answer: Handler<{ Params: TokenParams }> = async (request, reply) => {
    const { token } = request.params;
    const page = await waitingWellAnswers.open(token);
    if (page === undefined) return unusable(reply);
    const form = parseAnswer(request.body);
    if (!form.ok) return renderPage(reply, page, token, 400, form.errors, form.values);
    const done = await waitingWellAnswers.answer(request.ctx, token, form.answer, form.whatChanged);
    if (!done.ok) return unusable(reply);
    return noStore(reply).render('family/waiting-well-answered.njk', {
      answer: form.answer,
      serviceName: page.serviceName,
      telephone: page.telephone,
      firstName: page.firstName,
    });
  };

  return { show, answer };
}
