/**
 * The EHCP advice pages' handlers. The access hook has already decided that this person may see (or change) the
 * child's clinical record, found from the request or the advice in the path, and answered 404 otherwise; a handler
 * parses, calls one use case, and renders or redirects. A form with problems is drawn again with the error summary
 * (400) and nothing is saved; a stale save is drawn again (409) keeping what was typed, with the advice as it is now.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { sectionsOf } from '../../../domain/ehcp/advice-document.js';
import type { FieldProblem } from '../../../domain/forms/fields.js';
import type { AdviceCtx, AdviceRefusal } from '../../../services/ehcp/advice.service.js';
import { mayWriteClinical } from '../../../services/record/record-scope.js';
import { activeServiceId } from '../../active-service.js';
import { formValues } from '../../forms/form.js';
import { sendProblem, statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import { sendPdf } from '../letters/letters.view-models.js';
import type { Handler } from '../table.js';
import { advicePage, editForm, errorsOf, requestSummary, reuseForm } from './advice.view-models.js';

export type EhcpAdviceServices = Pick<Dependencies, 'ehcpAdvice'>;

type RequestParams = { Params: { requestId: string } };
type AdviceParams = { Params: { adviceId: string } };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

function ctxOf(request: FastifyRequest, reply: FastifyReply): AdviceCtx {
  const actorUserId = request.ctx.actorUserId;
  if (actorUserId === null) throw new Error('An EHCP advice route ran without a signed-in person.');
  return { ...request.ctx, serviceId: activeServiceId(reply), actorUserId };
}

export function ehcpAdviceController({ ehcpAdvice }: EhcpAdviceServices) {
  /** The request's advice page: the start page before there is advice, the advice as it stands after. */
  async function renderRequest(
    request: FastifyRequest,
    reply: FastifyReply,
    requestId: string,
    status = 200,
    problems: FieldProblem[] = [],
    sent: Record<string, unknown> = {},
  ) {
    const ctx = ctxOf(request, reply);
    const found = await ehcpAdvice.forRequest(ctx.serviceId, requestId);
    if (found === undefined || request.record === null) return notFound(reply);
    const summary = requestSummary(found.request, found.child);
    const csrfToken = await reply.csrfToken();
    if (found.advice === undefined) {
      return reply.code(status).render('ehcp/advice-start.njk', {
        ...summary,
        startAction: found.request.status === 'open' ? paths.ehcp.advice.build({ requestId }) : null,
        reuseHref:
          found.earlier.length > 0 && found.request.status === 'open' ? paths.ehcp.reuse.build({ requestId }) : null,
        csrfToken,
      });
    }
    const a = found.advice;
    const detail = await ehcpAdvice.advice(ctx.serviceId, a.id);
    if (detail === undefined) return notFound(reply);
    const addenda = await ehcpAdvice.addenda(ctx.serviceId, a.id);
    const errors = problems.length === 0 ? undefined : errorsOf(problems);
    return reply.code(status).render('ehcp/advice-page.njk', {
      ...summary,
      ...advicePage(a, detail.content, ctx.actorUserId, {
        mayWrite: mayWriteClinical(request.record),
        reviewRequired: found.reviewRequired,
        reviewers: detail.reviewers,
        reviews: detail.reviews,
        addenda,
      }),
      errors,
      sent: {
        text: typeof sent.text === 'string' ? sent.text : '',
        reason: typeof sent.reason === 'string' ? sent.reason : '',
      },
      csrfToken,
    });
  }

  /** A refused change on the advice page: drawn again with the problems, or the page its problem has. */
  async function answerOnPage(
    request: FastifyRequest<AdviceParams>,
    reply: FastifyReply,
    refusal: AdviceRefusal,
    sent: Record<string, unknown>,
  ) {
    if (refusal.code === 'not-found') return notFound(reply);
    if (refusal.problems.length === 0 || (refusal.code !== 'invalid-input' && refusal.code !== 'incomplete')) {
      return sendProblem(reply, refusal);
    }
    const found = await ehcpAdvice.advice(activeServiceId(reply), request.params.adviceId);
    if (found === undefined) return notFound(reply);
    return renderRequest(request, reply, found.advice.requestId, statusOf(refusal), refusal.problems, sent);
  }

  const show: Handler<RequestParams> = async (request, reply) =>
    renderRequest(request, reply, request.params.requestId);

  const start: Handler<RequestParams> = async (request, reply) => {
    formValues(request.body);
    const started = await ehcpAdvice.start(ctxOf(request, reply), request.params.requestId);
    if (!started.ok)
      return started.problem.code === 'not-found' ? notFound(reply) : sendProblem(reply, started.problem);
    return reply.redirect(paths.ehcp.adviceEdit.build({ adviceId: started.adviceId }), 303);
  };

  /** The re-use form (regulation 6(4)): which earlier advice, and the dates the authority, family and clinician agreed. */
  async function renderReuse(
    request: FastifyRequest<RequestParams>,
    reply: FastifyReply,
    status: number,
    problems: FieldProblem[] = [],
    sent: Record<string, unknown> = {},
  ) {
    const ctx = ctxOf(request, reply);
    const { requestId } = request.params;
    const found = await ehcpAdvice.forRequest(ctx.serviceId, requestId);
    if (found === undefined) return notFound(reply);
    if (found.advice !== undefined) return reply.redirect(paths.ehcp.advice.build({ requestId }), 303);
    const errors = problems.length === 0 ? undefined : errorsOf(problems);
    return reply.code(status).render('ehcp/advice-reuse.njk', {
      ...requestSummary(found.request, found.child),
      ...reuseForm(found.earlier, errors, sent),
      action: paths.ehcp.reuse.build({ requestId }),
      backHref: paths.ehcp.advice.build({ requestId }),
      errors,
      csrfToken: await reply.csrfToken(),
    });
  }

  const reuseFormPage: Handler<RequestParams> = async (request, reply) => renderReuse(request, reply, 200);

  const reuse: Handler<RequestParams> = async (request, reply) => {
    const sent = formValues(request.body);
    const reused = await ehcpAdvice.reuse(ctxOf(request, reply), request.params.requestId, sent);
    if (!reused.ok) {
      if (reused.problem.code === 'invalid-input')
        return renderReuse(request, reply, 400, reused.problem.problems, sent);
      return reused.problem.code === 'not-found' ? notFound(reply) : sendProblem(reply, reused.problem);
    }
    return reply.redirect(paths.ehcp.advice.build({ requestId: request.params.requestId }), 303);
  };

  async function renderEdit(
    request: FastifyRequest<AdviceParams>,
    reply: FastifyReply,
    status: number,
    shown: { problems?: FieldProblem[]; sent?: Record<string, unknown>; newer?: boolean } = {},
  ) {
    const ctx = ctxOf(request, reply);
    const found = await ehcpAdvice.advice(ctx.serviceId, request.params.adviceId);
    if (found === undefined) return notFound(reply);
    const a = found.advice;
    if (a.status === 'signed') return sendProblem(reply, { code: 'illegal', message: SIGNED_PAGE });
    if (a.authorId !== ctx.actorUserId) return sendProblem(reply, { code: 'forbidden', message: NOT_AUTHOR_PAGE });
    if (a.status !== 'draft') return sendProblem(reply, { code: 'illegal', message: IN_REVIEW_PAGE });
    const errors = shown.problems === undefined || shown.problems.length === 0 ? undefined : errorsOf(shown.problems);
    return reply.code(status).render('ehcp/advice-edit.njk', {
      ...requestSummary(found.request, found.child),
      form: editForm(found.content, errors, shown.sent),
      newer: shown.newer === true ? sectionsOf(found.content) : null,
      version: String(a.version),
      action: paths.ehcp.adviceEdit.build({ adviceId: a.id }),
      backHref: paths.ehcp.advice.build({ requestId: a.requestId }),
      errors,
      csrfToken: await reply.csrfToken(),
    });
  }

  const edit: Handler<AdviceParams> = async (request, reply) => renderEdit(request, reply, 200);

  const save: Handler<AdviceParams> = async (request, reply) => {
    const sent = formValues(request.body);
    const saved = await ehcpAdvice.save(ctxOf(request, reply), request.params.adviceId, sent);
    if (!saved.ok) {
      const refusal = saved.problem;
      if (refusal.code === 'not-found') return notFound(reply);
      if (
        refusal.code === 'invalid-input' &&
        refusal.problems.some((p) => p.field === 'version' || p.field === 'form')
      ) {
        return sendProblem(reply, refusal);
      }
      if (refusal.code === 'invalid-input')
        return renderEdit(request, reply, 400, { problems: refusal.problems, sent });
      if (refusal.code === 'stale-version') return renderEdit(request, reply, 409, { sent, newer: true });
      return sendProblem(reply, refusal);
    }
    const found = await ehcpAdvice.advice(activeServiceId(reply), request.params.adviceId);
    if (found === undefined) return notFound(reply);
    return reply.redirect(`${paths.ehcp.advice.build({ requestId: found.advice.requestId })}?saved=1`, 303);
  };

  /** A change made on the advice page (submit, sign): back to the page, or the page with its problems. */
  const onPage =
    (use: 'submit' | 'sign' | 'addAddendum'): Handler<AdviceParams> =>
    async (request, reply) => {
      const sent = formValues(request.body);
      const done = await ehcpAdvice[use](ctxOf(request, reply), request.params.adviceId, sent);
      if (!done.ok) return answerOnPage(request, reply, done.problem, sent);
      const found = await ehcpAdvice.advice(activeServiceId(reply), request.params.adviceId);
      if (found === undefined) return notFound(reply);
      return reply.redirect(paths.ehcp.advice.build({ requestId: found.advice.requestId }), 303);
    };

  async function renderReview(
    request: FastifyRequest<AdviceParams>,
    reply: FastifyReply,
    status: number,
    problems: FieldProblem[] = [],
    sent: Record<string, unknown> = {},
  ) {
    const ctx = ctxOf(request, reply);
    const found = await ehcpAdvice.advice(ctx.serviceId, request.params.adviceId);
    if (found === undefined) return notFound(reply);
    const a = found.advice;
    if (a.reviewerId !== ctx.actorUserId) return sendProblem(reply, { code: 'forbidden', message: NOT_REVIEWER_PAGE });
    const errors = problems.length === 0 ? undefined : errorsOf(problems);
    return reply.code(status).render('ehcp/advice-review.njk', {
      ...requestSummary(found.request, found.child),
      author: a.authorName,
      waiting: a.status === 'in-review' && a.reviewOutcome === null,
      sections: sectionsOf(found.content),
      version: String(a.version),
      outcome: sent.outcome,
      comment: typeof sent.comment === 'string' ? sent.comment : '',
      action: paths.ehcp.adviceReview.build({ adviceId: a.id }),
      backHref: paths.ehcp.advice.build({ requestId: a.requestId }),
      errors,
      csrfToken: await reply.csrfToken(),
    });
  }

  const reviewForm: Handler<AdviceParams> = async (request, reply) => renderReview(request, reply, 200);

  const review: Handler<AdviceParams> = async (request, reply) => {
    const sent = formValues(request.body);
    const done = await ehcpAdvice.review(ctxOf(request, reply), request.params.adviceId, sent);
    if (!done.ok) {
      const refusal = done.problem;
      if (refusal.code === 'not-found') return notFound(reply);
      if (refusal.code === 'invalid-input' && !refusal.problems.some((p) => p.field === 'version')) {
        return renderReview(request, reply, 400, refusal.problems, sent);
      }
      return sendProblem(reply, refusal);
    }
    const found = await ehcpAdvice.advice(activeServiceId(reply), request.params.adviceId);
    if (found === undefined) return notFound(reply);
    return reply.redirect(paths.ehcp.advice.build({ requestId: found.advice.requestId }), 303);
  };

  const pdf: Handler<AdviceParams> = async (request, reply) => {
    const file = await ehcpAdvice.pdf(activeServiceId(reply), request.params.adviceId);
    if (file === undefined) return notFound(reply);
    return sendPdf(reply, file);
  };

  return {
    show,
    start,
    reuseForm: reuseFormPage,
    reuse,
    edit,
    save,
    submit: onPage('submit'),
    sign: onPage('sign'),
    addendum: onPage('addAddendum'),
    reviewForm,
    review,
    pdf,
  };
}

const SIGNED_PAGE = 'This advice has been signed and cannot be changed. Add an addendum to correct it.';
const NOT_AUTHOR_PAGE = 'Only the clinician who started this advice can change it.';
const IN_REVIEW_PAGE = 'This advice is with its reviewer and cannot be changed until it is approved or sent back.';
const NOT_REVIEWER_PAGE = 'Only the clinician asked to review this advice can review it.';
