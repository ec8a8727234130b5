/** The staff home, and choosing which service to work in for someone with roles in several. */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import type { RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { staffController, type StaffServices } from './staff.controller.js';

const SIGNED_IN: RouteAccess = { access: { kind: 'signed-in' }, audit: false };
const CHOOSE: RouteAccess = {
  access: { kind: 'signed-in' },
  audit: { action: 'staff.service-chosen', byUseCase: true },
};

export function staffRoutes(services: StaffServices) {
  const controller = staffController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.staff.home.pattern, SIGNED_IN, controller.home),
      get(paths.staff.chooseService.pattern, SIGNED_IN, controller.choosePage),
      post(paths.staff.chooseService.pattern, CHOOSE, controller.choose),
    ]);
  };
}
