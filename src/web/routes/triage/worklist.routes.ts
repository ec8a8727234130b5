/** The triage worklist: one page, read with the triage permission and audited as the worklist viewed. */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, routes } from '../table.js';
import { worklistController, type WorklistServices } from './worklist.controller.js';

const VIEW = needs('triage:read', { action: 'triage.worklist-viewed' });

export function worklistRoutes(services: WorklistServices) {
  const controller = worklistController(services);
  return async (app: FastifyInstance) => {
    routes(app, [get(paths.triage.worklist.pattern, VIEW, controller.show)]);
  };
}
