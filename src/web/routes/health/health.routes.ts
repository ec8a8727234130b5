/**
 * `/health`: the process is up. `/ready`: the database answers (503 when it does not, 200 again as soon as it does).
 */
import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { paths } from '../../paths.js';
import { PUBLIC_NO_SESSION } from '../../route-access.js';

const config = { routeAccess: PUBLIC_NO_SESSION, rateLimit: false } as const;

export function healthRoutes(deps: Dependencies) {
  return async (app: FastifyInstance) => {
    app.get(paths.health.pattern, { config }, async (_request, reply) => {
      return reply.header('Cache-Control', 'no-store').send({ status: 'ok' });
    });

    app.get(paths.ready.pattern, { config }, async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      try {
        await deps.database.ping(2000);
        return await reply.send({ status: 'ready', database: 'ok' });
      } catch (err) {
        request.log.warn({ err }, 'readiness check failed');
        return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
      }
    });
  };
}
