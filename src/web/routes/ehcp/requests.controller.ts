/**
 * The EHCP requests' handlers: the tracker, logging a request, a request's page (with naming the clinician and adding
 * documents), recording and withdrawing exceptions, withdrawing the request, and the report (and its CSV). A form with
 * problems is shown again with the error summary (400) and nothing is saved; a form drawn before someone else changed
 * the request is refused (409). Another service's ids, and ids that are not ids, are not found.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { FieldProblem } from '../../../domain/forms/fields.js';
import { lastMonths } from '../../../domain/ehcp/report.js';
import { londonDate } from '../../../domain/shared/dates.js';
import { activeServiceId } from '../../active-service.js';
import { csvRow } from '../../csv.js';
import { pageErrors } from '../../forms/field-models.js';
import { formValues, parseForm, UnexpectedFieldsError } from '../../forms/form.js';
import { uploadOf } from '../../plugins/csrf.js';
import { invalidInput, sendProblem } from '../../outcome.js';
import { paths } from '../../paths.js';
import { downloadHeaders } from '../triage/referral.view-models.js';
import type { Handler } from '../table.js';
import { chosenMonths, EXCEPTION_FORM_NAMES, isRecordId, reportQuery, trackerQuery } from './requests.forms.js';
import { exceptionFormPage, logFormPage, simpleFormPage } from './requests.pages.js';
import {
  REPORT_CSV_HEADER,
  reportCsvValues,
  reportPage,
  requestPage,
  trackerCounts,
  trackerFilters,
  trackerLinks,
  trackerRows,
} from './requests.view-models.js';
import {
  logFormNames,
  withdrawExceptionFields,
  withdrawRequestFields,
} from '../../../services/ehcp/requests.fields.js';

export type RequestsServices = Pick<Dependencies, 'ehcpRequests' | 'clock'>;

type RequestParams = { Params: { requestId: string } };
type DocumentParams = { Params: { requestId: string; documentId: string } };
type ExceptionParams = { Params: { exceptionId: string } };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

function actor(request: FastifyRequest, serviceId: string) {
  const userId = request.ctx.actorUserId;
  if (userId === null) throw new Error('An EHCP route ran without a signed-in person.');
  return { ...request.ctx, serviceId, actorUserId: userId };
}

function refuseUnexpected(sent: Record<string, unknown>, allowed: readonly string[]) {
  const names = new Set(allowed);
  const unexpected = Object.keys(sent).filter((k) => !names.has(k));
  if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
}

export function requestsController({ ehcpRequests, clock }: RequestsServices) {
  const tracker: Handler<{ Querystring: Record<string, unknown> }> = async (request, reply) => {
    const query = parseForm(trackerQuery, request.query);
    if (!query.ok) return sendProblem(reply, invalidInput(query.errors));
    const serviceId = activeServiceId(reply);
    const { rag, mine, la } = query.data;
    const me = request.ctx.actorUserId;
    const found = await ehcpRequests.tracker(serviceId, {
      ...(rag !== undefined && rag !== '' && { rag }),
      ...(mine === 'yes' && me !== null && { assignedTo: me }),
      ...(la !== undefined && la !== '' && { laCode: la }),
    });
    return reply.render('ehcp/tracker.njk', {
      rows: trackerRows(found),
      counts: trackerCounts(found),
      total: found.entries.length,
      filtered: (rag ?? '') !== '' || mine === 'yes' || (la ?? '') !== '',
      form: trackerFilters(query.data, await ehcpRequests.trackerAuthorities(serviceId)),
      ...trackerLinks(request.ctx.actorRoles),
    });
  };

  async function renderLog(
    reply: FastifyReply,
    status: number,
    problems: FieldProblem[] = [],
    sent?: Record<string, unknown>,
  ) {
    const authorities = await ehcpRequests.authorities(activeServiceId(reply));
    const errors = problems.length === 0 ? undefined : pageErrors(problems);
    return reply.code(status).render('ehcp/log.njk', {
      ...logFormPage(authorities, sent, problems),
      errors,
      action: paths.ehcp.log.build(),
      backHref: paths.ehcp.tracker.build(),
      csrfToken: await reply.csrfToken(),
    });
  }

  const logForm: Handler = async (_request, reply) => renderLog(reply, 200);

  const log: Handler = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const sent = formValues(request.body);
    refuseUnexpected(sent, logFormNames(await ehcpRequests.authorities(serviceId)));
    const logged = await ehcpRequests.log(actor(request, serviceId), sent);
    if (!logged.ok) {
      if (logged.problem.code === 'invalid-input') return renderLog(reply, 400, logged.problem.problems, sent);
      return sendProblem(reply, logged.problem);
    }
    return reply.redirect(paths.ehcp.request.build({ requestId: logged.requestId }), 303);
  };

  async function renderRequest(
    reply: FastifyReply,
    requestId: string,
    status: number,
    problems: FieldProblem[] = [],
    uploadError?: string,
  ) {
    const view = await ehcpRequests.view(activeServiceId(reply), requestId);
    if (view === undefined) return notFound(reply);
    const ctx = reply.request.ctx;
    const errors =
      problems.length > 0
        ? pageErrors(problems)
        : uploadError === undefined
          ? undefined
          : pageErrors([{ field: 'document', message: uploadError }]);
    return reply.code(status).render('ehcp/request.njk', {
      ...requestPage(view, ctx.actorRoles, ctx.actorUserId),
      errors,
      fieldErrors: errors?.fields ?? {},
      csrfToken: await reply.csrfToken(),
    });
  }

  const show: Handler<RequestParams> = async (request, reply) => {
    if (!isRecordId(request.params.requestId)) return notFound(reply);
    return renderRequest(reply, request.params.requestId, 200);
  };

  const assign: Handler<RequestParams> = async (request, reply) => {
    const { requestId } = request.params;
    if (!isRecordId(requestId)) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const sent = formValues(request.body);
    refuseUnexpected(sent, ['clinician', 'version']);
    const assigned = await ehcpRequests.assign(actor(request, serviceId), requestId, sent);
    if (!assigned.ok) {
      if (assigned.problem.code === 'not-found') return notFound(reply);
      if (assigned.problem.code === 'invalid-input' && assigned.problem.problems.every((p) => p.field !== 'version')) {
        return renderRequest(reply, requestId, 400, assigned.problem.problems);
      }
      return sendProblem(reply, assigned.problem);
    }
    return reply.redirect(paths.ehcp.request.build({ requestId }), 303);
  };

  const addDocument: Handler<RequestParams> = async (request, reply) => {
    const part = uploadOf(request);
    const skip = () => part?.file.resume();
    const { requestId } = request.params;
    if (!isRecordId(requestId)) {
      skip();
      return notFound(reply);
    }
    const serviceId = activeServiceId(reply);
    const fail = (message: string) => renderRequest(reply, requestId, 400, [], message);
    if (!request.isMultipart() || part === undefined || part.filename === '') {
      skip();
      return fail('Select a file');
    }
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'FST_REQ_FILE_TOO_LARGE') {
        return fail('The selected file must be smaller than 10MB');
      }
      throw err;
    }
    const added = await ehcpRequests.addDocument(actor(request, serviceId), requestId, part.filename, bytes);
    if (!added.ok) {
      if (added.problem.code === 'not-found') return notFound(reply);
      return fail(added.problem.message);
    }
    return reply.redirect(paths.ehcp.request.build({ requestId }), 303);
  };

  const document: Handler<DocumentParams> = async (request, reply) => {
    const { requestId, documentId } = request.params;
    if (!isRecordId(documentId)) return notFound(reply);
    const file = await ehcpRequests.document(activeServiceId(reply), requestId, documentId);
    if (file === undefined) return notFound(reply);
    return reply.headers(Object.fromEntries(downloadHeaders(file))).send(file.bytes);
  };

  async function renderException(
    reply: FastifyReply,
    requestId: string,
    status: number,
    problems: FieldProblem[] = [],
    sent?: Record<string, unknown>,
  ) {
    const options = await ehcpRequests.exceptionOptions(activeServiceId(reply), requestId);
    if (options?.request.status !== 'open') return notFound(reply);
    const errors = problems.length === 0 ? undefined : pageErrors(problems);
    return reply.code(status).render('ehcp/exception.njk', {
      ...exceptionFormPage(options.request, options.missed, sent, problems),
      errors,
      action: paths.ehcp.exceptions.build({ requestId }),
      backHref: paths.ehcp.request.build({ requestId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const exceptionForm: Handler<RequestParams> = async (request, reply) => {
    if (!isRecordId(request.params.requestId)) return notFound(reply);
    return renderException(reply, request.params.requestId, 200);
  };

  const recordException: Handler<RequestParams> = async (request, reply) => {
    const { requestId } = request.params;
    if (!isRecordId(requestId)) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const sent = formValues(request.body);
    refuseUnexpected(sent, EXCEPTION_FORM_NAMES);
    const recorded = await ehcpRequests.recordException(actor(request, serviceId), requestId, sent);
    if (!recorded.ok) {
      if (recorded.problem.code === 'not-found') return notFound(reply);
      if (recorded.problem.code === 'invalid-input') {
        return renderException(reply, requestId, 400, recorded.problem.problems, sent);
      }
      return sendProblem(reply, recorded.problem);
    }
    return reply.redirect(paths.ehcp.request.build({ requestId }), 303);
  };

  async function renderWithdrawException(
    reply: FastifyReply,
    exceptionId: string,
    status: number,
    problems: FieldProblem[] = [],
    sent?: Record<string, unknown>,
  ) {
    const found = await ehcpRequests.exception(activeServiceId(reply), exceptionId);
    if (found?.exception.withdrawnAt !== null) return notFound(reply);
    const errors = problems.length === 0 ? undefined : pageErrors(problems);
    return reply.code(status).render('ehcp/withdraw.njk', {
      ...simpleFormPage(withdrawExceptionFields, {}, sent, problems),
      title: 'Withdraw an exception recorded in error',
      buttonText: 'Withdraw the exception',
      caption: `${found.request.childGivenName} ${found.request.childFamilyName}`,
      errors,
      action: paths.ehcp.withdrawException.build({ exceptionId }),
      backHref: paths.ehcp.request.build({ requestId: found.request.id }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const withdrawExceptionForm: Handler<ExceptionParams> = async (request, reply) => {
    if (!isRecordId(request.params.exceptionId)) return notFound(reply);
    return renderWithdrawException(reply, request.params.exceptionId, 200);
  };

  const withdrawException: Handler<ExceptionParams> = async (request, reply) => {
    const { exceptionId } = request.params;
    if (!isRecordId(exceptionId)) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const sent = formValues(request.body);
    refuseUnexpected(sent, ['reason']);
    const withdrawn = await ehcpRequests.withdrawException(actor(request, serviceId), exceptionId, sent);
    if (!withdrawn.ok) {
      if (withdrawn.problem.code === 'not-found') return notFound(reply);
      if (withdrawn.problem.code === 'invalid-input') {
        return renderWithdrawException(reply, exceptionId, 400, withdrawn.problem.problems, sent);
      }
      return sendProblem(reply, withdrawn.problem);
    }
    return reply.redirect(paths.ehcp.request.build({ requestId: withdrawn.requestId }), 303);
  };

  async function renderWithdraw(
    reply: FastifyReply,
    requestId: string,
    status: number,
    problems: FieldProblem[] = [],
    sent?: Record<string, unknown>,
  ) {
    const view = await ehcpRequests.view(activeServiceId(reply), requestId);
    if (view?.request.status !== 'open') return notFound(reply);
    const errors = problems.length === 0 ? undefined : pageErrors(problems);
    const version = String(view.request.version);
    return reply.code(status).render('ehcp/withdraw.njk', {
      ...simpleFormPage(
        withdrawRequestFields,
        { version },
        sent === undefined ? undefined : { ...sent, version },
        problems,
      ),
      title: 'Withdraw the request',
      buttonText: 'Withdraw the request',
      caption: `${view.request.childGivenName} ${view.request.childFamilyName}`,
      errors,
      action: paths.ehcp.withdraw.build({ requestId }),
      backHref: paths.ehcp.request.build({ requestId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const withdrawForm: Handler<RequestParams> = async (request, reply) => {
    if (!isRecordId(request.params.requestId)) return notFound(reply);
    return renderWithdraw(reply, request.params.requestId, 200);
  };

  const withdraw: Handler<RequestParams> = async (request, reply) => {
    const { requestId } = request.params;
    if (!isRecordId(requestId)) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const sent = formValues(request.body);
    refuseUnexpected(sent, ['reason', 'version']);
    const withdrawn = await ehcpRequests.withdraw(actor(request, serviceId), requestId, sent);
    if (!withdrawn.ok) {
      if (withdrawn.problem.code === 'not-found') return notFound(reply);
      if (
        withdrawn.problem.code === 'invalid-input' &&
        withdrawn.problem.problems.every((p) => p.field !== 'version')
      ) {
        return renderWithdraw(reply, requestId, 400, withdrawn.problem.problems, sent);
      }
      return sendProblem(reply, withdrawn.problem);
    }
    return reply.redirect(paths.ehcp.request.build({ requestId }), 303);
  };

  const report: Handler<{ Querystring: Record<string, unknown> }> = async (request, reply) => {
    const query = parseForm(reportQuery, request.query);
    if (!query.ok) return sendProblem(reply, invalidInput(query.errors));
    const given = query.data.from !== undefined || query.data.to !== undefined;
    const chosen = chosenMonths(query.data.from, query.data.to);
    if (given && chosen === null) {
      return sendProblem(
        reply,
        invalidInput(
          pageErrors([
            {
              field: 'from',
              message: 'Choose a month to start from and a later month to end at, up to ten years apart',
            },
          ]),
        ),
      );
    }
    const months = chosen ?? lastMonths(londonDate(clock()), 12);
    const serviceId = activeServiceId(reply);
    const found = await ehcpRequests.report(serviceId, months.from, months.to);
    if (query.data.format === 'csv') {
      const body =
        csvRow(REPORT_CSV_HEADER) + [...found.months, found.total].map((r) => csvRow(reportCsvValues(r))).join('');
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="ehcp-timeliness-${months.from}-to-${months.to}.csv"`)
        .header('Cache-Control', 'no-store')
        .send(body);
    }
    return reply.render('ehcp/report.njk', { ...reportPage(found, months), trackerHref: paths.ehcp.tracker.build() });
  };

  return {
    tracker,
    logForm,
    log,
    show,
    assign,
    addDocument,
    document,
    exceptionForm,
    recordException,
    withdrawExceptionForm,
    withdrawException,
    withdrawForm,
    withdraw,
    report,
  };
}
