/**
 * Signing in and out, and setting a password from a one-time link (the first admin, or an invitation). Handlers:
 * `auth.controller.ts`.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { PUBLIC_PAGE, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { authController, type AuthServices } from './auth.controller.js';

const SIGN_IN: RouteAccess = { access: { kind: 'public' }, audit: { action: 'auth.sign-in', byUseCase: true } };
const SIGN_OUT: RouteAccess = { access: { kind: 'public' }, audit: { action: 'auth.sign-out', byUseCase: true } };
const ACTIVATE: RouteAccess = { access: { kind: 'public' }, audit: { action: 'account.activated', byUseCase: true } };
const EXTEND: RouteAccess = { access: { kind: 'signed-in' }, audit: false };

export function authRoutes(services: AuthServices) {
  const controller = authController(services);
  const limited = { config: { rateLimit: { max: services.config.signIn.ratePerMinute, timeWindow: 60_000 } } };
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.signIn.pattern, PUBLIC_PAGE, controller.signInPage),
      post(paths.signIn.pattern, SIGN_IN, controller.signIn, limited),
      post(paths.signOut.pattern, SIGN_OUT, controller.signOut),
      post(paths.extendSession.pattern, EXTEND, controller.extend),
      get(paths.signedOut.pattern, PUBLIC_PAGE, controller.signedOut),
      get(paths.activate.pattern, PUBLIC_PAGE, controller.activatePage),
      post(paths.activate.pattern, ACTIVATE, controller.activate),
    ]);
  };
}
