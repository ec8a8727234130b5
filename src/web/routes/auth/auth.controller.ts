/**
 * The handlers of signing in and out, staying signed in, and setting a password from a one-time link (the first
 * administrator, or an invitation).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { problem } from '../../../domain/shared/outcome.js';
import { errorsFromMessages, formValues, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { safeReturnTo } from '../../forms/return-to.js';
import { sendProblem, statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import { endSession } from '../../plugins/session.js';
import type { Handler } from '../table.js';
import {
  CONFIRM_PASSWORD,
  RETURN_TO,
  activateFirstAdminFields,
  activateInviteFields,
  newPasswordProblems,
  signInFields,
} from './auth.forms.js';
import { activateModel, signInModel, type TokenHolder } from './auth.view-models.js';
import { startSignedInSession } from './complete-sign-in.js';
import { awaitSecondStep } from './two-factor.controller.js';
import { singleSignOnModel } from './oidc.view-models.js';

/**
 * What signing in and out uses. The session helpers of `plugins/session.ts` still take the whole bag; once they take
 * `Pick<Dependencies, 'config' | 'sessions'>`, this becomes `Pick<Dependencies, 'config' | 'sessions' | 'signIn' |
 * 'accounts'>`.
 */
export type AuthServices = Dependencies;

type TokenParams = { token: string };

/** A one-time link that has expired or been used: the same answer whichever step finds it. */
const LINK_USED = problem('invalid-token', 'This link has expired or has already been used.');

export function authController(deps: AuthServices) {
  const { signIn: signing, accounts, sessions } = deps;

  const renderSignIn = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) =>
    reply.code(status).render('auth/sign-in.njk', {
      ...signInModel(values, request.query as Record<string, unknown>, errors),
      singleSignOn: singleSignOnModel(
        deps.oidc !== null,
        values.returnTo ?? (request.query as { returnTo?: unknown }).returnTo,
      ),
      csrfToken: await reply.csrfToken(),
    });

  const renderActivate = async (
    reply: FastifyReply,
    holder: TokenHolder,
    token: string,
    status: number,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) =>
    reply.code(status).render('auth/activate.njk', {
      ...activateModel(holder, token, values, errors),
      csrfToken: await reply.csrfToken(),
    });

  const signInPage: Handler = async (request, reply) => {
    if (request.session?.user != null) return reply.redirect(paths.staff.home.build(), 303);
    return renderSignIn(request, reply, 200);
  };

  const signIn: Handler = async (request, reply) => {
    const form = readForm(signInFields, request.body, { also: [RETURN_TO] });
    if (!form.ok) return renderSignIn(request, reply, 400, form.errors, form.values);
    const result = await signing.checkPassword(form.data.email, form.data.password, request.ctx);
    if (!result.ok) {
      const errors = errorsFromMessages([['email', result.problem.message]]);
      return renderSignIn(request, reply, statusOf(result.problem), errors, formValues(request.body));
    }
    const returnTo = typeof form.values[RETURN_TO] === 'string' ? form.values[RETURN_TO] : undefined;
    // With a second factor required, the password only opens the second step (docs/adr/0032).
    if (deps.twoFactor.required) {
      return reply.redirect(await awaitSecondStep(request, reply, deps, result.user, returnTo), 303);
    }
    const done = await signing.completeSignIn(result.user, request.ctx);
    return reply.redirect(await startSignedInSession(request, reply, deps, done, returnTo), 303);
  };

  const signOut: Handler = async (request, reply) => {
    const user = request.session?.user;
    if (user != null) await signing.signOut(request.ctx, user.id);
    await endSession(request, reply, deps);
    // Someone who signs out is done on this computer: the browser forgets what pages kept in it (a contact note's
    // unsaved text, kept by note-autosave.js while a session had timed out), so the next person cannot read it.
    reply.header('Clear-Site-Data', '"storage"');
    return reply.redirect(paths.signedOut.build(), 303);
  };

  /** "Stay signed in" from the idle-timeout warning (WCAG 2.2.1): JSON for the script, a redirect for a plain form. */
  const extend: Handler = async (request, reply) => {
    if (request.session === null) return reply.redirect(paths.signIn.build(), 303);
    const session = await sessions.extend(request.session);
    if (request.headers.accept?.includes('application/json') === true) {
      return reply.send({ idleExpiresAt: session.idleExpiresAt });
    }
    return reply.redirect(safeReturnTo(formValues(request.body).returnTo, paths.staff.home.build()), 303);
  };

  const signedOut: Handler = async (_request, reply) =>
    reply.render('auth/signed-out.njk', { signInHref: paths.signIn.build() });

  const activatePage: Handler<{ Params: TokenParams }> = async (request, reply) => {
    const { token } = request.params;
    const holder = await accounts.describeToken(token);
    if (holder.kind === 'invalid') return sendProblem(reply, LINK_USED);
    return renderActivate(reply, holder, token, 200);
  };

  const activate: Handler<{ Params: TokenParams }> = async (request, reply) => {
    const { token } = request.params;
    const holder = await accounts.describeToken(token);
    if (holder.kind === 'invalid') return sendProblem(reply, LINK_USED);
    let input: { password: string; confirmPassword?: unknown; email?: string; displayName?: string };
    let person: { email: string; name: string };
    if (holder.kind === 'first-admin') {
      const form = readForm(activateFirstAdminFields, request.body, { also: [CONFIRM_PASSWORD] });
      if (!form.ok) return renderActivate(reply, holder, token, 400, form.errors, form.values);
      input = { ...form.data, confirmPassword: form.values[CONFIRM_PASSWORD] };
      person = { email: form.data.email, name: form.data.displayName };
    } else {
      const form = readForm(activateInviteFields, request.body, { also: [CONFIRM_PASSWORD] });
      if (!form.ok) return renderActivate(reply, holder, token, 400, form.errors, form.values);
      input = { ...form.data, confirmPassword: form.values[CONFIRM_PASSWORD] };
      person = { email: holder.user.email, name: holder.user.displayName };
    }
    const problems = newPasswordProblems(input, person);
    if (problems !== null) return renderActivate(reply, holder, token, 400, problems, formValues(request.body));
    const activated = await accounts.activate(token, input, request.ctx);
    if (!activated.ok) return sendProblem(reply, activated.problem);
    return reply.redirect(`${paths.signIn.build()}?activated=1`, 303);
  };

  return { signInPage, signIn, signOut, extend, signedOut, activatePage, activate };
}
