/**
 * The online referral form: GOV.UK question pages, one thing per page, then "check your answers" with the eligibility
 * decision, then a confirmation with the reference. Every answer is saved on the server as the referrer goes (a draft
 * keyed by a random token in a cookie), so a time-out, a lost connection or a closed tab loses nothing; a one-time
 * link by e-mail brings the referrer back to it. No staff session is used: each form carries a token derived from the
 * draft's own, so another site cannot post into someone's draft. Handlers: `referral.controller.ts` and
 * `save.controller.ts`.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { ATTACHMENT_MAX_BYTES } from '../../../domain/referrals/attachments.js';
import { referralPages } from '../../../domain/referrals/questions.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { PUBLIC_NO_SESSION, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { referralController } from './referral.controller.js';
import { referralDrafts, type ReferralServices } from './referral.drafts.js';
import { referralPaths } from './referral.paths.js';
import { saveController } from './save.controller.js';

export { referralCookieName, referralPaths } from './referral.paths.js';

const PAGE = PUBLIC_NO_SESSION;
const SUBMIT: RouteAccess = {
  access: { kind: 'public', session: false },
  audit: { action: 'referral.submitted', byUseCase: true },
};
const SAVE_LINK: RouteAccess = {
  access: { kind: 'public', session: false },
  audit: { action: 'referral.draft-link-sent', byUseCase: true },
};

export function referralRoutes(services: ReferralServices, service: ServiceDefinition) {
  const paths = referralPaths(services.registry.prefixOf(service.id));
  const form = referralController(services, service);
  const saving = saveController(services, service);
  // Each post carries the draft's form token (not a session's): in the form, or before the upload's file.
  const { draftToken, uploadToken } = referralDrafts(services, service);
  const fromDraft = { csrf: draftToken };
  // Every page the form can have, whatever the answers: each answers only while it applies to the draft.
  const ids = referralPages({
    definition: service,
    today: '2000-01-01',
    practicesLoaded: true,
    schoolsLoaded: true,
  }).map((p) => p.id);

  return async (app: FastifyInstance) => {
    // Uploads only in this plugin's scope: the multipart parser is registered for the referral form alone.
    await app.register(multipart, {
      limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 1, fieldSize: 200, parts: 2 },
    });
    const upload = { bodyLimit: ATTACHMENT_MAX_BYTES + 65_536, csrf: uploadToken };

    routes(
      app,
      [
        get(paths.start, PAGE, form.start),
        post(paths.begin, PAGE, form.begin),
        ...ids.flatMap((id) => [
          get(paths.page(id), PAGE, form.page(id)),
          post(paths.page(id), PAGE, form.answer(id), fromDraft),
        ]),
        get(paths.windowEnded, PAGE, form.windowEnded),
        post(paths.upload, PAGE, form.upload, upload),
        post(paths.removeFile, PAGE, form.removeFile, fromDraft),
        get(paths.check, PAGE, form.check),
        post(paths.check, SUBMIT, form.submit, fromDraft),
        get(paths.confirmation, PAGE, form.confirmation),
        get(paths.save, PAGE, saving.savePage),
        post(paths.save, SAVE_LINK, saving.save, fromDraft),
        get(paths.resume, PAGE, saving.resume),
      ],
      { serviceId: service.id },
    );
  };
}
