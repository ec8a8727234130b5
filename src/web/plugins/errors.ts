/**
 * Turns every failure into a page a person can act on (or JSON for machine routes), with the right status and never
 * a stack trace. A database that does not answer gives 503 "Sorry, the service is unavailable"; the pool reconnects
 * by itself when the database comes back.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../../services/shared/database-errors.js';
import { DomainError } from '../../domain/shared/errors.js';
import { sendErrorPage, statusOf } from '../outcome.js';
import { clientGone } from './request-log.js';

function statusFor(err: FastifyError | Error): number {
  if (err instanceof DomainError) return statusOf(err.problem);
  if (isDatabaseUnavailable(err)) return 503;
  const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
  return status >= 400 && status < 600 ? status : 500;
}

export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler(async (err: FastifyError, request, reply) => {
    // The client hung up (request-log.ts has said so at info): what failed is the reading of its body, not Otway.
    if (clientGone(request)) {
      request.log.debug({ code: err.code }, 'request ended by the client');
      return reply.code(400).send();
    }
    const status = statusFor(err);
    if (status >= 500) {
      request.log.error({ err, status }, status === 503 ? 'database unavailable' : 'unhandled error');
    } else {
      request.log.info({ code: err.code, status }, 'request refused');
    }
    // Only our own and fastify's client-error messages are written for people; anything else stays in the log.
    const message =
      err instanceof DomainError || (status < 500 && typeof err.code === 'string') ? err.message : undefined;
    // A session that cannot be read (database down) must not be used to render the frame.
    if (status === 503) request.session = null;
    return sendErrorPage(request, reply, status, message);
  });

  app.setNotFoundHandler(async (request, reply) => sendErrorPage(request, reply, 404));
});
