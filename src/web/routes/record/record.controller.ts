/**
 * The child's record page and its own forms: adding and ending an alert, opening a record by break-glass, and the
 * Caldicott guardian's review of break-glass accesses. Who may see which child is decided before a handler runs
 * (route-access.ts `needsRecord`); a handler reads `request.record`. A form with problems is shown again with the
 * error summary (400) and nothing is saved.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { ALERT_LABELS, isAlertKind } from '../../../domain/record/alerts.js';
import type { FieldProblem } from '../../../domain/forms/fields.js';
import { mayWriteClinical, type RecordScope } from '../../../services/record/record-scope.js';
import { activeServiceId } from '../../active-service.js';
import { pageErrors } from '../../forms/field-models.js';
import { formValues } from '../../forms/form.js';
import { sendProblem } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { sendPdf } from '../letters/letters.view-models.js';
import { advicePage, alertKindItems, bannerOf, breakGlassRows, recordPage } from './record.view-models.js';

export type RecordServices = Pick<Dependencies, 'clock' | 'childRecord' | 'recordAccess' | 'advice'>;

type ChildParams = { Params: { childId: string }; Querystring: { page?: string } };
type EpisodeParams = { Params: { episodeId: string } };
type AlertParams = { Params: { childId: string; alertId: string } };
type AccessParams = { Params: { accessId: string } };
type AdviceParams = { Params: { adviceId: string } };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

/** The scope the access hook set; a record route without one is a wiring mistake, answered as not found. */
function scopeOf(request: FastifyRequest): RecordScope | null {
  return request.record;
}

function actor(request: FastifyRequest, serviceId: string) {
  const userId = request.ctx.actorUserId;
  if (userId === null) throw new Error('A record route ran without a signed-in person.');
  return { ...request.ctx, serviceId, actorUserId: userId };
}

const pageNumber = (sent: unknown): number => {
  if (typeof sent !== 'string' || !/^[1-9][0-9]{0,5}$/u.test(sent)) return 1;
  return Number(sent);
};

export function recordController({ clock, childRecord, recordAccess, advice }: RecordServices) {
  const show: Handler<ChildParams> = async (request, reply) => {
    const scope = scopeOf(request);
    if (scope === null) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const view = await childRecord.view(
      serviceId,
      actor(request, serviceId).actorUserId,
      scope,
      pageNumber(request.query.page),
    );
    if (view === undefined) return notFound(reply);
    return reply.render(
      'record/child.njk',
      recordPage(view, scope, { mayWrite: mayWriteClinical(scope), now: clock() }),
    );
  };

  const ofEpisode: Handler<EpisodeParams> = async (request, reply) => {
    const scope = scopeOf(request);
    if (scope === null) return notFound(reply);
    return reply.redirect(paths.record.child.build({ childId: scope.childId }), 303);
  };

  async function renderAlertForm(
    request: FastifyRequest,
    reply: FastifyReply,
    scope: RecordScope,
    status: number,
    problems: readonly FieldProblem[] = [],
    sent: Record<string, unknown> = {},
  ) {
    const serviceId = activeServiceId(reply);
    const alerts = await recordAccess.alertsOf(serviceId, scope.childId);
    const errors = problems.length === 0 ? undefined : pageErrors(problems, { kind: 'kind' });
    return reply.code(status).render('record/alert-add.njk', {
      banner: bannerOf(scope, alerts, false, clock()),
      kinds: alertKindItems(sent.kind),
      detail: typeof sent.detail === 'string' ? sent.detail : '',
      contact: typeof sent.contact === 'string' ? sent.contact : '',
      errors,
      fieldErrors: errors?.fields ?? {},
      action: paths.record.alerts.build({ childId: scope.childId }),
      backHref: paths.record.child.build({ childId: scope.childId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const alertForm: Handler<ChildParams> = async (request, reply) => {
    const scope = scopeOf(request);
    if (scope === null) return notFound(reply);
    return renderAlertForm(request, reply, scope, 200);
  };

  const addAlert: Handler<ChildParams> = async (request, reply) => {
    const scope = scopeOf(request);
    if (scope === null) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const sent = formValues(request.body);
    const added = await recordAccess.addAlert(actor(request, serviceId), scope.childId, sent);
    if (!added.ok) {
      if (added.problem.code === 'invalid-input') {
        return renderAlertForm(request, reply, scope, 400, added.problem.problems, sent);
      }
      return sendProblem(reply, added.problem);
    }
    return reply.redirect(paths.record.child.build({ childId: scope.childId }), 303);
  };

  async function renderEndAlert(
    reply: FastifyReply,
    scope: RecordScope,
    alertId: string,
    status: number,
    problems: readonly FieldProblem[] = [],
    reason = '',
  ) {
    const serviceId = activeServiceId(reply);
    const alerts = await recordAccess.alertsOf(serviceId, scope.childId);
    const alert = alerts.find((a) => a.id === alertId);
    if (alert === undefined) return notFound(reply);
    const errors = problems.length === 0 ? undefined : pageErrors(problems);
    return reply.code(status).render('record/alert-end.njk', {
      banner: bannerOf(scope, alerts, false, clock()),
      alert: { label: isAlertKind(alert.kind) ? ALERT_LABELS[alert.kind] : alert.kind, detail: alert.detail },
      reason,
      errors,
      fieldErrors: errors?.fields ?? {},
      action: paths.record.alert.build({ childId: scope.childId, alertId }),
      backHref: paths.record.child.build({ childId: scope.childId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const endAlertForm: Handler<AlertParams> = async (request, reply) => {
    const scope = scopeOf(request);
    if (scope === null) return notFound(reply);
    return renderEndAlert(reply, scope, request.params.alertId, 200);
  };

  const endAlert: Handler<AlertParams> = async (request, reply) => {
    const scope = scopeOf(request);
    if (scope === null) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const sent = formValues(request.body);
    const ended = await recordAccess.endAlert(actor(request, serviceId), scope.childId, request.params.alertId, sent);
    if (!ended.ok) {
      if (ended.problem.code === 'invalid-input') {
        const reason = typeof sent.reason === 'string' ? sent.reason : '';
        return renderEndAlert(reply, scope, request.params.alertId, 400, ended.problem.problems, reason);
      }
      if (ended.problem.code === 'not-found') return notFound(reply);
      return sendProblem(reply, ended.problem);
    }
    return reply.redirect(paths.record.child.build({ childId: scope.childId }), 303);
  };

  async function renderBreakGlass(
    reply: FastifyReply,
    childId: string,
    status: number,
    problems: readonly FieldProblem[] = [],
    reason = '',
  ) {
    const errors = problems.length === 0 ? undefined : pageErrors(problems);
    return reply.code(status).render('record/break-glass.njk', {
      reason,
      errors,
      fieldErrors: errors?.fields ?? {},
      action: paths.record.breakGlass.build({ childId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  /** The break-glass form names no one: the record is not open to this person yet. */
  const breakGlassForm: Handler<ChildParams> = async (request, reply) =>
    renderBreakGlass(reply, request.params.childId, 200);

  const breakGlass: Handler<ChildParams> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const { childId } = request.params;
    const sent = formValues(request.body);
    const started = await recordAccess.startBreakGlass(actor(request, serviceId), childId, sent);
    if (!started.ok) {
      if (started.problem.code === 'invalid-input') {
        const reason = typeof sent.reason === 'string' ? sent.reason : '';
        return renderBreakGlass(reply, childId, 400, started.problem.problems, reason);
      }
      // No such child, or one this person may already see or may not open: not found, naming no one.
      return notFound(reply);
    }
    return reply.redirect(paths.record.child.build({ childId }), 303);
  };

  const reviews: Handler = async (_request, reply) => {
    const list = await recordAccess.reviewList(activeServiceId(reply));
    return reply.render('record/break-glass-reviews.njk', {
      toReview: breakGlassRows(list.toReview),
      reviewed: breakGlassRows(list.reviewed),
    });
  };

  async function renderReview(
    request: FastifyRequest,
    reply: FastifyReply,
    accessId: string,
    status: number,
    problems: readonly FieldProblem[] = [],
    sent: Record<string, unknown> = {},
  ) {
    const found = await recordAccess.findBreakGlass(activeServiceId(reply), accessId);
    if (found === undefined) return notFound(reply);
    const [row] = breakGlassRows([found]);
    const errors = problems.length === 0 ? undefined : pageErrors(problems, { outcome: 'outcome' });
    return reply.code(status).render('record/break-glass-review.njk', {
      access: row,
      reviewed: found.reviewedAt !== null,
      own: found.userId === request.ctx.actorUserId,
      outcome: sent.outcome,
      note: typeof sent.note === 'string' ? sent.note : '',
      errors,
      fieldErrors: errors?.fields ?? {},
      action: paths.record.breakGlassReview.build({ accessId }),
      backHref: paths.record.breakGlassReviews.build(),
      csrfToken: await reply.csrfToken(),
    });
  }

  const reviewForm: Handler<AccessParams> = async (request, reply) =>
    renderReview(request, reply, request.params.accessId, 200);

  const review: Handler<AccessParams> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const sent = formValues(request.body);
    const done = await recordAccess.review(actor(request, serviceId), request.params.accessId, sent);
    if (!done.ok) {
      if (done.problem.code === 'not-found') return notFound(reply);
      if (done.problem.code === 'invalid-input') {
        return renderReview(request, reply, request.params.accessId, 400, done.problem.problems, sent);
      }
      return sendProblem(reply, done.problem);
    }
    return reply.redirect(paths.record.breakGlassReviews.build(), 303);
  };

  async function renderAdvice(
    reply: FastifyReply,
    scope: RecordScope,
    status: number,
    problems: readonly FieldProblem[] = [],
    sent: Record<string, unknown> = {},
  ) {
    const serviceId = activeServiceId(reply);
    const found = await advice.ofChild(serviceId, scope.childId);
    if (found === undefined) return notFound(reply);
    const alerts = await recordAccess.alertsOf(serviceId, scope.childId);
    const errors = problems.length === 0 ? undefined : pageErrors(problems, { programme: 'programme', to: 'to' });
    return reply.code(status).render('record/advice.njk', {
      banner: bannerOf(scope, alerts, false, clock()),
      ...advicePage(found.child, found.given, advice.libraryOf(serviceId), mayWriteClinical(scope), sent),
      errors,
      fieldErrors: errors?.fields ?? {},
      action: paths.record.advice.build({ childId: scope.childId }),
      backHref: paths.record.child.build({ childId: scope.childId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const adviceList: Handler<ChildParams> = async (request, reply) => {
    const scope = scopeOf(request);
    if (scope === null) return notFound(reply);
    return renderAdvice(reply, scope, 200);
  };

  const giveAdvice: Handler<ChildParams> = async (request, reply) => {
    const scope = scopeOf(request);
    if (scope === null) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const sent = formValues(request.body);
    const given = await advice.give(actor(request, serviceId), scope.childId, sent);
    if (!given.ok) {
      if (given.problem.code === 'invalid-input') return renderAdvice(reply, scope, 400, given.problem.problems, sent);
      return notFound(reply);
    }
    return reply.redirect(`${paths.record.advice.build({ childId: scope.childId })}?given=1`, 303);
  };

  const advicePdf: Handler<AdviceParams> = async (request, reply) => {
    const pdf = await advice.pdf(activeServiceId(reply), request.params.adviceId);
    if (pdf === undefined) return notFound(reply);
    return sendPdf(reply, pdf);
  };

  return {
    adviceList,
    giveAdvice,
    advicePdf,
    show,
    ofEpisode,
    alertForm,
    addAlert,
    endAlertForm,
    endAlert,
    breakGlassForm,
    breakGlass,
    reviews,
    reviewForm,
    review,
  };
}
