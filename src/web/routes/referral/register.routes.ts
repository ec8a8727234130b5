/**
 * An admin officer registers a referral that came by post, e-mail or telephone: the same questions as the online
 * form (a draft of its own, marked as staff's, with how and when it arrived), sent to triage with the date it arrived
 * as the start of the clock. The questions are the online form's pages; this starts the draft and sends them there.
 */
import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { activeServiceId } from '../../active-service.js';
import { paths, publicPaths } from '../../paths.js';
import type { RouteAccess } from '../../route-access.js';
import { referralCookieName, referralCookieOptions } from './referral.paths.js';

const REGISTER: RouteAccess = { access: { kind: 'permission', permission: 'referrals:register' }, audit: false };

export function registerReferralRoutes(deps: Dependencies) {
  return async (app: FastifyInstance) => {
    app.get(paths.staff.registerReferral.pattern, { config: { routeAccess: REGISTER } }, async (_request, reply) =>
      reply.render('referral/register.njk', { csrfToken: await reply.csrfToken() }),
    );

    app.post(paths.staff.registerReferral.pattern, { config: { routeAccess: REGISTER } }, async (request, reply) => {
      const serviceId = activeServiceId(reply);
      const token = await deps.referralDrafts.start(serviceId, 'staff', request.ctx.actorUserId);
      reply.setCookie(referralCookieName(deps.config.secureCookies), token, referralCookieOptions(deps.config));
      return reply.redirect(`${publicPaths(deps.registry.prefixOf(serviceId)).refer}/received`, 303);
    });
  };
}
