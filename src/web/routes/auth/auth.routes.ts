/**
 * Signing in and out, and setting a password from a one-time link (the first admin, or an invitation).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { DomainError } from '../../../domain/shared/errors.js';
import { errorsFromMessages, formValues, parseForm, type FormErrors } from '../../forms/form.js';
import { safeReturnTo } from '../../forms/return-to.js';
import { paths } from '../../paths.js';
import { PUBLIC_PAGE, type RouteAccess } from '../../route-access.js';
import { endSession, rotateSession } from '../../plugins/session.js';
import { activateFirstAdminForm, activateInviteForm, newPasswordProblems, signInForm } from './auth.forms.js';

const SIGN_IN: RouteAccess = { access: { kind: 'public' }, audit: { action: 'auth.sign-in', byUseCase: true } };
const SIGN_OUT: RouteAccess = { access: { kind: 'public' }, audit: { action: 'auth.sign-out', byUseCase: true } };
const ACTIVATE: RouteAccess = { access: { kind: 'public' }, audit: { action: 'account.activated', byUseCase: true } };
const EXTEND: RouteAccess = { access: { kind: 'signed-in' }, audit: false };

export function authRoutes(deps: Dependencies) {
  const signInMessage = (lockoutMinutes: number) => ({
    invalid: 'Enter a correct email address and password',
    throttled: `There have been too many attempts to sign in. Wait ${String(lockoutMinutes)} minutes and try again`,
  });

  async function renderSignIn(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) {
    const query = request.query as Record<string, unknown>;
    return reply.code(status).render('auth/sign-in.njk', {
      errors,
      values: { email: typeof values.email === 'string' ? values.email : '' },
      returnTo: safeReturnTo(values.returnTo ?? query.returnTo, ''),
      activated: query.activated === '1',
      csrfToken: await reply.csrfToken(),
    });
  }

  return async (app: FastifyInstance) => {
    app.get(paths.signIn.pattern, { config: { routeAccess: PUBLIC_PAGE } }, async (request, reply) => {
      if (request.session?.user != null) return reply.redirect(paths.staff.home.build(), 303);
      return renderSignIn(request, reply, 200);
    });

    app.post(
      paths.signIn.pattern,
      { config: { routeAccess: SIGN_IN, rateLimit: { max: deps.config.signIn.ratePerMinute, timeWindow: 60_000 } } },
      async (request, reply) => {
        const form = parseForm(signInForm, request.body);
        if (!form.ok) return renderSignIn(request, reply, 400, form.errors, form.values);
        const result = await deps.signIn.signIn(form.data.email, form.data.password, request.ctx);
        if (!result.ok) {
          const text = signInMessage(deps.config.signIn.lockoutMinutes)[result.reason];
          const errors = errorsFromMessages([['email', text]]);
          return renderSignIn(
            request,
            reply,
            result.reason === 'throttled' ? 429 : 401,
            errors,
            formValues(request.body),
          );
        }
        const serviceId = result.serviceIds.length === 1 ? (result.serviceIds[0] ?? null) : null;
        await rotateSession(request, reply, deps, result.user.id, serviceId);
        const next = result.serviceIds.length > 1 ? paths.staff.chooseService.build() : paths.staff.home.build();
        return reply.redirect(safeReturnTo(form.data.returnTo, next), 303);
      },
    );

    app.post(paths.signOut.pattern, { config: { routeAccess: SIGN_OUT } }, async (request, reply) => {
      const user = request.session?.user;
      if (user != null) {
        await deps.audit.record(deps.database.db, request.ctx, {
          action: 'auth.sign-out',
          subjectType: 'user',
          subjectId: user.id,
        });
      }
      await endSession(request, reply, deps);
      return reply.redirect(paths.signedOut.build(), 303);
    });

    // "Stay signed in" from the idle-timeout warning (WCAG 2.2.1): JSON for the script, a redirect for a plain form.
    app.post(paths.extendSession.pattern, { config: { routeAccess: EXTEND } }, async (request, reply) => {
      if (request.session === null) return reply.redirect(paths.signIn.build(), 303);
      const session = await deps.sessions.extend(request.session);
      if (request.headers.accept?.includes('application/json') === true) {
        return reply.send({ idleExpiresAt: session.idleExpiresAt });
      }
      return reply.redirect(safeReturnTo(formValues(request.body).returnTo, paths.staff.home.build()), 303);
    });

    app.get(paths.signedOut.pattern, { config: { routeAccess: PUBLIC_PAGE } }, async (_request, reply) =>
      reply.render('auth/signed-out.njk', { signInHref: paths.signIn.build() }),
    );

    const renderActivate = async (
      reply: FastifyReply,
      token: string,
      status: number,
      errors?: FormErrors,
      values: Record<string, unknown> = {},
    ) => {
      const view = await deps.accounts.describeToken(token);
      if (view.kind === 'invalid') return reply.code(410).render('errors/410.njk');
      return reply.code(status).render('auth/activate.njk', {
        firstAdmin: view.kind === 'first-admin',
        person: view.kind === 'invite' ? { name: view.user.displayName, email: view.user.email } : null,
        action: paths.activate.build({ token }),
        errors,
        values: {
          displayName: typeof values.displayName === 'string' ? values.displayName : '',
          email: typeof values.email === 'string' ? values.email : '',
        },
        csrfToken: await reply.csrfToken(),
      });
    };

    app.get(paths.activate.pattern, { config: { routeAccess: PUBLIC_PAGE } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      return renderActivate(reply, token, 200);
    });

    app.post(paths.activate.pattern, { config: { routeAccess: ACTIVATE } }, async (request, reply) => {
      const { token } = request.params as { token: string };
      const view = await deps.accounts.describeToken(token);
      if (view.kind === 'invalid') return reply.code(410).render('errors/410.njk');
      let input: { password: string; confirmPassword?: unknown; email?: string; displayName?: string };
      let person: { email: string; name: string };
      if (view.kind === 'first-admin') {
        const form = parseForm(activateFirstAdminForm, request.body);
        if (!form.ok) return renderActivate(reply, token, 400, form.errors, form.values);
        input = form.data;
        person = { email: form.data.email, name: form.data.displayName };
      } else {
        const form = parseForm(activateInviteForm, request.body);
        if (!form.ok) return renderActivate(reply, token, 400, form.errors, form.values);
        input = form.data;
        person = { email: view.user.email, name: view.user.displayName };
      }
      const problems = newPasswordProblems(input, person);
      if (problems !== null) return renderActivate(reply, token, 400, problems, formValues(request.body));
      try {
        await deps.accounts.activate(token, input, request.ctx);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'invalid-token') return reply.code(410).render('errors/410.njk');
        throw err;
      }
      return reply.redirect(`${paths.signIn.build()}?activated=1`, 303);
    });
  };
}
