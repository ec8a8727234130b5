/**
 * A family's waiting-well link (docs/adr/0038): public, with no account, as the password-reset link is. The answer is
 * a form post carrying the CSRF token of the visitor's own session, and is audited by its use case.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { PUBLIC_PAGE, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { familyWaitingWellController, type FamilyWaitingWellServices } from './waiting-well.controller.js';

const ANSWER: RouteAccess = { access: { kind: 'public' }, audit: { action: 'waiting-well.answered', byUseCase: true } };

export function familyWaitingWellRoutes(
  services: FamilyWaitingWellServices & { config: { signIn: { ratePerMinute: number } } },
) {
  const controller = familyWaitingWellController(services);
  // Guessing tokens is hopeless (256 bits), but each guess costs a look-up: the sign-in rate limit bounds them.
  const limited = { config: { rateLimit: { max: services.config.signIn.ratePerMinute, timeWindow: 60_000 } } };
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.family.waitingWell.pattern, PUBLIC_PAGE, controller.show, limited),
      post(paths.family.waitingWell.pattern, ANSWER, controller.answer, limited),
    ]);
  };
}
