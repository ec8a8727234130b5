/**
 * The one mapping from a use case's problem to what is sent: the HTTP status of each problem code, and the error
 * page (or, under `/api/`, the JSON) for a status. A handler with a page of its own for a problem (the form again
 * with the message, the referral as it is now) renders that page with `statusOf(problem)`; any other problem is
 * answered by `sendProblem`, and a thrown `DomainError` by the errors plugin, through the same table.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, type Problem, type ProblemCode } from '../domain/shared/outcome.js';
import type { FormErrors } from './forms/form.js';

export const PROBLEM_STATUS: Readonly<Record<ProblemCode, number>> = {
  'not-found': 404,
  conflict: 409,
  'stale-version': 409,
  'invalid-token': 410,
  forbidden: 403,
  'invalid-input': 400,
  illegal: 409,
  'override-needed': 400,
  incomplete: 400,
  ineligible: 400,
  unauthenticated: 401,
  throttled: 429,
};

export const statusOf = (found: Problem): number => PROBLEM_STATUS[found.code];

const PAGES: Readonly<Record<number, string>> = {
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

/** The page shown for a status when the handler has none of its own. */
export const errorPageOf = (status: number): string => PAGES[status] ?? 'errors/500.njk';

/** A last resort when even the error page cannot be rendered. */
const PLAIN_UNAVAILABLE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, the service is unavailable</title></head>
<body><main><h1>Sorry, the service is unavailable</h1><p>Try again later.</p></main></body></html>`;

/** What an API client is told when nothing more particular was said: for machines, but readable by people. */
const API_MESSAGES: Readonly<Record<number, string>> = {
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
    return await reply.render(errorPageOf(status), { message });
  } catch (renderError) {
    request.log.error({ err: renderError }, 'could not render the error page');
    return reply.type('text/html; charset=utf-8').send(PLAIN_UNAVAILABLE);
  }
}

/** A problem the handler has no page of its own for: the error page of its status, with its message. */
export async function sendProblem(reply: FastifyReply, found: Problem): Promise<FastifyReply> {
  reply.request.log.info({ code: found.code }, 'request refused');
  return sendErrorPage(reply.request, reply, statusOf(found), found.message);
}

/** A form that cannot be shown again (a query string, a hidden field): its errors as one problem, in one message. */
export const invalidInput = (errors: FormErrors): Problem<'invalid-input'> =>
  problem('invalid-input', errors.summary.map((e) => e.text).join('. '));
