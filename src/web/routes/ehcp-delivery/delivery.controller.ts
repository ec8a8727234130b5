/**
 * Sending the signed EHCP advice, and the print list of advice going by post. The access hook has found the child of
 * the request and this person's access to their record (`request.record`); without it the page is not found. A form
 * with problems is shown again with the error summary (400), nothing sent; advice not signed, or a withdrawn request,
 * is refused (409) with the reason; a send over someone else's (the page drawn before they sent) is refused (409) with
 * the page as things are now. After sending, the page says what went to whom and how.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { SEND_NAMES } from '../../../domain/ehcp/delivery.js';
import type { FieldProblem } from '../../../domain/forms/fields.js';
import { activeServiceId } from '../../active-service.js';
import { formValues, UnexpectedFieldsError } from '../../forms/form.js';
import { sendProblem } from '../../outcome.js';
import { paths } from '../../paths.js';
import { isRecordId } from '../equipment/equipment.forms.js';
import { sendPdf } from '../letters/letters.view-models.js';
import type { Handler } from '../table.js';
import { printRows, sendPage } from './delivery.view-models.js';

export type DeliveryServices = Pick<Dependencies, 'ehcpDelivery'>;

type RequestParams = { Params: { requestId: string }; Querystring: { done?: string } };
type DeliveryParams = { Params: { deliveryId: string } };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

function sentOf(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  const values = formValues(body);
  const unexpected = Object.keys(values).filter((k) => !allowed.includes(k));
  if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
  return values;
}

function actor(request: FastifyRequest, serviceId: string) {
  const userId = request.ctx.actorUserId;
  if (userId === null) throw new Error('An EHCP route ran without a signed-in person.');
  return { ...request.ctx, serviceId, actorUserId: userId };
}

export function deliveryController({ ehcpDelivery }: DeliveryServices) {
  async function renderSend(
    reply: FastifyReply,
    requestId: string,
    status: number,
    options: { sent?: Record<string, unknown>; problems?: readonly FieldProblem[]; done?: boolean; message?: string },
  ) {
    const view = await ehcpDelivery.form(activeServiceId(reply), requestId);
    if (view === undefined) return notFound(reply);
    return reply
      .code(status)
      .render(
        'ehcp/send.njk',
        sendPage(view, { ...options, done: options.done === true, csrfToken: await reply.csrfToken() }),
      );
  }

  const sendForm: Handler<RequestParams> = async (request, reply) => {
    if (request.record === null) return notFound(reply);
    return renderSend(reply, request.params.requestId, 200, { done: request.query.done === 'sent' });
  };

  const send: Handler<RequestParams> = async (request, reply) => {
    if (request.record === null) return notFound(reply);
    const { requestId } = request.params;
    const serviceId = activeServiceId(reply);
    const sent = sentOf(request.body, SEND_NAMES);
    const result = await ehcpDelivery.send(actor(request, serviceId), requestId, sent);
    if (!result.ok) {
      const { code, problems, message } = result.problem;
      if (code === 'invalid-input') return renderSend(reply, requestId, 400, { sent, problems });
      if (code === 'stale-version') return renderSend(reply, requestId, 409, { message });
      if (code === 'not-found') return notFound(reply);
      return sendProblem(reply, result.problem);
    }
    return reply.redirect(`${paths.ehcp.send.build({ requestId })}?done=sent`, 303);
  };

  const printList: Handler = async (request, reply) => {
    const deliveries = await ehcpDelivery.printList(activeServiceId(reply));
    // The family's address (which may be sealed) is for those who post the letters.
    const showFamilyAddress = request.ctx.actorRoles.includes('admin-officer');
    return reply.render('ehcp/print-list.njk', {
      rows: printRows(deliveries, showFamilyAddress),
      csrfToken: await reply.csrfToken(),
    });
  };

  const printPdf: Handler<DeliveryParams> = async (request, reply) => {
    if (!isRecordId(request.params.deliveryId)) return notFound(reply);
    const pdf = await ehcpDelivery.printPdf(activeServiceId(reply), request.params.deliveryId);
    if (pdf === undefined) return notFound(reply);
    return sendPdf(reply, pdf);
  };

  const printed: Handler<DeliveryParams> = async (request, reply) => {
    const { deliveryId } = request.params;
    if (!isRecordId(deliveryId)) return notFound(reply);
    sentOf(request.body, []);
    await ehcpDelivery.markPrinted({ ...request.ctx, serviceId: activeServiceId(reply) }, deliveryId);
    return reply.redirect(paths.ehcp.printQueue.build(), 303);
  };

  return { sendForm, send, printList, printPdf, printed };
}
