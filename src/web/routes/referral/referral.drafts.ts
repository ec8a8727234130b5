/**
 * What every handler of the referral form does with the referrer's draft: find it by the cookie's token, work out the
 * questions as they stand, and answer a lost draft. Shared by `referral.controller.ts` and `save.controller.ts`. That a
 * form was posted from the draft's own pages is checked before the handler, by the CSRF plugin, against the token the
 * routes declare (`draftToken`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { can } from '../../../domain/access/roles.js';
import type { Draft } from '../../../domain/referrals/draft.js';
import type { Answers } from '../../../domain/forms/fields.js';
import { firstUnanswered, type QuestionContext } from '../../../domain/referrals/questions.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { londonDate } from '../../../domain/shared/dates.js';
import type { RequestContext } from '../../../services/shared/context.js';
import { paths as appPaths, publicPaths } from '../../paths.js';
import type { CsrfDeclaration } from '../../route-access.js';
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

  /**
   * The form token of the draft the cookie names: a post from another site, or from an old page, changes nothing. A
   * request with no draft cookie has nothing to protect, and its handler tells the person to start again.
   */
  const expected = (request: FastifyRequest) => {
    const token = request.cookies[cookieName];
    return token === undefined ? null : drafts.formToken(token);
  };
  const draftToken: CsrfDeclaration = { from: 'form', expected };
  const uploadToken: CsrfDeclaration = { from: 'multipart-field', expected };

  return {
    links,
    paths,
    frame,
    noStore,
    /** The CSRF declarations of the form's posts: the draft's form token, in the form or before the upload's file. */
    draftToken,
    uploadToken,

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

    formToken: (token: string) => drafts.formToken(token),

    /** The next page to answer, or check your answers when there is none. */
    nextHref(ctx: QuestionContext, answers: Answers, visited: ReadonlySet<string>): string {
      const page = firstUnanswered(ctx, answers, visited);
      return page === undefined ? paths.check : paths.page(page.id);
    },

    /** Where Back goes from a draft's first page: staff came from their registration page, referrers from the start. */
    firstBack: (draft: Draft) => (draft.source === 'staff' ? appPaths.staff.registerReferral.build() : paths.start),

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
