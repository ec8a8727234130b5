/**
 * `/health`: the process is up. `/ready`: the database answers (503 when it does not, 200 again as soon as it does).
 * Neither is rate-limited, so that a load balancer's checks never count against anyone.
 */
import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { paths } from '../../paths.js';
import { PUBLIC_NO_SESSION } from '../../route-access.js';
import { get, routes, type Handler } from '../table.js';

const unlimited = { config: { rateLimit: false } } as const;

export function healthRoutes({ database }: Pick<Dependencies, 'database'>) {
  const health: Handler = async (_request, reply) => reply.header('Cache-Control', 'no-store').send({ status: 'ok' });

  const ready: Handler = async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    try {
      await database.ping(2000);
      return await reply.send({ status: 'ready', database: 'ok' });
    } catch (err) {
      request.log.warn({ err }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  };

  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.health.pattern, PUBLIC_NO_SESSION, health, unlimited),
      get(paths.ready.pattern, PUBLIC_NO_SESSION, ready, unlimited),
    ]);
  };
}
