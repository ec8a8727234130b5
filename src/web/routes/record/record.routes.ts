/**
 * A child's record (issue 14 items 1 and 9): the record page, its alerts, break-glass and the Caldicott guardian's
 * reviews. Every page of one child's record declares `needsRecord`: the access hook answers 404 (naming no one) to
 * anyone without enough access to this child's record, and the read is audited with the child as its subject. The
 * break-glass form is for those who cannot see the record yet: it names no one and reads nothing.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs, needsRecord, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { recordController, type RecordServices } from './record.controller.js';

const CHILD = { type: 'child', param: 'childId' } as const;

const VIEW = needsRecord('record:read', 'demographics', CHILD, { action: 'record.viewed' });
const OF_EPISODE = needsRecord(
  'record:read',
  'demographics',
  { type: 'episode', param: 'episodeId' },
  { action: 'record.viewed' },
);
const ALERT_FORM = needsRecord('record:write', 'clinical-write', CHILD, { action: 'record.viewed' });
const ADD_ALERT = needsRecord('record:write', 'clinical-write', CHILD, {
  action: 'record.alert-added',
  byUseCase: true,
});
const END_ALERT = needsRecord('record:write', 'clinical-write', CHILD, {
  action: 'record.alert-ended',
  byUseCase: true,
});
/** Shows a form and reads nothing about the child: nothing to audit until a reason is given. */
const BREAK_GLASS_FORM: RouteAccess = {
  access: { kind: 'permission', permission: 'record:break-glass' },
  audit: false,
};
const BREAK_GLASS = needs('record:break-glass', { action: 'record.break-glass-started', byUseCase: true });
const REVIEWS = needs('break-glass:review', { action: 'record.break-glass-reviews-viewed' });
const REVIEW_FORM = needs('break-glass:review', {
  action: 'record.break-glass-reviews-viewed',
  subjectType: 'break-glass-access',
  subjectParam: 'accessId',
});
const REVIEW = needs('break-glass:review', { action: 'record.break-glass-reviewed', byUseCase: true });
const ADVICE = needsRecord('record:read', 'clinical-read', CHILD, { action: 'advice.viewed' });
const GIVE_ADVICE = needsRecord('record:write', 'clinical-write', CHILD, { action: 'advice.given', byUseCase: true });
const ADVICE_PDF = needsRecord(
  'record:read',
  'clinical-read',
  { type: 'advice', param: 'adviceId' },
  { action: 'advice.viewed' },
);

export function recordRoutes(services: RecordServices) {
  const controller = recordController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.record.child.pattern, VIEW, controller.show),
      get(paths.record.ofEpisode.pattern, OF_EPISODE, controller.ofEpisode),
      get(paths.record.alerts.pattern, ALERT_FORM, controller.alertForm),
      post(paths.record.alerts.pattern, ADD_ALERT, controller.addAlert),
      get(paths.record.alert.pattern, ALERT_FORM, controller.endAlertForm),
      post(paths.record.alert.pattern, END_ALERT, controller.endAlert),
      get(paths.record.breakGlass.pattern, BREAK_GLASS_FORM, controller.breakGlassForm),
      post(paths.record.breakGlass.pattern, BREAK_GLASS, controller.breakGlass),
      get(paths.record.breakGlassReviews.pattern, REVIEWS, controller.reviews),
      get(paths.record.breakGlassReview.pattern, REVIEW_FORM, controller.reviewForm),
      post(paths.record.breakGlassReview.pattern, REVIEW, controller.review),
      get(paths.record.advice.pattern, ADVICE, controller.adviceList),
      post(paths.record.advice.pattern, GIVE_ADVICE, controller.giveAdvice),
      get(paths.record.advicePdf.pattern, ADVICE_PDF, controller.advicePdf),
    ]);
  };
}
