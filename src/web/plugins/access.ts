/**
 * Deny by default. Every route declares who may use it and which audit event it records (route-access.ts); a route
 * without a declaration stops the application at start-up. One hook enforces the permission, one records the event.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Dependencies } from '../../composition.js';
import { can } from '../../domain/access/roles.js';
import { satisfies } from '../../domain/record/access.js';
import { paths } from '../paths.js';
import { isRouteAccess, type RouteAccess } from '../route-access.js';

export class UndeclaredRouteError extends Error {
  override name = 'UndeclaredRouteError';
}

async function deny(request: FastifyRequest, reply: FastifyReply, deps: Dependencies, reason: string): Promise<void> {
  await deps.audit.record(deps.database.db, request.ctx, {
    action: 'access.denied',
    outcome: 'denied',
    subjectType: 'route',
    subjectId: `${request.method} ${request.routeOptions.url ?? ''}`.slice(0, 64),
    detail: { reason },
  });
}

export interface DeclaredRoute {
  method: string;
  url: string;
  routeAccess: RouteAccess;
}

/**
 * Registered before any route: a route that declares nothing stops the application from starting. The declarations
 * are kept as `app.routeTable`, from which the access matrix in docs/security.md is checked.
 */
export const routeDeclarationsPlugin = fp(async (app: FastifyInstance) => {
  const table: DeclaredRoute[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    const declared: unknown = route.config?.routeAccess;
    if (!isRouteAccess(declared)) {
      throw new UndeclaredRouteError(
        `${String(route.method)} ${route.url} declares no routeAccess: every route must say who may use it and what it audits.`,
      );
    }
    for (const method of [route.method].flat()) table.push({ method, url: route.url, routeAccess: declared });
  });
});

/** Registered after the session plugin: enforces each route's permission and records its audit event. */
export const accessPlugin = fp(async (app: FastifyInstance, opts: { deps: Dependencies }) => {
  const { deps } = opts;
  app.decorateRequest('record', null);

  // Runs after the session hook (registered earlier), before the body is read.
  app.addHook('onRequest', async (request, reply) => {
    const declared = request.routeOptions.config.routeAccess;
    if (declared === undefined) return; // not found: handled by the not-found page
    const { access } = declared;
    if (access.kind === 'public') return;
    const user = request.session?.user ?? null;
    if (user === null) {
      await deny(request, reply, deps, 'not-signed-in');
      const returnTo = request.method === 'GET' ? `?returnTo=${encodeURIComponent(request.url)}` : '';
      return reply.redirect(`${paths.signIn.build()}${returnTo}`, 303);
    }
    if (access.kind === 'signed-in') return;
    if (request.session?.serviceId == null) {
      return reply.redirect(paths.staff.chooseService.build(), 303);
    }
    if (!can(request.session.roles, access.permission)) {
      await deny(request, reply, deps, `lacks ${access.permission}`);
      reply.code(403);
      return reply.render('errors/403.njk');
    }
    if (access.kind === 'record') {
      // A page of one child's record: enough access to this child's record, or 404 as for no such child, so that
      // the answer names no one and does not tell a child out of reach from one that does not exist.
      const params = request.params as Record<string, string | undefined>;
      const id = params[access.subject.param];
      const scope =
        id === undefined
          ? undefined
          : await deps.recordAccess.scopeOf(
              { serviceId: request.session.serviceId, userId: user.id, roles: request.session.roles },
              access.subject.type,
              id,
            );
      if (scope === undefined || !satisfies(scope.access, access.need)) {
        await deny(request, reply, deps, scope === undefined ? 'no such child' : `record needs ${access.need}`);
        if (
          scope !== undefined &&
          request.method === 'GET' &&
          deps.recordAccess.mayBreakGlass(request.session.roles, scope)
        ) {
          // A clinician without a relationship may open it in an emergency: the 404 says how, still naming no one.
          reply.code(404);
          return reply.render('record/not-available.njk', {
            breakGlassHref: paths.record.breakGlass.build({ childId: scope.childId }),
          });
        }
        reply.code(404);
        return reply.render('errors/404.njk');
      }
      request.record = scope;
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const declared = request.routeOptions.config.routeAccess;
    const audit = declared?.audit;
    // The context is missing only when the request failed before it was built (the database was down).
    if (
      (request.ctx as typeof request.ctx | null) === null ||
      audit === undefined ||
      audit === false ||
      audit.byUseCase === true
    )
      return payload;
    if (request.ctx.recorded.has('access.denied') || request.ctx.recorded.has(audit.action)) return payload;
    if (reply.statusCode >= 500) return payload;
    const params = request.params as Record<string, string | undefined>;
    // A record page's subject is the child it showed; a read by break-glass says so.
    const record = request.record;
    const subjectId =
      record !== null ? record.childId : audit.subjectParam === undefined ? undefined : params[audit.subjectParam];
    const basis = record !== null && record.access.level === 'clinical' ? record.access.basis : null;
    await deps.audit.record(deps.database.db, request.ctx, {
      action: audit.action,
      outcome: reply.statusCode < 400 ? 'success' : 'failure',
      ...(audit.subjectType !== undefined && { subjectType: audit.subjectType }),
      ...(subjectId !== undefined && { subjectId: subjectId.slice(0, 64) }),
      ...(record !== null && {
        detail: { access: basis ?? record.access.level, ...(basis === 'break-glass' && { breakGlass: true }) },
      }),
    });
    return payload;
  });
});
