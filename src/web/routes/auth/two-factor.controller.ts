/**
 * The second step of signing in (docs/adr/0032): the code page, and setting up an authenticator app at the first
 * sign-in after it is required (QR code, code to confirm, then the recovery codes, shown once). The waiting sign-in
 * belongs to the anonymous session the password was given in, for 5 minutes; without one, back to the sign-in page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { StaffUser } from '../../../domain/accounts/user.js';
import { errorsFromMessages, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { safeReturnTo } from '../../forms/return-to.js';
import { statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import { endSession, rotateSession } from '../../plugins/session.js';
import type { Handler } from '../table.js';
import { startSignedInSession } from './complete-sign-in.js';
import { codeFields, setUpFields } from './two-factor.forms.js';
import { drawnFields, qrCodeSvg, recoveryCodesDownload } from './two-factor.view-models.js';

const timedOut = () => `${paths.signIn.build()}?timedOut=1`;

/**
 * After a right password: the sign-in waits for the second step in a new anonymous session (a planted id is worthless
 * here too), then goes to the code page, or to set-up when the person has no app yet.
 */
export async function awaitSecondStep(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Dependencies,
  user: StaffUser,
  returnTo: string | undefined,
): Promise<string> {
  const session = await rotateSession(request, reply, deps, null, null);
  const checkedReturnTo = safeReturnTo(returnTo, '');
  const next = await deps.twoFactor.begin(session.idHash, user, checkedReturnTo === '' ? null : checkedReturnTo);
  return next === 'code' ? paths.signInCode.build() : paths.signInSetUp.build();
}

export function twoFactorController(deps: Dependencies) {
  const { twoFactor } = deps;

  const renderCode = async (reply: FastifyReply, status: number, errors?: FormErrors) =>
    reply.code(status).render('auth/sign-in-code.njk', {
      errors,
      fields: drawnFields(codeFields, {}, errors),
      cancelHref: paths.signIn.build(),
      csrfToken: await reply.csrfToken(),
    });

  const renderSetUp = async (reply: FastifyReply, sessionHash: string, status: number, errors?: FormErrors) => {
    const details = await twoFactor.setUpDetails(sessionHash);
    if (!details.ok)
      return reply.redirect(details.problem.code === 'conflict' ? paths.signInCode.build() : timedOut(), 303);
    return reply.code(status).render('auth/sign-in-set-up.njk', {
      errors,
      qrSvg: await qrCodeSvg(details.uri),
      secretText: details.secretText,
      email: details.user.email,
      fields: drawnFields(setUpFields, {}, errors),
      csrfToken: await reply.csrfToken(),
    });
  };

  /** A wrong code again shows the page with the reason; a lock-out or a timed-out sign-in starts again. */
  const refused = async (
    request: FastifyRequest,
    reply: FastifyReply,
    problem: { code: string; message: string },
    again: () => Promise<unknown>,
  ) => {
    if (problem.code === 'invalid-token') return reply.redirect(timedOut(), 303);
    if (problem.code === 'throttled') {
      await endSession(request, reply, deps);
      return reply
        .code(429)
        .render('auth/sign-in-locked.njk', { message: problem.message, signInHref: paths.signIn.build() });
    }
    return again();
  };

  const codePage: Handler = async (request, reply) => {
    const enrolled = request.session === null ? undefined : await twoFactor.waiting(request.session.idHash);
    if (enrolled === undefined) return reply.redirect(timedOut(), 303);
    if (!enrolled) return reply.redirect(paths.signInSetUp.build(), 303);
    return renderCode(reply, 200);
  };

  const code: Handler = async (request, reply) => {
    if (request.session === null) return reply.redirect(timedOut(), 303);
    const form = readForm(codeFields, request.body);
    if (!form.ok) return renderCode(reply, 400, form.errors);
    const result = await twoFactor.verify(request.session.idHash, form.data.code, request.ctx);
    if (!result.ok) {
      const errors = errorsFromMessages([['code', result.problem.message]]);
      return refused(request, reply, result.problem, () => renderCode(reply, statusOf(result.problem), errors));
    }
    const next = await startSignedInSession(request, reply, deps, result, result.returnTo);
    if (result.recoveryCodesLeft === null) return reply.redirect(next, 303);
    return reply.render('auth/recovery-code-used.njk', { left: result.recoveryCodesLeft, continueHref: next });
  };

  const setUpPage: Handler = async (request, reply) => {
    if (request.session === null) return reply.redirect(timedOut(), 303);
    return renderSetUp(reply, request.session.idHash, 200);
  };

  const setUp: Handler = async (request, reply) => {
    if (request.session === null) return reply.redirect(timedOut(), 303);
    const sessionHash = request.session.idHash;
    const form = readForm(setUpFields, request.body);
    if (!form.ok) return renderSetUp(reply, sessionHash, 400, form.errors);
    const result = await twoFactor.confirmSetUp(sessionHash, form.data.code, request.ctx);
    if (!result.ok) {
      const errors = errorsFromMessages([['code', result.problem.message]]);
      return refused(request, reply, result.problem, () =>
        renderSetUp(reply, sessionHash, statusOf(result.problem), errors),
      );
    }
    const next = await startSignedInSession(request, reply, deps, result, result.returnTo);
    // Shown once, in the answer to the confirmation: only their hashes are kept.
    return reply.render('auth/recovery-codes.njk', {
      codes: result.recoveryCodes,
      downloadHref: recoveryCodesDownload(result.recoveryCodes, result.user.email),
      continueHref: next,
    });
  };

  return { codePage, code, setUpPage, setUp };
}
