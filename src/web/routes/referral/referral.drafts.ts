/**
 * What every handler of the referral form does with the referrer's draft: find it by the cookie's token, check that a
 * form was posted from it, work out the questions as they stand, and answer a lost draft or a forged post. Shared by
 * `referral.controller.ts` and `save.controller.ts`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { can } from '../../../domain/access/roles.js';
import type { Draft } from '../../../domain/referrals/draft.js';
import type { Answers } from '../../../domain/referrals/fields.js';
import { firstUnanswered, type QuestionContext } from '../../../domain/referrals/questions.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { londonDate } from '../../../domain/shared/dates.js';
import { safeEqual } from '../../../services/accounts/secrets.js';
import type { RequestContext } from '../../../services/shared/context.js';
import { paths as appPaths, publicPaths } from '../../paths.js';
import { CSRF_FIELD } from '../../plugins/csrf.js';
import { sessionCookieName } from '../../plugins/session.js';
import { servicePageModel } from '../public/public.view-models.js';
import { referralCookieName, referralPaths } from './referral.paths.js';

/** What the referral form uses, and nothing more. */
export type ReferralServices = Pick<
  Dependencies,
  | 'config'
  | 'clock'
  | 'registry'
  | 'referenceData'
  | 'sessions'
  | 'referralDrafts'
  | 'referralAttachments'
  | 'submitReferral'
  | 'referrals'
>;

export interface HeldDraft {
  draft: Draft;
  token: string;
}

export function referralDrafts(services: ReferralServices, service: ServiceDefinition) {
  const { config, clock, referenceData, sessions, referralDrafts: drafts } = services;
  const links = publicPaths(services.registry.prefixOf(service.id));
  const paths = referralPaths(services.registry.prefixOf(service.id));
  const frame = servicePageModel(service, links);
  const cookieName = referralCookieName(config.secureCookies);

  const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store');

  return {
    links,
    paths,
    frame,
    noStore,

    /** The questions as they stand for this draft: staff registering a paper referral get a few of their own. */
    async questionContext(draft?: Draft): Promise<QuestionContext> {
      const loaded = await referenceData.loaded();
      return {
        definition: service,
        today: londonDate(clock()),
        practicesLoaded: loaded.practices,
        schoolsLoaded: loaded.schools,
        staff: draft?.source === 'staff',
      };
    },

    async draftOf(request: FastifyRequest): Promise<HeldDraft | undefined> {
      const token = request.cookies[cookieName];
      const draft = await drafts.open(service.id, token);
      return draft === undefined || token === undefined ? undefined : { draft, token };
    },

    /** The form token must be this draft's: a post from another site, or from an old page, changes nothing. */
    tokenMatches(body: Record<string, unknown>, token: string): boolean {
      const sent = body[CSRF_FIELD];
      Reflect.deleteProperty(body, CSRF_FIELD);
      return typeof sent === 'string' && safeEqual(sent, drafts.formToken(token));
    },

    /** The same check for a token read some other way (the upload's, before its file). */
    isFormToken(sent: unknown, token: string): boolean {
      return typeof sent === 'string' && safeEqual(sent, drafts.formToken(token));
    },

    formToken: (token: string) => drafts.formToken(token),

    /** The next page to answer, or check your answers when there is none. */
    nextHref(ctx: QuestionContext, answers: Answers, visited: ReadonlySet<string>): string {
      const page = firstUnanswered(ctx, answers, visited);
      return page === undefined ? paths.check : paths.page(page.id);
    },

    /** Where Back goes from a draft's first page: staff came from their registration page, referrers from the start. */
    firstBack: (draft: Draft) => (draft.source === 'staff' ? appPaths.staff.registerReferral.build() : paths.start),

    forbidden(reply: FastifyReply) {
      noStore(reply);
      return reply.code(403).render('errors/csrf.njk');
    },

    expired(reply: FastifyReply) {
      noStore(reply);
      return reply.code(400).render('referral/expired.njk', { ...frame, startHref: paths.start });
    },

    /**
     * Who is registering a staff draft: the member of staff signed in, in this service, with the permission to. A
     * staff draft is only ever sent by them, so the audit trail names them and the clock starts on the date they give.
     */
    async registeringStaff(request: FastifyRequest): Promise<RequestContext | undefined> {
      const value = request.cookies[sessionCookieName(config.secureCookies)];
      if (value === undefined) return undefined;
      const { session } = await sessions.resolve(value);
      if (session?.user == null || session.serviceId !== service.id || !can(session.roles, 'referrals:register')) {
        return undefined;
      }
      return { ...request.ctx, serviceId: service.id, actorUserId: session.user.id, actorRoles: session.roles };
    },
  };
}

export type ReferralDrafts = ReturnType<typeof referralDrafts>;
