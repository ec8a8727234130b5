/**
 * Discharge from the service (issue 14 item 8). `check` reads the form and says what a discharge would do: the dates
 * it sets (the last day a parent may re-refer directly, the record's retention review date) and who gets a summary
 * letter and who does not, and why (the school only with a sharing consent in force; a withdrawn consent stops the
 * GP's or the school's letter). `discharge` does it in one transaction: it closes the open episode (at the version the
 * check page was drawn at: a stale one changes nothing), stores the discharge, writes the letters through the letter
 * pipeline (PDF in the file store; the family's by e-mail through the outbox when there is a usable address, else
 * printed; the GP's and the school's printed) and audits it. Nothing is ever deleted automatically.
 */
import { randomUUID } from 'node:crypto';
import { updateEpisodeAtVersion } from '../../data/care/episodes.repository.js';
import type { Executor } from '../../data/executor.js';
import type { FileStore } from '../../data/files/file-store.js';
import { openPracticeAddress, schoolAddress } from '../../data/letters/letters.repository.js';
import { consentsOfChild } from '../../data/record/consent.repository.js';
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
import { parseField, type Answers, type Field, type FieldProblem } from '../../domain/forms/fields.js';
import { ADDRESS_FIELDS, type LetterPlace } from '../../domain/letters/compose.js';
import { deliveryOf } from '../../domain/letters/delivery.js';
import { letterHtml, letterText } from '../../domain/letters/render.js';
import { isValidRecipient } from '../../domain/notifications/recipient.js';
import {
  dischargeDates,
  dischargeLetterRecipients,
  dischargeReasonLabel,
  parseDischarge,
  type DischargeDates,
  type LetterNotSent,
  type LetterParty,
} from '../../domain/record/discharge.js';
import { dischargeLetter } from '../../domain/record/discharge-letter.js';
import type { DischargeReason } from '../../domain/service/record-settings.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import { letterPdf } from '../letters/letter-pdf.js';
import type { Outbox } from '../outbox/outbox.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';

export type { DischargeChild, DischargeLetterRow, DischargeRow };

export const SUMMARY_MAX = 5000;
export const PRINT_LIST_SIZE = 100;

/** The summary the letters carry: the one field of the discharge form the domain's parser leaves to the page. */
export const SUMMARY_FIELD = {
  kind: 'textarea',
  name: 'summary',
  label: 'Summary for the discharge letters',
  hint: 'What was done, what was achieved, and any advice to carry on with. The family, the GP and (with consent) the school read it.',
  missing: 'Enter a summary for the discharge letters',
  max: SUMMARY_MAX,
} as const satisfies Field;

export type DischargeProblem = Problem<'not-found' | 'invalid-input' | 'stale-version' | 'illegal'> & {
  problems: FieldProblem[];
};

type Ctx = RequestContext & { serviceId: string };

export const NO_CHILD = 'There is no such child in this service.';
export const NO_OPEN_EPISODE = 'This child has no open episode of care to discharge from.';
export const STALE_EPISODE =
  'Someone else changed this child’s episode of care while you were discharging them. Check it and try again';

const refused = (code: DischargeProblem['code'], message: string, problems: FieldProblem[] = []) =>
  failed({ ...problem(code, message), problems });

/** One party's letter as the check page lists it. */
export interface PlannedLetter {
  to: LetterParty;
  name: string;
  addressLines: string[];
  addressAsTyped: boolean;
  /** email: to the family's address; print: posted from the print list; print-for-file: no address held. */
  delivery: { channel: 'email'; to: string } | { channel: 'print'; forFile: boolean };
}

export interface DischargePlan {
  child: DischargeChild;
  episodeId: string;
  episodeVersion: number;
  reason: { code: string; label: string };
  summary: string;
  dischargedOn: string;
  dates: DischargeDates;
  letters: PlannedLetter[];
  notSent: LetterNotSent[];
}

interface Party {
  name: string;
  addressLines: string[];
  addressAsTyped: boolean;
}

const text = (answers: Answers, name: string): string => {
  const value = answers[name];
  return typeof value === 'string' ? value.trim() : '';
};

function answersOf(json: string): Answers {
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Answers) : {};
  } catch {
    return {};
  }
}

function typedPartyOf(json: string | null): Party | null {
  if (json === null) return null;
  try {
    const parsed = JSON.parse(json) as { name?: unknown; addressLines?: unknown };
    if (typeof parsed.name !== 'string' || parsed.name.trim() === '') return null;
    const lines = Array.isArray(parsed.addressLines)
      ? parsed.addressLines.filter((l): l is string => typeof l === 'string')
      : [];
    return { name: parsed.name, addressLines: lines, addressAsTyped: true };
  } catch {
    return null;
  }
}

const placeParty = (place: LetterPlace | undefined): Party | null =>
  place === undefined ? null : { name: place.name, addressLines: place.addressLines, addressAsTyped: false };

const addressee = (p: Party) => ({
  name: p.name,
  address: p.addressLines.length === 0 ? null : p.addressLines.join(', '),
});

export function createDischarges(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  files: FileStore;
  outbox: Outbox;
}) {
  const { db, clock, audit, registry, files, outbox } = deps;
  const today = () => londonDate(clock());
  const definitionOf = (serviceId: string) => {
    const definition = registry.byId(serviceId);
    if (definition === undefined) throw new Error(`No definition for ${serviceId}`);
    return definition;
  };
  const reasonsOf = (serviceId: string): readonly DischargeReason[] => definitionOf(serviceId).record.dischargeReasons;

  /** The family (from the referral's parent contact and the child's address), the GP and the school. */
  async function partiesOf(executor: Executor, child: DischargeChild, answersJson: string) {
    const answers = answersOf(answersJson);
    const email = text(answers, 'parent1Email');
    const parentName = text(answers, 'parent1Name');
    const family = {
      name: parentName === '' ? `The parent or carer of ${child.givenName} ${child.familyName}` : parentName,
      addressLines: ADDRESS_FIELDS.map((f) => text(answers, f)).filter((l) => l !== ''),
      addressAsTyped: false,
      email: email !== '' && isValidRecipient('email', email) ? email : null,
    };
    const gp =
      child.gpPracticeCode !== null
        ? (placeParty(await openPracticeAddress(executor, child.gpPracticeCode)) ?? typedPartyOf(child.gpPracticeTyped))
        : typedPartyOf(child.gpPracticeTyped);
    const school =
      child.schoolUrn !== null
        ? (placeParty(await schoolAddress(executor, child.schoolUrn)) ?? typedPartyOf(child.schoolTyped))
        : typedPartyOf(child.schoolTyped);
    return { family, gp, school };
  }

  /** Reads the form and works out what the discharge would do; nothing is changed. */
  async function plan(
    executor: Executor,
    serviceId: string,
    childId: string,
    sent: Record<string, unknown>,
  ): Promise<Outcome<{ plan: DischargePlan }, DischargeProblem>> {
    const child = await findDischargeChild(executor, serviceId, childId);
    if (child === undefined) return refused('not-found', NO_CHILD);
    const episode = child.episode;
    if (episode === null) return refused('illegal', NO_OPEN_EPISODE);
    const on = today();
    const reasons = reasonsOf(serviceId);
    const parsed = parseDischarge(sent, {
      reasons,
      episodeStartedOn: londonDate(new Date(episode.acceptedAt)),
      today: on,
    });
    const problems: FieldProblem[] = parsed.ok ? [] : [...parsed.problems];
    const summary = parseField(SUMMARY_FIELD, sent, on);
    if ('message' in summary) problems.splice(1, 0, summary);
    const definition = definitionOf(serviceId);
    let dates: DischargeDates | undefined;
    if (parsed.ok) {
      const computed = dischargeDates({
        dateOfBirth: child.dateOfBirth,
        dischargedOn: parsed.value.dischargedOn,
        parentReReferralWindowMonths: definition.eligibility.parentReReferralWindowMonths,
      });
      if (computed.ok) dates = computed.value;
      else problems.push(...computed.problems);
    }
    if (!parsed.ok || 'message' in summary || dates === undefined || problems.length > 0) {
      return refused('invalid-input', problems.map((p) => p.message).join('. '), problems);
    }
    const { family, gp, school } = await partiesOf(executor, child, episode.answers);
    const consents = (await consentsOfChild(executor, serviceId, childId)).map((r) => r.record);
    const recipients = dischargeLetterRecipients({
      family: addressee(family),
      gp: gp === null ? null : addressee(gp),
      school: school === null ? null : addressee(school),
      consents,
      on: parsed.value.dischargedOn,
    });
    const partyOf = (to: LetterParty): Party => (to === 'family' ? family : to === 'gp' ? gp : school) ?? family;
    const letters = recipients.send.map((r): PlannedLetter => {
      const party = partyOf(r.to);
      const delivery: PlannedLetter['delivery'] =
        r.to === 'family' && family.email !== null
          ? { channel: 'email', to: family.email }
          : { channel: 'print', forFile: r.delivery === 'print-for-file' };
      return {
        to: r.to,
        name: r.name,
        addressLines: party.addressLines,
        addressAsTyped: party.addressAsTyped,
        delivery,
      };
    });
    return ok({
      plan: {
        child,
        episodeId: episode.id,
        episodeVersion: episode.version,
        reason: { code: parsed.value.reason, label: dischargeReasonLabel(reasons, parsed.value.reason) },
        summary: typeof summary.value === 'string' ? summary.value : '',
        dischargedOn: parsed.value.dischargedOn,
        dates,
        letters,
        notSent: recipients.notSent,
      },
    });
  }

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
