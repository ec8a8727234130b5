/**
 * Discharge from the service (issue 14 item 8). `check` says what a discharge would do (discharge-plan.ts: the dates
 * it sets, and who gets a summary letter and who does not, and why). `discharge` does it in one transaction: it closes
 * the open episode (at the version the check page was drawn at: a stale one changes nothing), stores the discharge,
 * writes the letters through the letter pipeline (PDF in the file store; the family's by e-mail through the outbox
 * when there is a usable address, else printed; the GP's and the school's printed) and audits it. Nothing is ever
 * deleted automatically.
 */
import { randomUUID } from 'node:crypto';
import { updateEpisodeAtVersion } from '../../data/care/episodes.repository.js';
import type { Executor } from '../../data/executor.js';
import type { FileStore } from '../../data/files/file-store.js';
import {
  dischargeLettersToPrint,
  dischargesOfChild,
  findDischarge,
  findDischargeChild,
  findDischargeLetter,
  insertDischarge,
  insertDischargeLetter,
  lettersOfDischarge,
  markDischargeLetterPrinted,
  type DischargeChild,
  type DischargeLetterRow,
  type DischargeRow,
} from '../../data/record/discharge.repository.js';
import { deliveryOf } from '../../domain/letters/delivery.js';
import { letterHtml, letterText } from '../../domain/letters/render.js';
import { dischargeReasonLabel } from '../../domain/record/discharge.js';
import { dischargeLetter } from '../../domain/record/discharge-letter.js';
import { ok, type Outcome } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import { letterPdf } from '../letters/letter-pdf.js';
import type { Outbox } from '../outbox/outbox.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { createDischargePlanner, refused, type DischargeProblem } from './discharge-plan.js';

export type { DischargeChild, DischargeLetterRow, DischargeRow };

export const PRINT_LIST_SIZE = 100;

type Ctx = RequestContext & { serviceId: string };

export const STALE_EPISODE =
  'Someone else changed this child’s episode of care while you were discharging them. Check it and try again';

export function createDischarges(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  files: FileStore;
  outbox: Outbox;
}) {
  const { db, clock, audit, registry, files, outbox } = deps;
  const { today, definitionOf, reasonsOf, plan } = createDischargePlanner({ clock, registry });

  return {
    /** What the discharge form needs: the child, their open episode (null when none) and the service's reasons. */
    async form(serviceId: string, childId: string) {
      const child = await findDischargeChild(db, serviceId, childId);
      if (child === undefined) return undefined;
      return { child, reasons: reasonsOf(serviceId) };
    },

    /** The check page: what the discharge would do. */
    check: (serviceId: string, childId: string, sent: Record<string, unknown>) => plan(db, serviceId, childId, sent),

    /**
     * Discharges the child: closes the open episode at `episodeVersion`, stores the discharge and writes its letters,
     * in one transaction with its audit event. The PDFs written are removed again if the transaction fails.
     */
    async discharge(
      ctx: Ctx,
      childId: string,
      episodeVersion: number,
      sent: Record<string, unknown>,
    ): Promise<Outcome<{ dischargeId: string }, DischargeProblem>> {
      const recordedBy = ctx.actorUserId;
      if (recordedBy === null) throw new Error('A discharge is recorded by a signed-in person');
      const definition = definitionOf(ctx.serviceId);
      const written: string[] = [];
      try {
        return await db.transaction().execute(async (trx) => {
          const planned = await plan(trx, ctx.serviceId, childId, sent);
          if (!planned.ok) return planned;
          const p = planned.plan;
          const now = clock().toISOString();
          const closed = await updateEpisodeAtVersion(
            trx,
            ctx.serviceId,
            p.episodeId,
            episodeVersion,
            { status: 'closed', closedAt: now, closedReason: p.reason.code },
            now,
          );
          if (!closed) return refused('stale-version', STALE_EPISODE);
          const dischargeId = randomUUID();
          await insertDischarge(trx, ctx.serviceId, {
            id: dischargeId,
            childId,
            episodeId: p.episodeId,
            reasonCode: p.reason.code,
            summary: p.summary,
            dischargedOn: p.dischargedOn,
            reReferralUntil: p.dates.reReferralUntil,
            retentionReviewOn: p.dates.retention.reviewOn,
            retentionBirthday: p.dates.retention.birthday,
            recordedBy,
            recordedAt: now,
          });
          const sender = {
            serviceName: definition.serviceName,
            organisationName: definition.organisation.name,
            telephone: definition.contact.telephone,
          };
          for (const planLetter of p.letters) {
            const letter = dischargeLetter({
              to: planLetter.to,
              name: planLetter.name,
              addressLines: planLetter.addressLines,
              addressAsTyped: planLetter.addressAsTyped,
              email: planLetter.delivery.channel === 'email' ? planLetter.delivery.to : null,
              child: p.child,
              reasonLabel: p.reason.label,
              summary: p.summary,
              dischargedOn: p.dischargedOn,
              reReferralUntil: p.dates.reReferralUntil,
              today: today(),
              sender,
            });
            const storedAs = await files.put(ctx.serviceId, await letterPdf(letter));
            written.push(storedAs);
            const delivery = deliveryOf(letter);
            const outboxMessageId =
              delivery.channel === 'email'
                ? await outbox.enqueue(trx, {
                    serviceId: ctx.serviceId,
                    template: 'decision-letter',
                    channel: 'email',
                    recipient: delivery.to,
                    personalisation: { subject: letter.subject, body: letterText(letter) },
                    subject: { type: 'discharge', id: dischargeId },
                  })
                : null;
            await insertDischargeLetter(trx, {
              id: randomUUID(),
              serviceId: ctx.serviceId,
              dischargeId,
              childId,
              recipient: letter.recipient,
              recipientName: letter.recipientName,
              channel: delivery.channel,
              subject: letter.subject,
              content: JSON.stringify(letter),
              html: letterHtml(letter),
              storedAs,
              outboxMessageId,
              createdAt: now,
            });
          }
          await audit.record(trx, ctx, {
            action: 'discharge.recorded',
            serviceId: ctx.serviceId,
            subjectType: 'child',
            subjectId: childId,
            detail: {
              discharge: dischargeId,
              episode: p.episodeId,
              reason: p.reason.code,
              letters: p.letters.map((l) => l.to).join(','),
              notSent: p.notSent.map((l) => l.to).join(','),
            },
          });
          return ok({ dischargeId });
        });
      } catch (err) {
        // allSettled: a file that cannot be removed must not hide why the discharge failed.
        await Promise.allSettled(written.map((name) => files.remove(ctx.serviceId, name)));
        throw err;
      }
    },

    /** One discharge with its letters and its reason in words; undefined when not this service's. */
    async find(serviceId: string, dischargeId: string) {
      const discharge = await findDischarge(db, serviceId, dischargeId);
      if (discharge === undefined) return undefined;
      return {
        discharge,
        reasonLabel: dischargeReasonLabel(reasonsOf(serviceId), discharge.reasonCode),
        letters: await lettersOfDischarge(db, serviceId, dischargeId),
      };
    },

    /** A child's discharges, the latest first (for the record page and its timeline). */
    ofChild: (serviceId: string, childId: string) => dischargesOfChild(db, serviceId, childId),

    /** A discharge letter's PDF, named by its party and date, never by anyone's name. */
    async letterPdf(
      serviceId: string,
      dischargeId: string,
      letterId: string,
    ): Promise<{ fileName: string; bytes: Buffer } | undefined> {
      const letter = await findDischargeLetter(db, serviceId, letterId);
      if (letter?.dischargeId !== dischargeId) return undefined;
      return {
        fileName: `discharge-letter-${letter.recipient}-${letter.createdAt.slice(0, 10)}.pdf`,
        bytes: await files.get(serviceId, letter.storedAs),
      };
    },

    /** A discharge letter on the print list's side: only letters that go by post. */
    async printLetterPdf(
      serviceId: string,
      letterId: string,
    ): Promise<{ fileName: string; bytes: Buffer } | undefined> {
      const letter = await findDischargeLetter(db, serviceId, letterId);
      if (letter?.channel !== 'print') return undefined;
      return {
        fileName: `discharge-letter-${letter.recipient}-${letter.createdAt.slice(0, 10)}.pdf`,
        bytes: await files.get(serviceId, letter.storedAs),
      };
    },

    /** Discharge letters waiting to be printed, oldest first. */
    printList: (serviceId: string) => dischargeLettersToPrint(db, serviceId, PRINT_LIST_SIZE),

    /** Marks a discharge letter printed, audited in the same transaction; false when it was not waiting. */
    async markPrinted(ctx: Ctx, letterId: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const marked = await markDischargeLetterPrinted(
          trx,
          ctx.serviceId,
          letterId,
          ctx.actorUserId,
          clock().toISOString(),
        );
        await audit.record(trx, ctx, {
          action: 'discharge.letter-printed',
          serviceId: ctx.serviceId,
          subjectType: 'discharge-letter',
          subjectId: letterId,
          outcome: marked ? 'success' : 'failure',
        });
        return marked;
      });
    },
  };
}

export type Discharges = ReturnType<typeof createDischarges>;
