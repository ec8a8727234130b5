/**
 * Resolves the session cookie to a server-side session before anything else looks at the request, and builds the
 * request's context (who, which service, from where). Sessions are created only when needed: at sign-in, or when a
 * form needs a CSRF token.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Dependencies } from '../../composition.js';
import type { ActiveSession } from '../../services/sessions/session.service.js';

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-otway-session' : 'otway-session';
}

function setSessionCookie(reply: FastifyReply, deps: Dependencies, session: ActiveSession): void {
  reply.setCookie(sessionCookieName(deps.config.secureCookies), session.cookieValue, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.secureCookies,
  });
}

/** Ends whatever session the request had and starts a new one: at sign-in, so a planted id is worthless. */
export async function rotateSession(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Dependencies,
  userId: string | null,
  serviceId: string | null,
): Promise<ActiveSession> {
  if (request.session !== null) await deps.sessions.end(request.session.idHash);
  const session = await deps.sessions.start(userId, serviceId);
  request.session = session;
  request.ctx.actorUserId = session.user?.id ?? null;
  request.ctx.actorRoles = session.roles;
  request.ctx.serviceId = serviceId ?? request.ctx.serviceId;
  setSessionCookie(reply, deps, session);
  return session;
}

export async function endSession(request: FastifyRequest, reply: FastifyReply, deps: Dependencies): Promise<void> {
  if (request.session !== null) await deps.sessions.end(request.session.idHash);
  request.session = null;
  reply.clearCookie(sessionCookieName(deps.config.secureCookies), { path: '/', secure: deps.config.secureCookies });
}

export const sessionPlugin = fp(async (app: FastifyInstance, opts: { deps: Dependencies }) => {
  const { deps } = opts;
  const cookieName = sessionCookieName(deps.config.secureCookies);
  await app.register(cookie);

  app.decorateRequest('session', null);
  app.decorateRequest('ctx', null as unknown as FastifyRequest['ctx']);
  app.decorateRequest('service', function (this: FastifyRequest) {
    const fromRoute = deps.registry.byId(this.routeOptions.config.serviceId);
    const fromSession = this.session?.user != null ? deps.registry.byId(this.session.serviceId) : undefined;
    return fromRoute ?? fromSession ?? deps.registry.single;
  });
  app.decorateReply('csrfToken', async function (this: FastifyReply) {
    const request = this.request;
    if (request.session === null) {
      request.session = await deps.sessions.start(null, null);
      setSessionCookie(this, deps, request.session);
    }
    return deps.sessions.csrfToken(request.session);
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.routeAccess?.access;
    const wantsSession = !(access?.kind === 'public' && access.session === false);
    const value = request.cookies[cookieName];
    let timedOut: { userId: string; serviceId: string | null } | undefined;
    if (wantsSession && value !== undefined) {
      const resolved = await deps.sessions.resolve(value);
      request.session = resolved.session ?? null;
      timedOut = resolved.timedOut;
      if (resolved.session === undefined)
        reply.clearCookie(cookieName, { path: '/', secure: deps.config.secureCookies });
    }
    const session = request.session;
    request.ctx = {
      serviceId:
        request.routeOptions.config.serviceId ??
        (session?.user != null ? session.serviceId : null) ??
        deps.registry.single?.id ??
        null,
      actorUserId: session?.user?.id ?? null,
      actorRoles: session?.roles ?? [],
      ip: request.ip,
      correlationId: request.id,
      recorded: new Set(),
    };
    if (timedOut !== undefined) {
      // Recorded as the person whose session ended, in the service they were working in; not as this request's event.
      const ended = {
        ...request.ctx,
        actorUserId: timedOut.userId,
        serviceId: timedOut.serviceId,
        recorded: new Set<never>(),
      };
      await deps.audit.record(deps.database.db, ended, {
        action: 'auth.session-expired',
        outcome: 'failure',
        subjectType: 'user',
        subjectId: timedOut.userId,
      });
    }
  });

  app.addHook('onSend', async (request, reply) => {
    // Nothing shown to someone signed in may be kept by a browser or a proxy; nor may any response that sets or clears
    // a cookie (a session, a referral draft's, the checker's answers), redirects included: a cache that kept one would
    // hand it to the next person. @fastify/cookie's own onSend hook, registered above, has written Set-Cookie by now.
    if (request.session !== null || reply.hasHeader('set-cookie')) reply.header('Cache-Control', 'no-store');
  });
});
