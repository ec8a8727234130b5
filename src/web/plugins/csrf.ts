/**
 * The synchroniser token: every state-changing request must carry the token of its own session, in the form field
 * `_csrf` or the `X-CSRF-Token` header. A missing, stale or foreign token gets 403 and changes nothing. Routes that
 * use no session at all (the eligibility API) are the one exception: see the hook.
 * It runs at preHandler, once the form body has been parsed.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Dependencies } from '../../composition.js';
import { safeEqual } from '../../services/accounts/secrets.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_FIELD = '_csrf';

export const csrfPlugin = fp(async (app: FastifyInstance, opts: { deps: Dependencies }) => {
  const { deps } = opts;
  app.addHook('preHandler', async (request, reply) => {
    if (SAFE_METHODS.has(request.method)) return;
    const declared = request.routeOptions.config.routeAccess;
    // A request that matches no route (every route declares its access) reaches only the not-found answer, which
    // changes nothing; it gets that answer (404, as JSON under /api/) rather than a CSRF refusal.
    if (declared === undefined) return;
    // A route that uses no session (declared public with `session: false`, such as the eligibility API) has no
    // ambient authority for a forged request to borrow: it reads no cookie and acts for nobody. A token protects a
    // session, so there is nothing for one to protect here. Every other state-changing request still needs it.
    if (declared.access.kind === 'public' && declared.access.session === false) return;
    const body = request.body;
    const fromBody =
      typeof body === 'object' && body !== null && CSRF_FIELD in body
        ? (body as Record<string, unknown>)[CSRF_FIELD]
        : undefined;
    const sent = typeof fromBody === 'string' ? fromBody : request.headers['x-csrf-token'];
    const expected = request.session === null ? null : deps.sessions.csrfToken(request.session);
    if (typeof sent !== 'string' || expected === null || !safeEqual(sent, expected)) {
      await deps.audit.record(deps.database.db, request.ctx, {
        action: 'access.denied',
        outcome: 'denied',
        subjectType: 'route',
        subjectId: `${request.method} ${request.routeOptions.url ?? ''}`.slice(0, 64),
        detail: { reason: sent === undefined ? 'csrf-missing' : 'csrf-mismatch' },
      });
      reply.code(403);
      return reply.render('errors/csrf.njk');
    }
    // The token has done its job; handlers' forms refuse fields they do not expect.
    if (typeof body === 'object' && body !== null) Reflect.deleteProperty(body, CSRF_FIELD);
  });
});
