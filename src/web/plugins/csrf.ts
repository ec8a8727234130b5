/**
 * The synchroniser token: every state-changing request must carry the token of its own session, in the form field
 * `_csrf` or the `X-CSRF-Token` header. A missing, stale or foreign token gets 403, is audited, and changes nothing.
 * A route that uses no staff session but holds something else a forged post could borrow (the referral draft's
 * cookie) declares its own token and where it comes from (`csrf` in its route options, see `route-access.ts`), and is
 * checked here the same way. Routes that use no session and declare nothing (the eligibility API) are the one
 * exception: see the hook. It runs at preHandler, once the form body has been parsed.
 *
 * Beside the token, and before it, the browser's own word on where a request came from (ADR 0030): a request whose
 * `Sec-Fetch-Site` is `cross-site` or `same-site`, or whose `Origin` is not BASE_URL's, is refused in the same way even
 * when its token is right. A request with neither header (an old browser, curl) relies on the token alone.
 */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Dependencies } from '../../composition.js';
import { safeEqual } from '../../services/accounts/secrets.js';
import type { CsrfDeclaration } from '../route-access.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_FIELD = '_csrf';

/** The file part of an upload whose token this plugin checked (it is read from the stream before the file). */
const uploads = new WeakMap<FastifyRequest, MultipartFile | undefined>();

/** The upload's file part, read by the CSRF check of a `multipart-field` route; undefined when none was sent. */
export function uploadOf(request: FastifyRequest): MultipartFile | undefined {
  return uploads.get(request);
}

function fieldOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && CSRF_FIELD in body
    ? (body as Record<string, unknown>)[CSRF_FIELD]
    : undefined;
}

/** The token of a multipart upload: its first field, before the file, whose part is kept for the handler. */
async function multipartToken(request: FastifyRequest): Promise<unknown> {
  const part = await request.file();
  uploads.set(request, part);
  const field = part?.fields[CSRF_FIELD];
  return field !== undefined && !Array.isArray(field) && field.type === 'field' ? field.value : undefined;
}

/** What the request sent, or `pass` when the route's own token has nothing to protect in this request. */
async function sentFor(
  request: FastifyRequest,
  own: CsrfDeclaration,
): Promise<{ sent: unknown; expected: string } | 'pass'> {
  const expected = own.expected(request);
  if (expected === null) return 'pass';
  if (own.from === 'form') return { sent: fieldOf(request.body), expected };
  // Not an upload at all: nothing is read, and the handler answers it ("Select a file").
  if (!request.isMultipart()) return 'pass';
  return { sent: await multipartToken(request), expected };
}

/**
 * Why the browser's headers say this request came from another site, or null when they do not (or are absent).
 * `Sec-Fetch-Site` decides when the browser sends it: `same-origin` and `none` (typed, a bookmark) pass; `same-site`
 * does not, as a sibling host is another application. Only without it is `Origin` compared: with BASE_URL's origin,
 * or with the address the request was sent to (its Host), so that Otway reached at 127.0.0.1 rather than the
 * configured localhost is not refused its own forms.
 */
export function foreignSource(headers: FastifyRequest['headers'], ownOrigin: string): ForeignReason | null {
  const site = headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? null : 'cross-site';
  const origin = headers.origin;
  if (origin === undefined || origin === ownOrigin) return null;
  return originHost(origin) !== null && originHost(origin) === headers.host ? null : 'origin-mismatch';
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

type ForeignReason = 'cross-site' | 'origin-mismatch';

export const csrfPlugin = fp(async (app: FastifyInstance, opts: { deps: Dependencies }) => {
  const { deps } = opts;
  const ownOrigin = new URL(deps.config.baseUrl).origin;

  const refuse = async (request: FastifyRequest, reply: FastifyReply, sent: unknown, foreign?: ForeignReason) => {
    uploads.get(request)?.file.resume();
    await deps.audit.record(deps.database.db, request.ctx, {
      action: 'access.denied',
      outcome: 'denied',
      subjectType: 'route',
      subjectId: `${request.method} ${request.routeOptions.url ?? ''}`.slice(0, 64),
      detail: { reason: foreign ?? (sent === undefined ? 'csrf-missing' : 'csrf-mismatch') },
    });
    reply.code(403);
    return reply.render('errors/csrf.njk');
  };

  app.addHook('preHandler', async (request, reply) => {
    if (SAFE_METHODS.has(request.method)) return;
    const config = request.routeOptions.config;
    const declared = config.routeAccess;
    // A request that matches no route (every route declares its access) reaches only the not-found answer, which
    // changes nothing; it gets that answer (404, as JSON under /api/) rather than a CSRF refusal.
    if (declared === undefined) return;
    const body = request.body;
    // A route that uses no session (declared public with `session: false`, such as the eligibility API) and declares
    // no token of its own has no ambient authority for a forged request to borrow: it reads no cookie and acts for
    // nobody. It is the one exception to both checks. Every other state-changing request needs a token.
    if (config.csrf === undefined && declared.access.kind === 'public' && declared.access.session === false) return;
    const foreign = foreignSource(request.headers, ownOrigin);
    if (foreign !== null) {
      if (config.csrf !== undefined) reply.header('Cache-Control', 'no-store');
      return refuse(request, reply, undefined, foreign);
    }
    if (config.csrf !== undefined) {
      // The route's own token (the referral draft's): never cached, as the form pages it comes from are not.
      const found = await sentFor(request, config.csrf);
      if (found === 'pass') return;
      if (typeof found.sent !== 'string' || !safeEqual(found.sent, found.expected)) {
        reply.header('Cache-Control', 'no-store');
        return refuse(request, reply, found.sent);
      }
    } else {
      const fromBody = fieldOf(body);
      const sent = typeof fromBody === 'string' ? fromBody : request.headers['x-csrf-token'];
      const expected = request.session === null ? null : deps.sessions.csrfToken(request.session);
      if (typeof sent !== 'string' || expected === null || !safeEqual(sent, expected)) {
        return refuse(request, reply, sent);
      }
    }
    // The token has done its job; handlers' forms refuse fields they do not expect.
    if (typeof body === 'object' && body !== null) Reflect.deleteProperty(body, CSRF_FIELD);
  });
});
