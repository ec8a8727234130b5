/**
 * One log line per request, naming the route pattern rather than the URL, so that one-time tokens and anything
 * else in a path or query string never reach the logs.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const requestLogPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(not found)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
});
