/**
 * The admin pages for the outbox of the active service: the list of messages with a status filter, one message with
 * its history, and "Try again" for a dead one.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { outboxController, type OutboxServices } from './outbox.controller.js';

const LIST = needs('outbox:read', { action: 'outbox.viewed' });
const VIEW = needs('outbox:read', {
  action: 'outbox.viewed',
  subjectType: 'outbox-message',
  subjectParam: 'messageId',
});
const RETRY = needs('outbox:manage', {
  action: 'outbox.retried',
  subjectType: 'outbox-message',
  subjectParam: 'messageId',
  byUseCase: true,
});

export function outboxRoutes(services: OutboxServices) {
  const controller = outboxController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.admin.outbox.pattern, LIST, controller.list),
      get(paths.admin.outboxMessage.pattern, VIEW, controller.show),
      post(paths.admin.outboxRetry.pattern, RETRY, controller.retry),
    ]);
  };
}
