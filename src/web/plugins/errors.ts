/**
 * Turns every failure into a page a person can act on (or JSON for machine routes), with the right status and never
 * a stack trace. A database that does not answer gives 503 "Sorry, the service is unavailable"; the pool reconnects
 * by itself when the database comes back.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../../services/shared/database-errors.js';
import { DomainError, type DomainErrorCode } from '../../domain/shared/errors.js';

const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  'not-found': 404,
  conflict: 409,
  'stale-version': 409,
  'invalid-token': 410,
  forbidden: 403,
  'invalid-input': 400,
};

const PAGES: Record<number, string> = {
  400: 'errors/400.njk',
  403: 'errors/403.njk',
  404: 'errors/404.njk',
  409: 'errors/409.njk',
  410: 'errors/410.njk',
  413: 'errors/413.njk',
  415: 'errors/400.njk',
  429: 'errors/429.njk',
  503: 'errors/503.njk',
};

/** A last resort when even the error page cannot be rendered. */
const PLAIN_UNAVAILABLE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, the service is unavailable</title></head>
<body><main><h1>Sorry, the service is unavailable</h1><p>Try again later.</p></main></body></html>`;

function statusFor(err: FastifyError | Error): number {
  if (err instanceof DomainError) return DOMAIN_STATUS[err.code];
  if (isDatabaseUnavailable(err)) return 503;
  const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
  return status >= 400 && status < 600 ? status : 500;
}

/** What an API client is told when nothing more particular was said: for machines, but readable by people. */
const API_MESSAGES: Record<number, string> = {
  400: 'The request is not valid.',
  403: 'The request is not allowed.',
  404: 'There is nothing here.',
  413: 'The request body is too large.',
  415: 'Send the request body as JSON, with the Content-Type application/json.',
  429: 'Too many requests from this address: try again in a minute.',
  503: 'The service is unavailable: try again later.',
};

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');

function wantsJson(request: FastifyRequest): boolean {
  const url = request.url;
  return isApi(request) || url === '/health' || url === '/ready';
}

export async function sendErrorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message?: string,
): Promise<FastifyReply> {
  reply.code(status);
  if (status === 503) reply.header('Retry-After', '30');
  if (isApi(request)) {
    // The API's one error shape (criteria.md): a list of errors, each naming the field at fault ('' for the request).
    reply.header('Cache-Control', 'no-store');
    const text = message ?? API_MESSAGES[status] ?? 'Something went wrong: try again later.';
    return reply.type('application/json; charset=utf-8').send({ errors: [{ path: '', message: text }] });
  }
  if (wantsJson(request)) {
    return reply.type('application/json').send({ statusCode: status, error: message ?? 'Error' });
  }
  try {
    return await reply.render(PAGES[status] ?? 'errors/500.njk', { message });
  } catch (renderError) {
    request.log.error({ err: renderError }, 'could not render the error page');
    return reply.type('text/html; charset=utf-8').send(PLAIN_UNAVAILABLE);
  }
}

export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler(async (err: FastifyError, request, reply) => {
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
