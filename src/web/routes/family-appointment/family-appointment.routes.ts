/**
 * A family's appointment link (docs/adr/0040): public (the link is the family's only credential), rate limited like
 * every public page, its form CSRF-protected by the session's token as the reset-password page is. Answering is
 * audited by the use case as `appointment.family-replied`.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { PUBLIC_PAGE, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { familyAppointmentController, type FamilyAppointmentServices } from './family-appointment.controller.js';

const ANSWER: RouteAccess = {
  access: { kind: 'public' },
  audit: { action: 'appointment.family-replied', byUseCase: true },
};

export function familyAppointmentRoutes(services: FamilyAppointmentServices) {
  const controller = familyAppointmentController(services);
  const limited = { config: { rateLimit: { max: services.config.signIn.ratePerMinute, timeWindow: 60_000 } } };
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.family.appointment.pattern, PUBLIC_PAGE, controller.page),
      post(paths.family.appointment.pattern, ANSWER, controller.answer, limited),
    ]);
  };
}
