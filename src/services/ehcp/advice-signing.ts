/**
 * Signing EHCP health advice and what follows: the author signs ready advice (approved by its reviewer where the
 * service asks for a review, and unchanged since, which holds because advice with its reviewer cannot be edited); the
 * PDF is drawn, kept in the file store and the advice marked signed in one transaction with its audit event (the file
 * removed again if the transaction fails). Signed advice is corrected only by addenda; its PDF is served as signed,
 * or drawn again with the addenda once there are some.
 */
import { randomUUID } from 'node:crypto';
import {
  addendaOf,
  findAdvice,
  insertAddendum,
  updateAdvice,
  type AdviceRow,
} from '../../data/ehcp/advice.repository.js';
import { childForAdvice, requestForAdvice } from '../../data/ehcp/advice-record.repository.js';
import type { Executor } from '../../data/executor.js';
import type { FileStore } from '../../data/files/file-store.js';
import { ROLE_LABELS } from '../../domain/access/roles.js';
import { contentFromJson, readinessToSign } from '../../domain/ehcp/advice.js';
import { adviceDocument, type ReuseAgreement } from '../../domain/ehcp/advice-document.js';
import { parseAddendum } from '../../domain/ehcp/advice-forms.js';
import { londonDate } from '../../domain/shared/dates.js';
import { ok, type Outcome } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock } from '../shared/context.js';
import { advicePdf } from './advice-pdf.js';
import {
  invalid,
  NO_ADVICE,
  NOT_AUTHOR,
  NOT_READY,
  refused,
  SIGNED,
  STALE,
  VERSION_PROBLEM,
  versionOf,
  type AdviceCtx,
  type AdviceRefusal,
} from './advice-common.js';

const onLondonDate = (instant: string) => londonDate(new Date(instant));

export function createAdviceSigning(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  files: FileStore;
  reviewRequired: (serviceId: string) => boolean;
}) {
  const { db, clock, audit, registry, files, reviewRequired } = deps;

  /** The advice as a PDF: as signed (`signed`), with the addenda given. */
  async function draw(
    serviceId: string,
    row: AdviceRow,
    signed: { at: string; role: string },
    addenda: { createdAt: string; addedByName: string; reason: string; text: string }[],
  ): Promise<Buffer | undefined> {
    const definition = registry.byId(serviceId);
    const request = await requestForAdvice(db, serviceId, row.requestId);
    const child = await childForAdvice(db, serviceId, row.childId);
    if (definition === undefined || request === undefined || child === undefined) return undefined;
    const earlier =
      row.reusedFromAdviceId === null ? undefined : await findAdvice(db, serviceId, row.reusedFromAdviceId);
    const document = adviceDocument({
      serviceName: definition.serviceName,
      organisationName: definition.organisation.name,
      child,
      authority: { name: request.laName, reference: request.laReference },
      kind: request.kind,
      receivedOn: request.receivedOn,
      dueOn: request.dueOn,
      content: contentFromJson(row.content),
      author: { name: row.authorName, role: signed.role },
      signedOn: onLondonDate(signed.at),
      reviewer:
        row.reviewerName === null || row.reviewedAt === null || row.reviewOutcome !== 'approved'
          ? null
          : { name: row.reviewerName, reviewedOn: onLondonDate(row.reviewedAt) },
      reusedFrom:
        earlier?.signedAt == null || row.reuseAgreement === null
          ? null
          : { signedOn: onLondonDate(earlier.signedAt), agreement: JSON.parse(row.reuseAgreement) as ReuseAgreement },
      addenda: addenda.map((a) => ({
        createdOn: onLondonDate(a.createdAt),
        byName: a.addedByName,
        reason: a.reason,
        text: a.text,
      })),
    });
    return advicePdf(document, definition.organisation.name);
  }

  /** The author's role as the document names it, with the service. */
  const roleOf = (ctx: AdviceCtx) => {
    const role = ctx.actorRoles.includes('clinician') ? 'clinician' : (ctx.actorRoles[0] ?? 'clinician');
    return `${ROLE_LABELS[role]}, ${registry.byId(ctx.serviceId)?.serviceName ?? ''}`;
  };

  return {
    /** Signs the advice at the version read; audited as `ehcp.advice-signed`. */
    async sign(
      ctx: AdviceCtx,
      adviceId: string,
      sent: Record<string, unknown>,
    ): Promise<Outcome<object, AdviceRefusal>> {
      const version = versionOf(sent);
      if (version === undefined) return invalid([VERSION_PROBLEM]);
      const row = await findAdvice(db, ctx.serviceId, adviceId);
      if (row === undefined) return refused('not-found', NO_ADVICE);
      if (row.authorId !== ctx.actorUserId) return refused('forbidden', NOT_AUTHOR);
      if (row.status === 'signed') return refused('illegal', SIGNED, [], row);
      if (row.version !== version) return refused('stale-version', STALE, [], row);
      const problems = readinessToSign(contentFromJson(row.content));
      if (problems.length > 0) return refused('incomplete', NOT_READY, problems, row);
      if (reviewRequired(ctx.serviceId) && (row.status !== 'in-review' || row.reviewOutcome !== 'approved')) {
        return refused('illegal', 'This advice must be approved by its reviewer before it is signed.', [], row);
      }
      const now = clock().toISOString();
      const role = roleOf(ctx);
      const pdf = await draw(ctx.serviceId, row, { at: now, role }, []);
      if (pdf === undefined) return refused('not-found', NO_ADVICE);
      const storedAs = await files.put(ctx.serviceId, pdf);
      try {
        const signed = await db.transaction().execute(async (trx) => {
          // The role it was signed in is kept with the content, so that the PDF drawn again with addenda says the same.
          const content = JSON.stringify({ ...contentFromJson(row.content), signedAs: role });
          const change = { status: 'signed' as const, content, signedBy: ctx.actorUserId, signedAt: now, storedAs };
          if (!(await updateAdvice(trx, ctx.serviceId, adviceId, version, change, now))) return false;
          await audit.record(trx, ctx, {
            action: 'ehcp.advice-signed',
            subjectType: 'child',
            subjectId: row.childId,
            detail: { request: row.requestId, advice: adviceId, role },
          });
          return true;
        });
        if (!signed) {
          await files.remove(ctx.serviceId, storedAs).catch(() => undefined);
          return refused('stale-version', STALE, [], row);
        }
      } catch (err) {
        await files.remove(ctx.serviceId, storedAs).catch(() => undefined);
        throw err;
      }
      return ok();
    },

    /** Adds an addendum (text and reason) to signed advice; `ehcp.advice-addendum-added`. */
    async addAddendum(
      ctx: AdviceCtx,
      adviceId: string,
      sent: Record<string, unknown>,
    ): Promise<Outcome<object, AdviceRefusal>> {
      const parsed = parseAddendum(sent);
      if (!parsed.ok) return invalid(parsed.problems);
      return db.transaction().execute(async (trx) => {
        const row = await findAdvice(trx, ctx.serviceId, adviceId);
        if (row === undefined) return refused('not-found', NO_ADVICE);
        if (row.status !== 'signed') {
          return refused('illegal', 'Addenda are added to signed advice only: change the draft instead.', [], row);
        }
        const id = randomUUID();
        await insertAddendum(
          trx,
          { id, serviceId: ctx.serviceId, adviceId, addedBy: ctx.actorUserId, ...parsed.value },
          clock().toISOString(),
        );
        await audit.record(trx, ctx, {
          action: 'ehcp.advice-addendum-added',
          subjectType: 'child',
          subjectId: row.childId,
          detail: { request: row.requestId, advice: adviceId, addendum: id },
        });
        return ok();
      });
    },

    addenda: (serviceId: string, adviceId: string) => addendaOf(db, serviceId, adviceId),

    /**
     * The signed PDF to download: the stored file, or, once there are addenda, the signed advice drawn again with
     * them. Undefined before signing or when the file is missing.
     */
    async pdf(serviceId: string, adviceId: string): Promise<{ fileName: string; bytes: Buffer } | undefined> {
      const row = await findAdvice(db, serviceId, adviceId);
      if (row?.status !== 'signed' || row.storedAs === null || row.signedAt === null) return undefined;
      const fileName = `ehcp-health-advice-${onLondonDate(row.signedAt)}.pdf`;
      const addenda = await addendaOf(db, serviceId, adviceId);
      if (addenda.length === 0) {
        const bytes = await files.get(serviceId, row.storedAs).catch(() => null);
        return bytes === null ? undefined : { fileName, bytes };
      }
      const role = contentFromJson(row.content).signedAs ?? '';
      const bytes = await draw(serviceId, row, { at: row.signedAt, role }, addenda);
      return bytes === undefined ? undefined : { fileName, bytes };
    },
  };
}
