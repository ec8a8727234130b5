/**
 * Letters about triage decisions, and the reminder sent when a requested reply is overdue. `batch().write` runs inside
 * the decision's (or the reminder's) own transaction: it composes the letters (src/domain/letters), keeps each one's
 * PDF in the file store, queues an e-mail for each recipient with an address and leaves the rest on the print queue.
 * `batch().settle` removes the PDFs again if the transaction does not commit, so a decision and its letters happen
 * together or not at all. Admin officers print from the queue.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../data/executor.js';
import type { FileStore } from '../../data/files/file-store.js';
import {
  findLetter,
  insertLetter,
  listLettersForReferral,
  listPrintQueue,
  listWaitingLetters,
  markLetterPrinted,
  openPracticeAddress,
  schoolAddress,
  type LetterSummary,
  type StoredLetter,
} from '../../data/letters/letters.repository.js';
import { ADDRESS_FIELDS, composeLetters, type LetterOccasion, type LetterPlace } from '../../domain/letters/compose.js';
import { deliveryOf } from '../../domain/letters/delivery.js';
import { letterHtml, letterText } from '../../domain/letters/render.js';
import { findPractice } from '../../data/reference/practices.repository.js';
import type { Answers } from '../../domain/forms/fields.js';
import { typedPlace } from '../../domain/referrals/typed-places.js';
import { londonDate } from '../../domain/shared/dates.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Outbox } from '../outbox/outbox.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { letterPdf, lettersPdf } from './letter-pdf.js';
import { referralChildAddressSealed } from '../../data/record/child-alerts.repository.js';

export type { LetterSummary, StoredLetter };

export const PRINT_QUEUE_SIZE = 100;

/** What a decision's letters are made from: the referral as the decision found it, and the decision (or reminder). */
export interface DecisionForLetters {
  serviceId: string;
  referralId: string;
  eventId: string;
  reference: string;
  child: { givenName: string; familyName: string; dateOfBirth: string };
  answers: Answers;
  action: LetterOccasion;
  /**
   * Answer fields not to disclose, besides the child's address when their record has a sealed-address alert in force
   * (looked up here, so that no caller can forget it). The letters honour them (see src/domain/letters/compose.ts).
   */
  sealed?: ReadonlySet<string>;
}

const CODE = /^[A-Z0-9]{3,8}$/u;
const URN = /^\d{5,8}$/u;
const answerText = (answers: Answers, name: string) => {
  const value = answers[name];
  return typeof value === 'string' ? value.trim() : '';
};

export function createDecisionLetters(deps: {
  db: Executor;
  clock: Clock;
  files: FileStore;
  outbox: Outbox;
  registry: ServiceRegistry;
  audit: AuditService;
}) {
  const { db, clock, files, outbox, audit } = deps;

  async function referrerPlace(executor: Executor, answers: Answers): Promise<LetterPlace | null> {
    const practice = answerText(answers, 'referrerPractice');
    if (CODE.test(practice)) return (await openPracticeAddress(executor, practice)) ?? null;
    const school = answerText(answers, 'referrerSchool');
    if (URN.test(school)) return (await schoolAddress(executor, school)) ?? null;
    return null;
  }

  /**
   * The child's GP practice to write to: one the reference data knows and lists as open (never a guess at where a
   * child is registered), chosen or typed with its ODS code; otherwise the practice as the referrer typed it, addressed
   * exactly as typed.
   */
  async function childGpPractice(
    executor: Executor,
    answers: Answers,
  ): Promise<(LetterPlace & { code: string }) | null> {
    const chosen = answerText(answers, 'childGp');
    if (CODE.test(chosen)) return (await openPracticeAddress(executor, chosen)) ?? null;
    const typed = typedPlace(answers, 'childGp');
    if (typed === null) return null;
    if (typed.code !== null && (await findPractice(executor, typed.code)) !== undefined) {
      // Matched: the reference data now lists the practice typed, and its published address (if open) is used.
      return (await openPracticeAddress(executor, typed.code)) ?? null;
    }
    return { code: typed.code ?? '', name: typed.name, addressLines: typed.addressLines, addressAsTyped: true };
  }

  /** Writes one decision's letters in the caller's transaction; returns how many. */
  async function write(executor: Executor, input: DecisionForLetters, written: string[]): Promise<number> {
    const definition = deps.registry.byId(input.serviceId);
    if (definition === undefined) throw new Error(`No definition for ${input.serviceId}`);
    const { letters } = composeLetters({
      definition,
      action: input.action,
      reference: input.reference,
      child: input.child,
      answers: input.answers,
      today: londonDate(clock()),
      gpPractice: await childGpPractice(executor, input.answers),
      referrerPlace: await referrerPlace(executor, input.answers),
      sealed: new Set([
        ...(input.sealed ?? []),
        ...((await referralChildAddressSealed(executor, input.serviceId, input.referralId)) ? ADDRESS_FIELDS : []),
      ]),
    });
    const now = clock().toISOString();
    for (const letter of letters) {
      const storedAs = await files.put(input.serviceId, await letterPdf(letter));
      written.push(storedAs);
      const delivery = deliveryOf(letter);
      const outboxMessageId =
        delivery.channel === 'email'
          ? await outbox.enqueue(executor, {
              serviceId: input.serviceId,
              template: 'decision-letter',
              channel: 'email',
              recipient: delivery.to,
              personalisation: { subject: letter.subject, body: letterText(letter) },
              subject: { type: 'referral', id: input.referralId },
            })
          : null;
      await insertLetter(executor, {
        id: randomUUID(),
        serviceId: input.serviceId,
        referralId: input.referralId,
        eventId: input.eventId,
        channel: delivery.channel,
        letter,
        html: letterHtml(letter),
        storedAs,
        outboxMessageId,
        createdAt: now,
      });
    }
    return letters.length;
  }

  return {
    /** The letters of one decision: write them inside its transaction, and settle the transaction through it. */
    batch() {
      const written: string[] = [];
      let serviceId: string | null = null;
      return {
        write: (executor: Executor, input: DecisionForLetters) => {
          serviceId = input.serviceId;
          return write(executor, input, written);
        },
        /** The transaction's outcome; if it failed, the PDFs written for it are removed before the error goes on. */
        async settle<T>(outcome: Promise<T>): Promise<T> {
          try {
            return await outcome;
          } catch (err) {
            const folder = serviceId;
            // allSettled: a file that cannot be removed must not hide why the decision failed.
            if (folder !== null) await Promise.allSettled(written.map((name) => files.remove(folder, name)));
            throw err;
          }
        },
      };
    },

    forReferral: (serviceId: string, referralId: string) => listLettersForReferral(db, serviceId, referralId),

    /** One letter of one referral; undefined when the letter belongs to another referral or service. */
    async letter(serviceId: string, referralId: string, letterId: string): Promise<StoredLetter | undefined> {
      const letter = await findLetter(db, serviceId, letterId);
      return letter?.referralId === referralId ? letter : undefined;
    },

    /** A letter's PDF, named for the download by its reference and recipient, never by anyone's name. */
    async pdf(letter: StoredLetter, serviceId: string): Promise<{ fileName: string; bytes: Buffer }> {
      return {
        fileName: `letter-${letter.reference}-${letter.recipient}.pdf`,
        bytes: await files.get(serviceId, letter.storedAs),
      };
    },

    printQueue: (serviceId: string) => listPrintQueue(db, serviceId, PRINT_QUEUE_SIZE),

    /** A letter on the print queue's side: only letters that go by post are there. */
    async printLetter(serviceId: string, letterId: string): Promise<StoredLetter | undefined> {
      const letter = await findLetter(db, serviceId, letterId);
      return letter?.channel === 'print' ? letter : undefined;
    },

    /** Marks a letter printed, audited in the same transaction; false when it was not waiting to be printed. */
    async markPrinted(ctx: RequestContext, serviceId: string, letterId: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const marked = await markLetterPrinted(trx, serviceId, letterId, ctx.actorUserId, clock().toISOString());
        await audit.record(trx, ctx, {
          action: 'referral.letter-printed',
          subjectType: 'letter',
          subjectId: letterId,
          serviceId,
          outcome: marked ? 'success' : 'failure',
        });
        return marked;
      });
    },

    /**
     * Those of `ids` (the letters a person saw listed) still waiting to be printed, drawn again from what each letter
     * says into one PDF to print together, in the queue's order, each from the top of a new page. Audited with how many
     * letters it holds; undefined, and nothing recorded, when none of them is still waiting.
     */
    async printTogether(
      ctx: RequestContext,
      serviceId: string,
      ids: readonly string[],
    ): Promise<{ fileName: string; bytes: Buffer; count: number } | undefined> {
      const waiting = await listWaitingLetters(db, serviceId, ids);
      if (waiting.length === 0) return undefined;
      const bytes = await lettersPdf(
        waiting.map((l) => l.letter),
        'Letters to print',
      );
      await audit.record(db, ctx, {
        action: 'letters.print-all-downloaded',
        serviceId,
        detail: { letters: waiting.length, listed: ids.length },
      });
      return { fileName: `letters-to-print-${londonDate(clock())}.pdf`, bytes, count: waiting.length };
    },

    /**
     * Marks each of `ids` (the letters listed when the PDF was made, never those that arrived since) printed, by whom
     * and when, in one transaction, each audited as a single letter marked printed is. A letter no longer waiting (a
     * colleague marked it first) is left as it is and recorded as a failure. Returns how many were marked.
     */
    async markAllPrinted(ctx: RequestContext, serviceId: string, ids: readonly string[]): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const now = clock().toISOString();
        let marked = 0;
        for (const letterId of ids) {
          const done = await markLetterPrinted(trx, serviceId, letterId, ctx.actorUserId, now);
          if (done) marked += 1;
          await audit.record(trx, ctx, {
            action: 'referral.letter-printed',
            subjectType: 'letter',
            subjectId: letterId,
            serviceId,
            outcome: done ? 'success' : 'failure',
            detail: { together: true },
          });
        }
        return marked;
      });
    },
  };
}

export type DecisionLetters = ReturnType<typeof createDecisionLetters>;
