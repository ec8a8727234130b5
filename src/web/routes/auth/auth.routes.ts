/**
 * Signing in and out, and setting a password from a one-time link (the first admin, or an invitation). Handlers:
 * `auth.controller.ts`.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { PUBLIC_PAGE, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { authController, type AuthServices } from './auth.controller.js';
import { passwordResetController } from './password-reset.controller.js';
import { twoFactorController } from './two-factor.controller.js';

const SIGN_IN: RouteAccess = { access: { kind: 'public' }, audit: { action: 'auth.sign-in', byUseCase: true } };
const SIGN_OUT: RouteAccess = { access: { kind: 'public' }, audit: { action: 'auth.sign-out', byUseCase: true } };
const ACTIVATE: RouteAccess = { access: { kind: 'public' }, audit: { action: 'account.activated', byUseCase: true } };
const RESET_REQUESTED: RouteAccess = {
  access: { kind: 'public' },
  audit: { action: 'account.password-reset-requested', byUseCase: true },
};
const RESET: RouteAccess = { access: { kind: 'public' }, audit: { action: 'account.password-reset', byUseCase: true } };
const EXTEND: RouteAccess = { access: { kind: 'signed-in' }, audit: false };

export function authRoutes(services: AuthServices) {
  const controller = authController(services);
  const second = twoFactorController(services);
  const forgotten = passwordResetController(services);
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
      get(paths.signInCode.pattern, PUBLIC_PAGE, second.codePage),
      post(paths.signInCode.pattern, SIGN_IN, second.code, limited),
      get(paths.signInSetUp.pattern, PUBLIC_PAGE, second.setUpPage),
      post(paths.signInSetUp.pattern, SIGN_IN, second.setUp, limited),
      get(paths.forgottenPassword.pattern, PUBLIC_PAGE, forgotten.forgottenPage),
      post(paths.forgottenPassword.pattern, RESET_REQUESTED, forgotten.forgotten, limited),
      get(paths.resetPassword.pattern, PUBLIC_PAGE, forgotten.resetPage),
      post(paths.resetPassword.pattern, RESET, forgotten.reset, limited),
    ]);
  };
}
