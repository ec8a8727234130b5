/**
 * "Forgotten your password?" (docs/adr/0032): asking for a link (always the same answer), and the one-time link's
 * page that sets a new password under the password policy.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { StaffUser } from '../../../domain/accounts/user.js';
import { problem } from '../../../domain/shared/outcome.js';
import { formValues, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { sendProblem } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { CONFIRM_PASSWORD, confirmPasswordField, newPasswordProblems } from './auth.forms.js';
import { forgottenFields, resetFields } from './two-factor.forms.js';
import { drawnFields } from './two-factor.view-models.js';

type TokenParams = { token: string };
const LINK_USED = problem('invalid-token', 'This link has expired or has already been used.');

export function passwordResetController(deps: Dependencies) {
  const { passwordReset } = deps;

  const renderForgotten = async (
    reply: FastifyReply,
    status: number,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) =>
    reply.code(status).render('auth/forgotten-password.njk', {
      errors,
      fields: drawnFields(forgottenFields, values, errors),
      signInHref: paths.signIn.build(),
      csrfToken: await reply.csrfToken(),
    });

  const renderReset = async (
    reply: FastifyReply,
    user: StaffUser,
    token: string,
    status: number,
    errors?: FormErrors,
  ) =>
    reply.code(status).render('auth/reset-password.njk', {
      errors,
      email: user.email,
      action: paths.resetPassword.build({ token }),
      fields: drawnFields([...resetFields, confirmPasswordField], {}, errors),
      csrfToken: await reply.csrfToken(),
    });

  const forgottenPage: Handler = async (_request, reply) => renderForgotten(reply, 200);

  const forgotten: Handler = async (request, reply) => {
    const form = readForm(forgottenFields, request.body);
    if (!form.ok) return renderForgotten(reply, 400, form.errors, form.values);
    await passwordReset.request(form.data.email, request.ctx);
    // The same answer whether or not the address has an account.
    return reply.render('auth/forgotten-password-sent.njk', {
      email: form.data.email,
      signInHref: paths.signIn.build(),
    });
  };

  const resetPage: Handler<{ Params: TokenParams }> = async (request, reply) => {
    const user = await passwordReset.describe(request.params.token);
    if (user === undefined) return sendProblem(reply, LINK_USED);
    return renderReset(reply, user, request.params.token, 200);
  };

  const reset: Handler<{ Params: TokenParams }> = async (request, reply) => {
    const { token } = request.params;
    const user = await passwordReset.describe(token);
    if (user === undefined) return sendProblem(reply, LINK_USED);
    const form = readForm(resetFields, request.body, { also: [CONFIRM_PASSWORD] });
    if (!form.ok) return renderReset(reply, user, token, 400, form.errors);
    const input = { password: form.data.password, confirmPassword: formValues(request.body)[CONFIRM_PASSWORD] };
    const problems = newPasswordProblems(input, { email: user.email, name: user.displayName });
    if (problems !== null) return renderReset(reply, user, token, 400, problems);
    const done = await passwordReset.reset(token, form.data.password, request.ctx);
    if (!done.ok) return sendProblem(reply, done.problem);
    return reply.redirect(`${paths.signIn.build()}?reset=1`, 303);
  };

  return { forgottenPage, forgotten, resetPage, reset };
}
