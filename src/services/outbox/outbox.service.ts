/**
 * The outbox: use cases queue messages in their own transaction (enqueue), and administrators see them and try dead
 * ones again. Sending is the dispatcher's work (dispatcher.ts). See docs/adr/0014.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../data/executor.js';
import { findLocalDelivery } from '../../data/outbox/local-deliveries.repository.js';
import {
  countOutboxByStatus,
  findOutboxMessage,
  insertOutboxMessage,
  listOutboxMessages,
  requeueDeadMessage,
  type OutboxSummary,
} from '../../data/outbox/outbox.repository.js';
import type {
  Channel,
  LocalDelivery,
  OutboxMessage,
  OutboxStatus,
  Personalisation,
} from '../../domain/notifications/message.js';
import { ATTACHED_FILE, fileField, isTemplateKey, type TemplateKey } from '../../domain/notifications/templates.js';
import { cleanPersonalisation, messageProblems } from '../../domain/notifications/validate.js';
import { DomainError } from '../../domain/shared/errors.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';

export type { OutboxSummary };

export const OUTBOX_PAGE_SIZE = 25;
export const NO_MESSAGE = 'There is no such message in this service.';

export interface NewMessage {
  serviceId: string;
  template: TemplateKey;
  channel: Channel;
  recipient: string;
  personalisation: Personalisation;
  /** What the message is about, for finding it again (a referral and its id). */
  subject?: { type: string; id: string };
  /**
   * A file from the file store (in the service's folder) that goes with the message, for a template with a file
   * field (templates.ts `file`): the outbox keeps its name, and the dispatcher reads it at sending.
   */
  attachment?: { storedAs: string; fileName: string };
}

/** Up to Notify's limit on a file's name, with an extension; a name made by Otway, never one a person typed. */
const ATTACHMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.[a-z]{3,4}$/u;

/** The personalisation with the file field filled by its placeholder, or why the attachment does not fit the template. */
function withFileField(message: NewMessage): { personalisation: NewMessage['personalisation']; problems: string[] } {
  const field = isTemplateKey(message.template) ? fileField(message.template) : null;
  const { attachment } = message;
  if (field === null) {
    return {
      personalisation: message.personalisation,
      problems: attachment === undefined ? [] : [`${message.template} sends no file`],
    };
  }
  const problems: string[] = [];
  if (attachment === undefined) problems.push(`${message.template} needs its file`);
  else if (!ATTACHMENT_NAME.test(attachment.fileName)) problems.push('the file’s name is not one Otway makes');
  if (Object.hasOwn(message.personalisation, field)) problems.push(`${field} is the file: give it as the attachment`);
  return { personalisation: { ...message.personalisation, [field]: ATTACHED_FILE }, problems };
}

/** A message that cannot be queued as given: a mistake in the calling code, never in what a person typed. */
export class OutboxMessageError extends Error {
  override name = 'OutboxMessageError';
}

export interface OutboxPage {
  messages: OutboxSummary[];
  counts: Record<OutboxStatus, number>;
  /** Messages matching the filter, over all pages. */
  total: number;
  page: number;
  pageCount: number;
}

export function createOutbox(deps: { db: Executor; clock: Clock; audit: AuditService }) {
  const { db, clock, audit } = deps;

  /**
   * Queues a message in the caller's transaction, so it exists if and only if the change it reports commits.
   * Returns its id, which is also the reference the provider is given.
   */
  async function enqueue(executor: Executor, message: NewMessage): Promise<string> {
    const recipient = message.recipient.trim();
    const file = withFileField(message);
    const problems = [
      ...file.problems,
      ...messageProblems({
        ...message,
        personalisation: file.personalisation,
        recipient,
        subjectId: message.subject?.id ?? null,
      }),
    ];
    if (problems.length > 0) {
      throw new OutboxMessageError(`The ${message.template} message cannot be queued: ${problems.join('; ')}.`);
    }
    const id = randomUUID();
    await insertOutboxMessage(
      executor,
      {
        id,
        serviceId: message.serviceId,
        channel: message.channel,
        template: message.template,
        recipient,
        personalisation: cleanPersonalisation(file.personalisation),
        subjectType: message.subject?.type ?? null,
        subjectId: message.subject?.id ?? null,
        attachment: message.attachment ?? null,
      },
      clock().toISOString(),
    );
    return id;
  }

  async function list(serviceId: string, filter: { status: OutboxStatus | null; page: number }): Promise<OutboxPage> {
    const counts = await countOutboxByStatus(db, serviceId);
    const total = filter.status === null ? Object.values(counts).reduce((a, b) => a + b, 0) : counts[filter.status];
    const pageCount = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
    const messages =
      filter.page > pageCount
        ? []
        : await listOutboxMessages(
            db,
            serviceId,
            filter.status,
            OUTBOX_PAGE_SIZE,
            (filter.page - 1) * OUTBOX_PAGE_SIZE,
          );
    return { messages, counts, total, page: filter.page, pageCount };
  }

  /** One message of the service, with what the local provider recorded for it, if anything. */
  async function get(
    serviceId: string,
    id: string,
  ): Promise<{ message: OutboxMessage; localDelivery: LocalDelivery | null }> {
    const message = await findOutboxMessage(db, serviceId, id);
    if (message === undefined) throw new DomainError('not-found', NO_MESSAGE);
    return { message, localDelivery: (await findLocalDelivery(db, serviceId, id)) ?? null };
  }

  /** A dead message back in the queue, due now, with its attempts counted afresh; audited in the same transaction. */
  async function retry(
    ctx: RequestContext & { serviceId: string },
    id: string,
    version: number,
  ): Promise<Outcome<object, Problem<'not-found' | 'conflict' | 'stale-version'>>> {
    return db.transaction().execute(async (trx) => {
      const message = await findOutboxMessage(trx, ctx.serviceId, id);
      if (message === undefined) return failed(problem('not-found', NO_MESSAGE));
      if (message.status !== 'dead') {
        return failed(problem('conflict', 'This message is no longer waiting to be tried again.'));
      }
      if (!(await requeueDeadMessage(trx, ctx.serviceId, id, version, clock().toISOString()))) {
        return failed(problem('stale-version', 'Someone else changed this message while you were looking at it.'));
      }
      await audit.record(trx, ctx, {
        action: 'outbox.retried',
        subjectType: 'outbox-message',
        subjectId: id,
        detail: { template: message.template, attemptsBefore: message.attempts },
      });
      return ok();
    });
  }

  return { enqueue, list, get, retry };
}

export type Outbox = ReturnType<typeof createOutbox>;
