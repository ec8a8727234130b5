/**
 * Sending the signed EHCP advice (issue 15 item 5): to the local authority by e-mail through the outbox (the signed
 * PDF as a GOV.UK Notify download link that asks for the recipient's address) or by post (the print list), and, when
 * the authority's process expects it, the family's copy to the person with parental responsibility, by e-mail when the
 * record holds a usable address and otherwise by post. One transaction: the deliveries, the outbox messages with the
 * file, the request answered with `answered_on` the London date of sending (the date the advice was given), and the
 * audit event. Sending again (the authority asks for a copy) records more deliveries and never moves `answered_on`.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../data/executor.js';
import type { FileStore } from '../../data/files/file-store.js';
import {
  claimRequestForSending,
  deliveriesOfRequest,
  deliveriesToPrint,
  findPostalDelivery,
  insertDelivery,
  markDeliveryPrinted,
  requestToSend,
  type DeliverySummary,
  type DeliveryToPrint,
  type RequestToSend,
} from '../../data/ehcp/delivery.repository.js';
import { markAnswered } from '../../data/ehcp/requests.repository.js';
import { recordHeader } from '../../data/record/child-record.repository.js';
import {
  adviceFileName,
  answersOf,
  familyAddressee,
  initialsOf,
  parseSendForm,
  type FamilyAddressee,
} from '../../domain/ehcp/delivery.js';
import type { FieldProblem } from '../../domain/forms/fields.js';
import { formatLongDate, londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TaskRaiser } from '../care/tasks.service.js';
import type { Outbox } from '../outbox/outbox.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';

export type { DeliverySummary, DeliveryToPrint, RequestToSend };

export const PRINT_LIST_SIZE = 100;
export const NO_REQUEST = 'There is no such request in this service.';
export const NOT_SIGNED =
  'The advice cannot be sent until it is signed. When the clinician has signed it, it can be sent from this page.';
export const WITHDRAWN = 'This request was withdrawn by the local authority, so the advice cannot be sent.';
export const STALE_SEND =
  'Someone else changed this request, or sent the advice, while you were on this page. Check what has been sent and try again.';

type Ctx = RequestContext & { serviceId: string };

export type SendProblem = Problem<'not-found' | 'invalid-input' | 'stale-version' | 'illegal'> & {
  problems: FieldProblem[];
};

const refused = (code: SendProblem['code'], message: string, problems: FieldProblem[] = []) =>
  failed({ ...problem(code, message), problems });

/** Why this request's advice cannot be sent now, or null when it can. */
function sendRefusal(request: RequestToSend): string | null {
  if (request.status === 'withdrawn') return WITHDRAWN;
  const advice = request.advice;
  if (advice?.status !== 'signed' || advice.storedAs === null || advice.signedAt === null) return NOT_SIGNED;
  return null;
}

/** What the send form shows about the family's copy. */
export interface FamilyCopyPlan {
  addressee: FamilyAddressee;
  /** For post: whether the record holds a postal address for the family. */
  hasAddress: boolean;
}

export interface SentDelivery {
  recipient: 'authority' | 'family';
  method: 'email' | 'post';
  toName: string;
  toEmail: string | null;
}

export function createEhcpDelivery(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  files: FileStore;
  outbox: Outbox;
  taskRaiser: TaskRaiser;
}) {
  const { db, clock, audit, registry, files, outbox } = deps;
  const definitionOf = (serviceId: string) => {
    const definition = registry.byId(serviceId);
    if (definition === undefined) throw new Error(`No definition for ${serviceId}`);
    return definition;
  };

  async function familyPlan(executor: Executor, serviceId: string, request: RequestToSend): Promise<FamilyCopyPlan> {
    const header = await recordHeader(executor, serviceId, request.childId);
    const addressee = familyAddressee(answersOf(header?.latestAnswers ?? null), {
      givenName: request.childGivenName,
      familyName: request.childFamilyName,
    });
    return { addressee, hasAddress: (header?.addressLines.length ?? 0) > 0 && (header?.postcode ?? '') !== '' };
  }

  /** The send page: the request, whether it can be sent (and why not), the family's copy, what was sent before. */
  async function form(serviceId: string, requestId: string) {
    const request = await requestToSend(db, serviceId, requestId);
    if (request === undefined) return undefined;
    return {
      request,
      refusal: sendRefusal(request),
      family: request.familyCopy ? await familyPlan(db, serviceId, request) : null,
      deliveries: await deliveriesOfRequest(db, serviceId, requestId),
    };
  }

  /** Sends the signed advice as the form says, in one transaction with its audit event. */
  async function send(
    ctx: Ctx,
    requestId: string,
    sent: Record<string, unknown>,
  ): Promise<Outcome<{ sent: SentDelivery[]; answeredOn: string }, SendProblem>> {
    const sentBy = ctx.actorUserId;
    if (sentBy === null) throw new Error('Advice is sent by a signed-in person');
    const definition = definitionOf(ctx.serviceId);
    return db.transaction().execute(async (trx) => {
      const request = await requestToSend(trx, ctx.serviceId, requestId);
      if (request === undefined) return refused('not-found', NO_REQUEST);
      // A refusal is audited too (the page read the request): why, never what was typed.
      const refuse = async (code: SendProblem['code'], message: string, why: string, problems: FieldProblem[] = []) => {
        await audit.record(trx, ctx, {
          action: 'ehcp.advice-sent',
          outcome: 'failure',
          subjectType: 'child',
          subjectId: request.childId,
          detail: { request: requestId, refused: why },
        });
        return refused(code, message, problems);
      };
      const refusal = sendRefusal(request);
      const advice = request.advice;
      if (refusal !== null || advice?.storedAs == null || advice.signedAt === null) {
        return refuse('illegal', refusal ?? NOT_SIGNED, refusal === WITHDRAWN ? 'withdrawn' : 'not-signed');
      }
      const parsed = parseSendForm(sent, { familyCopyOffered: request.familyCopy });
      if (!parsed.ok) {
        const fields = parsed.problems.map((p) => p.field).join(',');
        return refuse('invalid-input', parsed.problems.map((p) => p.message).join('. '), fields, parsed.problems);
      }
      const choice = parsed.value;
      const now = clock().toISOString();
      if (!(await claimRequestForSending(trx, ctx.serviceId, requestId, choice.version, now))) {
        return refuse('stale-version', STALE_SEND, 'stale-version');
      }
      const today = londonDate(clock());
      const givenOn = request.answeredOn ?? today;
      const attachment = { storedAs: advice.storedAs, fileName: adviceFileName(londonDate(new Date(advice.signedAt))) };
      const common = {
        given_by: advice.signedByName ?? definition.serviceName,
        service_name: definition.serviceName,
        service_telephone: definition.contact.telephone,
      };
      const subject = { type: 'ehcp-request', id: requestId };
      const deliveries: SentDelivery[] = [];
      const record = async (d: SentDelivery, outboxMessageId: string | null, toAddress: string | null) => {
        await insertDelivery(trx, ctx.serviceId, {
          id: randomUUID(),
          requestId,
          adviceId: advice.id,
          ...d,
          toAddress,
          outboxMessageId,
          sentOn: today,
          sentBy,
          createdAt: now,
        });
        deliveries.push(d);
      };

      const toName = `${request.laContactName}, ${request.laName}`;
      if (choice.authority.method === 'email') {
        const messageId = await outbox.enqueue(trx, {
          serviceId: ctx.serviceId,
          template: 'ehcp-advice',
          channel: 'email',
          recipient: choice.authority.email,
          personalisation: {
            ...common,
            child_initials: initialsOf(request.childGivenName, request.childFamilyName),
            la_reference: request.laReference,
            given_on: formatLongDate(givenOn),
          },
          subject,
          attachment,
        });
        await record(
          { recipient: 'authority', method: 'email', toName, toEmail: choice.authority.email },
          messageId,
          null,
        );
      } else {
        await record(
          { recipient: 'authority', method: 'post', toName, toEmail: null },
          null,
          JSON.stringify(choice.authority.address),
        );
      }

      if (choice.familyCopy) {
        const { addressee } = await familyPlan(trx, ctx.serviceId, request);
        const family: SentDelivery = {
          recipient: 'family',
          method: addressee.method,
          toName: addressee.name,
          toEmail: addressee.email,
        };
        const messageId =
          addressee.email === null
            ? null
            : await outbox.enqueue(trx, {
                serviceId: ctx.serviceId,
                template: 'ehcp-advice-family',
                channel: 'email',
                recipient: addressee.email,
                personalisation: {
                  ...common,
                  child_first_name: request.childGivenName,
                  la_name: request.laName,
                },
                subject,
                attachment,
              });
        await record(family, messageId, null);
      }

      // The first sending answers the request; a later one (a copy asked for) keeps the date the advice was given.
      if (request.status === 'open') await markAnswered(trx, ctx.serviceId, requestId, today, now);
      await audit.record(trx, ctx, {
        action: 'ehcp.advice-sent',
        subjectType: 'child',
        subjectId: request.childId,
        detail: {
          request: requestId,
          advice: advice.id,
          deliveries: deliveries.map((d) => `${d.recipient}:${d.method}`).join(','),
          answeredOn: givenOn,
          again: request.status !== 'open',
        },
      });
      return ok({ sent: deliveries, answeredOn: givenOn });
    });
  }

  /** The signed advice's PDF for a delivery by post (the print list's link); undefined when there is none. */
  async function printPdf(serviceId: string, deliveryId: string) {
    const delivery = await findPostalDelivery(db, serviceId, deliveryId);
    if (delivery === undefined) return undefined;
    return {
      fileName: adviceFileName(londonDate(new Date(delivery.signedAt))),
      bytes: await files.get(serviceId, delivery.storedAs),
    };
  }

  /** Marks a delivery by post printed and posted, audited in the same transaction; false when it was not waiting. */
  async function markPrinted(ctx: Ctx, deliveryId: string): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      const marked = await markDeliveryPrinted(trx, ctx.serviceId, deliveryId, clock().toISOString());
      await audit.record(trx, ctx, {
        action: 'ehcp.advice-printed',
        subjectType: 'ehcp-delivery',
        subjectId: deliveryId,
        outcome: marked ? 'success' : 'failure',
      });
      return marked;
    });
  }

  return {
    form,
    send,
    /** Deliveries by post waiting to be printed, oldest first. */
    printList: (serviceId: string) => deliveriesToPrint(db, serviceId, PRINT_LIST_SIZE),
    printPdf,
    markPrinted,
  };
}

export type EhcpDeliveryService = ReturnType<typeof createEhcpDelivery>;
