/**
 * Statutory EHCP health advice (issue 15 item 4): the request's advice page (start from the record, re-use earlier
 * advice, or the advice as it stands), the author's form, asking for a review, the reviewer's decision, signing,
 * addenda and the signed PDF. Every route names the request or the advice (`needsRecord`): the access hook finds the
 * child from it, answers 404 to anyone without enough access to that child's clinical record, and audits a read with
 * the child as its subject; each change is audited by its use case in its own transaction.
 */
import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { paths } from '../../paths.js';
import { needsRecord } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { ehcpAdviceController } from './advice.controller.js';

const REQUEST = { type: 'ehcp-request', param: 'requestId' } as const;
const ADVICE = { type: 'ehcp-advice', param: 'adviceId' } as const;

const VIEW = needsRecord('ehcp:advise', 'clinical-read', REQUEST, { action: 'ehcp.advice-viewed' });
const START = needsRecord('ehcp:advise', 'clinical-write', REQUEST, { action: 'ehcp.advice-started', byUseCase: true });
const REUSE = needsRecord('ehcp:advise', 'clinical-write', REQUEST, { action: 'ehcp.advice-reused', byUseCase: true });
const EDIT_FORM = needsRecord('ehcp:advise', 'clinical-write', ADVICE, { action: 'ehcp.advice-viewed' });
const SAVE = needsRecord('ehcp:advise', 'clinical-write', ADVICE, { action: 'ehcp.advice-saved', byUseCase: true });
const SUBMIT = needsRecord('ehcp:advise', 'clinical-write', ADVICE, {
  action: 'ehcp.advice-review-requested',
  byUseCase: true,
});
const REVIEW_FORM = needsRecord('ehcp:advise', 'clinical-read', ADVICE, { action: 'ehcp.advice-viewed' });
const REVIEW = needsRecord('ehcp:advise', 'clinical-write', ADVICE, {
  action: 'ehcp.advice-reviewed',
  byUseCase: true,
});
const SIGN = needsRecord('ehcp:advise', 'clinical-write', ADVICE, { action: 'ehcp.advice-signed', byUseCase: true });
const ADDENDUM = needsRecord('ehcp:advise', 'clinical-write', ADVICE, {
  action: 'ehcp.advice-addendum-added',
  byUseCase: true,
});
const PDF = needsRecord('ehcp:advise', 'clinical-read', ADVICE, { action: 'ehcp.advice-viewed' });

export function ehcpAdviceRoutes(deps: Pick<Dependencies, 'ehcpAdvice'>) {
  const controller = ehcpAdviceController(deps);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.ehcp.advice.pattern, VIEW, controller.show),
      post(paths.ehcp.advice.pattern, START, controller.start),
      get(paths.ehcp.reuse.pattern, VIEW, controller.reuseForm),
      post(paths.ehcp.reuse.pattern, REUSE, controller.reuse),
      get(paths.ehcp.adviceEdit.pattern, EDIT_FORM, controller.edit),
      post(paths.ehcp.adviceEdit.pattern, SAVE, controller.save),
      post(paths.ehcp.adviceSubmit.pattern, SUBMIT, controller.submit),
      get(paths.ehcp.adviceReview.pattern, REVIEW_FORM, controller.reviewForm),
      post(paths.ehcp.adviceReview.pattern, REVIEW, controller.review),
      post(paths.ehcp.adviceSign.pattern, SIGN, controller.sign),
      post(paths.ehcp.adviceAddendum.pattern, ADDENDUM, controller.addendum),
      get(paths.ehcp.advicePdf.pattern, PDF, controller.pdf),
    ]);
  };
}
