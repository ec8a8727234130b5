/**
 * One log line per request, naming the route pattern rather than the URL, so that one-time tokens and anything
 * else in a path or query string never reach the logs.
 *
 * A client that closes its connection before the request is done (a closed tab, lost signal, mid-upload or
 * mid-download) is not a fault in Otway: it gets one line at info, "client closed the connection", with no stack,
 * and the failures it causes downstream (the body's read ends with ECONNRESET, "aborted", "premature close") are not
 * logged again as errors (errors.ts asks `clientGone`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** True once the client's side of this request's connection has gone (it closed or reset the socket). */
export function clientGone(request: FastifyRequest): boolean {
  const raw = request.raw;
  // A request made by `app.inject` has a stand-in socket, which may not say.
  const socket = raw.socket as { destroyed?: boolean } | null;
  return raw.destroyed || socket?.destroyed === true || (raw as { aborted?: boolean }).aborted === true;
}

export const requestLogPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequestAbort', async (request) => {
    request.log.info(
      { method: request.method, route: request.routeOptions.url ?? '(not found)' },
      'client closed the connection',
    );
  });

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
