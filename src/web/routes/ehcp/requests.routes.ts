/**
 * Statutory EHCP health advice (issue 15 items 1 to 3): the tracker, logging a request from a local authority, a
 * request's page with its exceptions and documents, naming its clinician, withdrawing it, and the timeliness report.
 * A request's page names the child, the authority and the dates (no clinical content): `ehcp:read`, audited with the
 * request as subject. A document the authority sent is part of the child's record: its download needs the child's
 * record (`needsRecord`, 404 outside it). Each change is audited by its use case, in its transaction.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { ATTACHMENT_MAX_BYTES } from '../../../domain/referrals/attachments.js';
import { paths } from '../../paths.js';
import { needs, needsRecord, type CsrfDeclaration, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { requestsController } from './requests.controller.js';

const ON_REQUEST = { subjectType: 'ehcp-request', subjectParam: 'requestId' } as const;

const TRACKER = needs('ehcp:read', { action: 'ehcp.tracker-viewed' });
const REPORT = needs('ehcp:report', { action: 'ehcp.report-viewed' });
/** The log form lists the authorities and reads nothing about any child. */
const LOG_FORM: RouteAccess = { access: { kind: 'permission', permission: 'ehcp:log' }, audit: false };
const LOG = needs('ehcp:log', { action: 'ehcp.request-logged', byUseCase: true });
const VIEW = needs('ehcp:read', { action: 'ehcp.request-viewed', ...ON_REQUEST });
const ADD_DOCUMENT = needs('ehcp:log', { action: 'ehcp.document-added', byUseCase: true });
const DOCUMENT = needsRecord(
  'record:read',
  'demographics',
  { type: 'ehcp-request', param: 'requestId' },
  { action: 'ehcp.document-viewed' },
);
const ASSIGN = needs('ehcp:assign', { action: 'ehcp.assigned', byUseCase: true });
const EXCEPTION_FORM = needs('ehcp:exceptions', { action: 'ehcp.request-viewed', ...ON_REQUEST });
const RECORD_EXCEPTION = needs('ehcp:exceptions', { action: 'ehcp.exception-recorded', byUseCase: true });
const WITHDRAW_EXCEPTION_FORM = needs('ehcp:exceptions', {
  action: 'ehcp.request-viewed',
  subjectType: 'ehcp-exception',
  subjectParam: 'exceptionId',
});
const WITHDRAW_EXCEPTION = needs('ehcp:exceptions', { action: 'ehcp.exception-withdrawn', byUseCase: true });
const WITHDRAW_FORM = needs('ehcp:log', { action: 'ehcp.request-viewed', ...ON_REQUEST });
const WITHDRAW = needs('ehcp:log', { action: 'ehcp.request-withdrawn', byUseCase: true });

export function ehcpRequestRoutes(deps: Pick<Dependencies, 'ehcpRequests' | 'clock' | 'sessions'>) {
  const controller = requestsController(deps);
  // The upload's token is the session's, sent as the first field before the file, so that a forged upload is
  // refused before its bytes are read.
  const uploadToken: CsrfDeclaration = {
    from: 'multipart-field',
    expected: (request) => (request.session === null ? null : deps.sessions.csrfToken(request.session)),
  };
  const upload = { bodyLimit: ATTACHMENT_MAX_BYTES + 65_536, csrf: uploadToken };
  return async (app: FastifyInstance) => {
    // Uploads only in this plugin's scope, as for the referral form: one file after the token.
    await app.register(multipart, {
      limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 1, fieldSize: 200, parts: 2 },
    });
    routes(app, [
      get(paths.ehcp.tracker.pattern, TRACKER, controller.tracker),
      get(paths.ehcp.log.pattern, LOG_FORM, controller.logForm),
      post(paths.ehcp.log.pattern, LOG, controller.log),
      get(paths.ehcp.report.pattern, REPORT, controller.report),
      get(paths.ehcp.request.pattern, VIEW, controller.show),
      post(paths.ehcp.documents.pattern, ADD_DOCUMENT, controller.addDocument, upload),
      get(paths.ehcp.document.pattern, DOCUMENT, controller.document),
      post(paths.ehcp.assign.pattern, ASSIGN, controller.assign),
      get(paths.ehcp.exceptions.pattern, EXCEPTION_FORM, controller.exceptionForm),
      post(paths.ehcp.exceptions.pattern, RECORD_EXCEPTION, controller.recordException),
      get(paths.ehcp.withdrawException.pattern, WITHDRAW_EXCEPTION_FORM, controller.withdrawExceptionForm),
      post(paths.ehcp.withdrawException.pattern, WITHDRAW_EXCEPTION, controller.withdrawException),
      get(paths.ehcp.withdraw.pattern, WITHDRAW_FORM, controller.withdrawForm),
      post(paths.ehcp.withdraw.pattern, WITHDRAW, controller.withdraw),
    ]);
  };
}
