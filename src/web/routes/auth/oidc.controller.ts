/**
 * The handlers of single sign-on through an OpenID provider (docs/adr/0033): the link that starts it, and the callback
 * the provider sends the browser back to, whose guard against forgery is the state, bound to the session that
 * started it (and spent by the first callback that names it).
 */
import type { Dependencies } from '../../../composition.js';
import type { OidcProblem, OidcSignIn } from '../../../services/accounts/oidc.service.js';
import { safeReturnTo } from '../../forms/return-to.js';
import { rotateSession } from '../../plugins/session.js';
import type { Handler } from '../table.js';
import { startSignedInSession } from './complete-sign-in.js';
import { refusedModel } from './oidc.view-models.js';
import type { FastifyReply } from 'fastify';

type CallbackQuery = { Querystring: Record<string, unknown> };
type StartQuery = { Querystring: { returnTo?: unknown } };

export function oidcController(deps: Dependencies, oidc: OidcSignIn) {
  const refused = async (reply: FastifyReply, found: OidcProblem) => {
    const model = refusedModel(found);
    return reply.code(model.status).render('auth/oidc-refused.njk', model);
  };

  /**
   * A link, not a form: the sign-in page's CSP lets forms post to Otway alone, and a browser holds a form's redirect
   * to that too. What it changes is the person's own pre-sign-in session (as the sign-in page's form token does).
   */
  const start: Handler<StartQuery> = async (request, reply) => {
    const session = request.session ?? (await rotateSession(request, reply, deps, null, null));
    const returnTo = safeReturnTo(request.query.returnTo, '');
    const started = await oidc.start(
      { sessionIdHash: session.idHash, returnTo: returnTo === '' ? null : returnTo },
      request.ctx,
    );
    if (!started.ok) return refused(reply, started.problem);
    return reply.redirect(started.url, 303);
  };

  const callback: Handler<CallbackQuery> = async (request, reply) => {
    const state = request.query.state;
    const finished = await oidc.finish(
      {
        sessionIdHash: request.session?.idHash ?? null,
        // The address the provider sent the browser to, as BASE_URL names it (behind a proxy too).
        callbackUrl: new URL(request.url, deps.config.baseUrl),
        state: typeof state === 'string' ? state : '',
      },
      request.ctx,
    );
    if (!finished.ok) return refused(reply, finished.problem);
    // The provider's sign-in is the strong one: Otway's own second factor is not asked for (docs/adr/0033).
    return reply.redirect(await startSignedInSession(request, reply, deps, finished, finished.returnTo), 303);
  };

  return { start, callback };
}
