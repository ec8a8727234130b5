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
import { get, post, routes, type Handler } from '../table.js';
import { referralCookieName, referralCookieOptions } from './referral.paths.js';

const REGISTER: RouteAccess = { access: { kind: 'permission', permission: 'referrals:register' }, audit: false };

export function registerReferralRoutes({
  config,
  registry,
  referralDrafts,
}: Pick<Dependencies, 'config' | 'registry' | 'referralDrafts'>) {
  const page: Handler = async (_request, reply) =>
    reply.render('referral/register.njk', { csrfToken: await reply.csrfToken() });

  const start: Handler = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const token = await referralDrafts.start(serviceId, 'staff', request.ctx.actorUserId);
    reply.setCookie(referralCookieName(config.secureCookies), token, referralCookieOptions(config));
    return reply.redirect(`${publicPaths(registry.prefixOf(serviceId)).refer}/received`, 303);
  };

  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.staff.registerReferral.pattern, REGISTER, page),
      post(paths.staff.registerReferral.pattern, REGISTER, start),
    ]);
  };
}
