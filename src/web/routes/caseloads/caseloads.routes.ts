/** Caseloads (issue 13 item 8): each page read with caseload:read and audited as a caseload viewed. */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, routes } from '../table.js';
import { caseloadsController, type CaseloadServices } from './caseloads.controller.js';

const VIEW = needs('caseload:read', { action: 'caseload.viewed' });
const VIEW_CLINICIAN = needs('caseload:read', {
  action: 'caseload.viewed',
  subjectType: 'user',
  subjectParam: 'userId',
});

export function caseloadRoutes(services: CaseloadServices) {
  const controller = caseloadsController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.caseload.mine.pattern, VIEW, controller.mine),
      get(paths.caseload.team.pattern, VIEW, controller.team),
      get(paths.caseload.clinician.pattern, VIEW_CLINICIAN, controller.clinician),
    ]);
  };
}
