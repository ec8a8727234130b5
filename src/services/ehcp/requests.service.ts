/**
 * Statutory EHCP health advice (issue 15 items 1 to 3, docs/adr/0048): the requests from local authorities with their
 * six-week clock, their exceptions and documents, the clinician named to write the advice, the tracker, the report and
 * the escalation of late requests. Each change is one transaction with its audit event; the rules are the domain's
 * (src/domain/ehcp/clock.ts, exceptions.ts, report.ts).
 */
import { randomUUID } from 'node:crypto';
import type { FileStore } from '../../data/files/file-store.js';
import type { Executor } from '../../data/executor.js';
import {
  assignableClinicians,
  assignClinician,
  findRequest,
  withdrawRequest,
  type RequestRecord,
} from '../../data/ehcp/requests.repository.js';
import { authoritiesOfOpenRequests, type TrackerFilters } from '../../data/ehcp/requests-tracker.repository.js';
import {
  adviceOfRequest,
  deliveriesOf,
  documentsOf,
  exceptionsOf,
  findDocument,
  findException,
  insertDocument,
} from '../../data/ehcp/requests-parts.repository.js';
import { daysLeft, ragOf, type Rag } from '../../domain/ehcp/clock.js';
import { exceptionApplies } from '../../domain/ehcp/exceptions.js';
import { parseFields } from '../../domain/forms/fields.js';
import { checkUpload } from '../../domain/referrals/attachments.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Outbox } from '../outbox/outbox.service.js';
import { boundedInflate } from '../referrals/inflate.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock } from '../shared/context.js';
import type { TaskRaiser } from '../care/tasks.service.js';
import { assignFields, withdrawRequestFields } from './requests.fields.js';
import { missedWithin, recordException, withdrawOneException } from './requests-exceptions.js';
import { authoritiesFor, invalid, logRequest, notFound, type Ctx, type RequestProblem } from './requests-log.js';
import { escalateDue, ragSettingsOf, report, tracker } from './requests-tracker.js';

export type { Ctx, RequestProblem, RequestRecord };
export type { MissedAppointment } from '../../data/ehcp/requests-parts.repository.js';

/** The most documents one request keeps. */
export const DOCUMENTS_MAX = 20;

export function createEhcpRequests(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  files: FileStore;
  outbox: Outbox;
  taskRaiser: TaskRaiser;
}) {
  const { db, clock, audit, registry, files } = deps;
  const stale = () =>
    failed(
      problem('stale-version', 'Someone else changed this request since the page was loaded.', {
        problems: [{ field: 'version', message: 'Someone else changed this request: check it and try again' }],
      }),
    );

  return {
    authorities: (serviceId: string) => authoritiesFor(deps, serviceId),

    log: (ctx: Ctx, sent: Record<string, unknown>) => logRequest(deps, ctx, sent),

    /** Everything the request's page shows; undefined when there is no such request in the service. */
    async view(serviceId: string, requestId: string) {
      const request = await findRequest(db, serviceId, requestId);
      if (request === undefined) return undefined;
      const [exceptions, documents, advice, deliveries, clinicians] = await Promise.all([
        exceptionsOf(db, serviceId, requestId),
        documentsOf(db, serviceId, requestId),
        adviceOfRequest(db, serviceId, requestId),
        deliveriesOf(db, serviceId, requestId),
        assignableClinicians(db, serviceId),
      ]);
      const today = londonDate(clock());
      const left = daysLeft(request.dueOn, today);
      return {
        request,
        exceptions,
        documents,
        advice: advice ?? null,
        deliveries,
        clinicians,
        today,
        daysLeft: left,
        rag: ragOf(left, ragSettingsOf(registry, serviceId)),
        exceptionApplies: exceptionApplies(exceptions),
      };
    },

    async assign(ctx: Ctx, requestId: string, sent: Record<string, unknown>): Promise<Outcome<object, RequestProblem>> {
      const request = await findRequest(db, ctx.serviceId, requestId);
      if (request === undefined) return notFound();
      const parsed = parseFields(assignFields(await assignableClinicians(db, ctx.serviceId)), sent);
      if (!parsed.ok) return invalid(parsed.problems);
      if (request.status !== 'open') {
        return failed(problem('illegal', 'Only an open request has a clinician named.', { problems: [] }));
      }
      const clinicianId = parsed.values.clinician === 'none' ? null : parsed.values.clinician;
      const done = await db.transaction().execute(async (trx) => {
        const now = clock().toISOString();
        if (!(await assignClinician(trx, ctx.serviceId, requestId, clinicianId, parsed.values.version, now))) {
          return false;
        }
        await audit.record(trx, ctx, {
          action: 'ehcp.assigned',
          subjectType: 'ehcp-request',
          subjectId: requestId,
          detail: clinicianId === null ? { unassigned: true } : { clinicianId },
        });
        return true;
      });
      return done ? ok() : stale();
    },

    async withdraw(
      ctx: Ctx,
      requestId: string,
      sent: Record<string, unknown>,
    ): Promise<Outcome<object, RequestProblem>> {
      const request = await findRequest(db, ctx.serviceId, requestId);
      if (request === undefined) return notFound();
      const parsed = parseFields(withdrawRequestFields, sent);
      if (!parsed.ok) return invalid(parsed.problems);
      if (request.status !== 'open') {
        return failed(problem('illegal', 'Only an open request can be withdrawn.', { problems: [] }));
      }
      const done = await db.transaction().execute(async (trx) => {
        const now = clock().toISOString();
        const { reason, version } = parsed.values;
        if (!(await withdrawRequest(trx, ctx.serviceId, requestId, reason, version, now))) return false;
        await audit.record(trx, ctx, {
          action: 'ehcp.request-withdrawn',
          subjectType: 'ehcp-request',
          subjectId: requestId,
          detail: {},
        });
        return true;
      });
      return done ? ok() : stale();
    },

    /** The request and the child's missed appointments within its period, for the exception form. */
    async exceptionOptions(serviceId: string, requestId: string) {
      const request = await findRequest(db, serviceId, requestId);
      if (request === undefined) return undefined;
      return { request, missed: await missedWithin(db, serviceId, request) };
    },

    recordException: (ctx: Ctx, requestId: string, sent: Record<string, unknown>) =>
      recordException(deps, ctx, requestId, sent),

    /** One exception and its request, for the withdraw form. */
    async exception(serviceId: string, exceptionId: string) {
      const exception = await findException(db, serviceId, exceptionId);
      if (exception === undefined) return undefined;
      const request = await findRequest(db, serviceId, exception.requestId);
      return request === undefined ? undefined : { exception, request };
    },

    withdrawException: (ctx: Ctx, exceptionId: string, sent: Record<string, unknown>) =>
      withdrawOneException(deps, ctx, exceptionId, sent),

    tracker: (serviceId: string, filters: TrackerFilters & { rag?: Rag }) => tracker(deps, serviceId, filters),

    trackerAuthorities: (serviceId: string) => authoritiesOfOpenRequests(db, serviceId),

    report: (serviceId: string, from: string, to: string) => report(deps, serviceId, from, to),

    /** Keeps a document the authority sent (PDF or image, checked as the referral's attachments are). */
    async addDocument(
      ctx: Ctx,
      requestId: string,
      originalName: string,
      bytes: Uint8Array,
    ): Promise<Outcome<{ documentId: string }, Problem<'not-found' | 'invalid-input'>>> {
      const request = await findRequest(db, ctx.serviceId, requestId);
      if (request === undefined) return failed(problem('not-found', 'There is no such request in this service.'));
      if ((await documentsOf(db, ctx.serviceId, requestId)).length >= DOCUMENTS_MAX) {
        return failed(problem('invalid-input', `A request keeps up to ${String(DOCUMENTS_MAX)} documents`));
      }
      const verdict = checkUpload(originalName, bytes, boundedInflate);
      if (!verdict.ok) return failed(problem('invalid-input', verdict.message));
      const storedAs = await files.put(ctx.serviceId, bytes);
      const documentId = randomUUID();
      try {
        await db.transaction().execute(async (trx) => {
          await insertDocument(trx, {
            id: documentId,
            serviceId: ctx.serviceId,
            requestId,
            fileName: verdict.fileName,
            mediaType: verdict.type,
            sizeBytes: bytes.length,
            storedAs,
            uploadedBy: ctx.actorUserId,
            createdAt: clock().toISOString(),
          });
          await audit.record(trx, ctx, {
            action: 'ehcp.document-added',
            subjectType: 'ehcp-request',
            subjectId: requestId,
            detail: { documentId, mediaType: verdict.type, sizeBytes: bytes.length },
          });
        });
      } catch (err) {
        await files.remove(ctx.serviceId, storedAs).catch(() => undefined);
        throw err;
      }
      return ok({ documentId });
    },

    /** A document's name, type and bytes, for downloading; undefined when it is not this request's or is missing. */
    async document(serviceId: string, requestId: string, documentId: string) {
      const found = await findDocument(db, serviceId, requestId, documentId);
      if (found === undefined) return undefined;
      const bytes = await files.get(serviceId, found.storedAs).catch(() => null);
      if (bytes === null) return undefined;
      return { fileName: found.fileName, mediaType: found.mediaType, bytes };
    },

    /** Scheduled: escalates red requests with no draft to the service manager. */
    escalateDue: () => escalateDue(deps),
  };
}

export type EhcpRequestsService = ReturnType<typeof createEhcpRequests>;
