/**
 * Advice and strategies (issue 14 item 6): the service's library of home and school programmes, given to a child's
 * family or school as a PDF and recorded on the record (audited as `advice.given`, in the transaction that records
 * it). The PDF is drawn by the letters' renderer and kept in the file store; a failed transaction removes it.
 */
import { randomUUID } from 'node:crypto';
import type { FileStore } from '../../data/files/file-store.js';
import {
  adviceChild,
  adviceOfChild,
  findAdviceGiven,
  insertAdviceGiven,
  type AdviceGivenRow,
} from '../../data/record/advice.repository.js';
import type { Executor } from '../../data/executor.js';
import type { FieldProblem } from '../../domain/forms/fields.js';
import { adviceDocument, chooseAdvice, type AdviceProgramme } from '../../domain/record/advice.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import { letterPdf } from '../letters/letter-pdf.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';

export type { AdviceGivenRow };

type Ctx = RequestContext & { serviceId: string; actorUserId: string };

export type AdviceProblem = Problem<'not-found' | 'invalid-input'> & { problems: FieldProblem[] };

export function createAdvice(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  files: FileStore;
}) {
  const { db, clock, audit, registry, files } = deps;
  const libraryOf = (serviceId: string): AdviceProgramme[] => registry.byId(serviceId)?.record.advice ?? [];

  return {
    libraryOf,

    /** What has been given to the child, the most recent first, and the child's name for the page. */
    async ofChild(serviceId: string, childId: string) {
      const child = await adviceChild(db, serviceId, childId);
      if (child === undefined) return undefined;
      return { child, given: await adviceOfChild(db, serviceId, childId) };
    },

    /** Gives a programme to the family or the school: draws its PDF, keeps it and records it on the child's record. */
    async give(
      ctx: Ctx,
      childId: string,
      sent: Record<string, unknown>,
    ): Promise<Outcome<{ adviceId: string }, AdviceProblem>> {
      const definition = registry.byId(ctx.serviceId);
      const child = await adviceChild(db, ctx.serviceId, childId);
      if (definition === undefined || child === undefined) {
        return failed(problem('not-found', 'There is no such child in this service.', { problems: [] }));
      }
      const chosen = chooseAdvice(sent, libraryOf(ctx.serviceId));
      if (!chosen.ok) {
        return failed(
          problem('invalid-input', chosen.problems.map((p) => p.message).join('. '), { problems: chosen.problems }),
        );
      }
      const now = clock();
      const givenOn = londonDate(now);
      const pdf = await letterPdf(
        adviceDocument({
          programme: chosen.value.programme,
          to: chosen.value.to,
          childGivenName: child.givenName,
          givenOn,
          sender: {
            serviceName: definition.serviceName,
            organisationName: definition.organisation.name,
            telephone: definition.contact.telephone,
          },
        }),
      );
      const storedAs = await files.put(ctx.serviceId, pdf);
      const adviceId = randomUUID();
      try {
        await db.transaction().execute(async (trx) => {
          await insertAdviceGiven(trx, {
            id: adviceId,
            serviceId: ctx.serviceId,
            childId,
            episodeId: child.episodeId,
            programmeCode: chosen.value.programme.code,
            programmeTitle: chosen.value.programme.title,
            givenTo: chosen.value.to,
            givenOn,
            givenBy: ctx.actorUserId,
            storedAs,
            createdAt: now.toISOString(),
          });
          await audit.record(trx, ctx, {
            action: 'advice.given',
            subjectType: 'child',
            subjectId: childId,
            detail: { adviceId, programme: chosen.value.programme.code, to: chosen.value.to },
          });
        });
      } catch (err) {
        await files.remove(ctx.serviceId, storedAs).catch(() => undefined);
        throw err;
      }
      return ok({ adviceId });
    },

    /** The PDF given, for downloading again; undefined when there is no such advice or its file is missing. */
    async pdf(serviceId: string, adviceId: string): Promise<{ fileName: string; bytes: Buffer } | undefined> {
      const given = await findAdviceGiven(db, serviceId, adviceId);
      if (given === undefined) return undefined;
      const bytes = await files.get(serviceId, given.storedAs).catch(() => null);
      if (bytes === null) return undefined;
      return { fileName: `advice-${given.programmeCode}-${given.givenOn}.pdf`, bytes };
    },
  };
}

export type AdviceService = ReturnType<typeof createAdvice>;
