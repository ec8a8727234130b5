/**
 * "Tell us what you think": a short feedback form for anyone, one per service (GOV.UK's feedback pattern). What was
 * typed is sent to the service's contact e-mail through the outbox; nothing about the child is asked. A service whose
 * definition gives no contact e-mail has no form: the phase banner then links its contact page, as before.
 */
import type { FastifyInstance } from 'fastify';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { publicPaths } from '../../paths.js';
import { PUBLIC_PAGE, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { feedbackController, FEEDBACK_PER_MINUTE, type FeedbackServices } from './feedback.controller.js';
import { feedbackPaths } from './public.view-models.js';

export { FEEDBACK_FIELDS, FEEDBACK_MAX } from './feedback.controller.js';

const SEND: RouteAccess = {
  access: { kind: 'public' },
  audit: { action: 'feedback.sent', byUseCase: true },
};
const limited = { config: { rateLimit: { max: FEEDBACK_PER_MINUTE, timeWindow: 60_000 } } };

export function feedbackRoutes(services: FeedbackServices, service: ServiceDefinition) {
  const paths = feedbackPaths(publicPaths(services.registry.prefixOf(service.id)));
  const controller = feedbackController(services, service);
  return async (app: FastifyInstance) => {
    routes(
      app,
      [
        get(paths.form, PUBLIC_PAGE, controller.form),
        post(paths.form, SEND, controller.send, limited),
        get(paths.thanks, PUBLIC_PAGE, controller.thanks),
      ],
      { serviceId: service.id },
    );
  };
}
