/** The safeguarding lead's open flags, read with safeguarding:read and audited as the flags viewed. */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, routes } from '../table.js';
import { safeguardingController, type SafeguardingServices } from './flags.controller.js';

const VIEW = needs('safeguarding:read', { action: 'safeguarding.flags-viewed' });

export function safeguardingRoutes(services: SafeguardingServices) {
  const controller = safeguardingController(services);
  return async (app: FastifyInstance) => {
    routes(app, [get(paths.safeguarding.flags.pattern, VIEW, controller.flags)]);
  };
}
