/**
 * The outbox pages' handlers: the list with its status filter, one message with its history (and, in the embedded
 * mode, what would have been sent), and "Try again" for a dead one.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { can } from '../../../domain/access/roles.js';
import { templateLabel } from '../../../domain/notifications/templates.js';
import { DomainError } from '../../../domain/shared/errors.js';
import { NO_MESSAGE } from '../../../services/outbox/outbox.service.js';
import { activeServiceId } from '../../active-service.js';
import { invalidInput, sendProblem, statusOf } from '../../outcome.js';
import { errorsFromMessages, parseForm, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { isMessageId, outboxQuery, retryFields, toFilter } from './outbox.forms.js';
import {
  OUTBOX_DONE_MESSAGES,
  localRendering,
  messageDetails,
  outboxPagination,
  outboxRows,
  recordedOnly,
  outboxStatusTag,
  statusFilters,
} from './outbox.view-models.js';

export type OutboxServices = Pick<Dependencies, 'outbox' | 'config'>;

type Params = { messageId: string };

export function outboxController({ outbox, config }: OutboxServices) {
  const maxAttempts = config.outbox.maxAttempts;

  const messageId = (params: unknown) => {
    const { messageId: id } = params as Params;
    // Not a message's id at all: the same answer as one that names none (thrown: it reaches the error page).
    if (!isMessageId(id)) throw new DomainError('not-found', NO_MESSAGE);
    return id;
  };

  const renderMessage = async (reply: FastifyReply, id: string, status: number, errors?: FormErrors) => {
    const { message, localDelivery } = await outbox.get(activeServiceId(reply), id);
    const query = reply.request.query as Record<string, unknown>;
    const done = query.done === 'retried' ? OUTBOX_DONE_MESSAGES.retried : null;
    return reply.code(status).render('admin/outbox-message.njk', {
      message: {
        id: message.id,
        title: templateLabel(message.template),
        status: outboxStatusTag(message.status, recordedOnly(message)),
      },
      details: messageDetails(message, maxAttempts),
      rendering: localRendering(localDelivery),
      canRetry: message.status === 'dead' && can(reply.request.session?.roles ?? [], 'outbox:manage'),
      retryAction: paths.admin.outboxRetry.build({ messageId: message.id }),
      version: message.version,
      done,
      errors,
      backHref: paths.admin.outbox.build(),
      csrfToken: await reply.csrfToken(),
    });
  };

  const list: Handler = async (request, reply) => {
    const form = parseForm(outboxQuery, request.query);
    if (!form.ok) return sendProblem(reply, invalidInput(form.errors));
    const filter = toFilter(form.data);
    const page = await outbox.list(activeServiceId(reply), filter);
    return reply.render('admin/outbox.njk', {
      rows: outboxRows(page.messages),
      filters: statusFilters(page, filter.status),
      pagination: outboxPagination(page, filter.status),
      total: page.total,
    });
  };

  const show: Handler = async (request, reply) => renderMessage(reply, messageId(request.params), 200);

  const retry: Handler = async (request, reply) => {
    const id = messageId(request.params);
    const form = readForm(retryFields, request.body);
    if (!form.ok) return renderMessage(reply, id, 400, form.errors);
    const retried = await outbox.retry({ ...request.ctx, serviceId: activeServiceId(reply) }, id, form.data.version);
    if (!retried.ok) {
      if (retried.problem.code === 'not-found') return sendProblem(reply, retried.problem);
      return renderMessage(
        reply,
        id,
        statusOf(retried.problem),
        errorsFromMessages([['retry', retried.problem.message]]),
      );
    }
    return reply.redirect(`${paths.admin.outboxMessage.build({ messageId: id })}?done=retried`, 303);
  };

  return { list, show, retry };
}
