/**
 * Teams, clinic locations and rooms, and each clinician's team, base and working pattern: for service managers (and
 * admins) with places:manage. The pages read no child's details, so a GET records nothing; each change is audited
 * by its use case, in its transaction.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { placesController, type PlacesServices } from './places.controller.js';

const READ: RouteAccess = { access: { kind: 'permission', permission: 'places:manage' }, audit: false };
const CHANGE = needs('places:manage', { action: 'places.changed', byUseCase: true });
const PROFILE = needs('places:manage', {
  action: 'staff-profile.changed',
  subjectType: 'user',
  subjectParam: 'userId',
  byUseCase: true,
});

export function placesRoutes(services: PlacesServices) {
  const controller = placesController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.places.list.pattern, READ, controller.list),
      get(paths.places.team.pattern, READ, controller.teamForm),
      post(paths.places.team.pattern, CHANGE, controller.addTeam),
      get(paths.places.location.pattern, READ, controller.locationForm),
      post(paths.places.location.pattern, CHANGE, controller.addLocation),
      get(paths.places.room.pattern, READ, controller.roomForm),
      post(paths.places.room.pattern, CHANGE, controller.addRoom),
      get(paths.places.staff.pattern, READ, controller.staffForm),
      post(paths.places.staff.pattern, PROFILE, controller.saveStaff),
    ]);
  };
}
