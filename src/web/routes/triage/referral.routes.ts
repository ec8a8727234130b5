/**
 * A referral's page for triage, its decision pages, the "is this the same child?" question and its files. Reading
 * it is audited; the handlers are in `referral.controller.ts`, what the pages show in `referral.view-models.ts`.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { triageReferralController, type TriageReferralServices } from './referral.controller.js';

const subject = { subjectType: 'referral', subjectParam: 'referralId' } as const;
const VIEW = needs('triage:read', { action: 'referral.viewed', ...subject });
const DECIDE_PAGE = needs('triage:decide', { action: 'referral.viewed', ...subject });
const DECIDE = needs('triage:decide', { action: 'referral.decided', ...subject, byUseCase: true });
const ANSWER_MATCH = needs('triage:decide', { action: 'referral.child-match-answered', ...subject, byUseCase: true });
const DOWNLOAD = needs('triage:read', { action: 'referral.attachment-downloaded', ...subject });

export function triageReferralRoutes(services: TriageReferralServices) {
  const controller = triageReferralController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.triage.referral.pattern, VIEW, controller.show),
      get(paths.triage.decide.pattern, DECIDE_PAGE, controller.decisionPage),
      post(paths.triage.decide.pattern, DECIDE, controller.decide),
      get(paths.triage.childMatch.pattern, DECIDE_PAGE, controller.childMatchPage),
      post(paths.triage.childMatch.pattern, ANSWER_MATCH, controller.answerChildMatch),
      get(paths.triage.attachment.pattern, DOWNLOAD, controller.download),
    ]);
  };
}
