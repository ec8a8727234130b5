/**
 * Single sign-on through an OpenID provider such as NHS Care Identity Service 2 (docs/adr/0033); none of it exists
 * unless OIDC_ISSUER is set. Handlers: `oidc.controller.ts`.
 */
import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { paths } from '../../paths.js';
import type { RouteAccess } from '../../route-access.js';
import { get, routes } from '../table.js';
import { oidcController } from './oidc.controller.js';

/** Both record their own events: a refused start, and every finished or refused sign-in. */
const SIGN_IN: RouteAccess = { access: { kind: 'public' }, audit: { action: 'auth.sign-in', byUseCase: true } };

export function oidcRoutes(deps: Dependencies) {
  const oidc = deps.oidc;
  const limited = { config: { rateLimit: { max: deps.config.signIn.ratePerMinute, timeWindow: 60_000 } } };
  return async (app: FastifyInstance) => {
    if (oidc === null) return;
    const controller = oidcController(deps, oidc);
    routes(app, [
      get(paths.oidc.start.pattern, SIGN_IN, controller.start, limited),
      get(paths.oidc.callback.pattern, SIGN_IN, controller.callback, limited),
    ]);
  };
}
