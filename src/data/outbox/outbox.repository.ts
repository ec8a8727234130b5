/**
 * The outbox table. Every change of state is a compare-and-set on `version`, so two dispatchers (or a dispatcher and
 * an administrator) never both act on the same message: the second finds the version moved and does nothing.
 */
import {
  isChannel,
  isOutboxStatus,
  type OutboxMessage,
  type OutboxStatus,
} from '../../domain/notifications/message.js';
import type { OutboxMessageRow } from '../database.js';
import type { Executor } from '../executor.js';

function parsePersonalisation(json: string): Record<string, string> {
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

export function toOutboxMessage(row: OutboxMessageRow): OutboxMessage {
  if (!isChannel(row.channel) || !isOutboxStatus(row.status)) {
    throw new Error(`outbox_messages ${row.id} holds an unknown channel or status`);
  }
  return {
    id: row.id,
    serviceId: row.service_id,
    channel: row.channel,
    template: row.template,
    recipient: row.recipient,
    personalisation: parsePersonalisation(row.personalisation),
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    checkBeforeSend: row.check_before_send === 1,
    lastError: row.last_error,
    providerReference: row.provider_reference,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    updatedAt: row.updated_at,
    version: row.version,
    purgedAt: row.purged_at,
  };
}

export interface NewOutboxRow {
  id: string;
  serviceId: string;
  channel: string;
  template: string;
  recipient: string;
  personalisation: Record<string, string>;
  subjectType: string | null;
  subjectId: string | null;
  /** A file from the file store that goes with the message (in the service's folder); its bytes are never stored here. */
  attachment?: OutboxAttachment | null;
}

/** The file a message carries: its generated name in the file store, and the name the recipient sees. */
export interface OutboxAttachment {
  storedAs: string;
  fileName: string;
}

export async function insertOutboxMessage(db: Executor, message: NewOutboxRow, now: string): Promise<void> {
  await db
    .insertInto('outbox_messages')
    .values({
      id: message.id,
      service_id: message.serviceId,
      channel: message.channel,
      template: message.template,
      recipient: message.recipient,
      personalisation: JSON.stringify(message.personalisation),
      subject_type: message.subjectType,
      subject_id: message.subjectId,
      attachment_stored_as: message.attachment?.storedAs ?? null,
      attachment_file_name: message.attachment?.fileName ?? null,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      lease_until: null,
      check_before_send: 0,
      last_error: null,
      provider_reference: null,
      created_at: now,
      sent_at: null,
      updated_at: now,
      version: 1,
    })
    .execute();
}

// ---------------------------------------------------------------------------------------------------------------
// The dispatcher's side: claim, then record how the attempt ended.

/** A message is due when it waits and its time has come, or when the dispatcher that held it let its lease run out. */
export async function findDue(
  db: Executor,
  now: string,
  limit: number,
): Promise<{ id: string; version: number; status: string }[]> {
  return db
    .selectFrom('outbox_messages')
    .select(['id', 'version', 'status'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', now)]),
      ]),
    )
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export interface Claim {
  message: OutboxMessage;
  /** It was `sending` under an expired lease: whoever held it may have sent it before stopping. */
  reclaimed: boolean;
  /** The file that goes with the message, read from the file store at sending; null for most messages. */
  attachment: OutboxAttachment | null;
}

const attachmentOf = (row: OutboxMessageRow): OutboxAttachment | null =>
  row.attachment_stored_as === null || row.attachment_file_name === null
    ? null
    : { storedAs: row.attachment_stored_as, fileName: row.attachment_file_name };

/**
 * Takes a message for one attempt: pending (or sending, lease expired) to sending, with a new lease, counting the
 * attempt. A compare-and-set on the version read by findDue: when another dispatcher got there first, nothing
 * changes and the result is undefined.
 */
export async function claimMessage(
  db: Executor,
  candidate: { id: string; version: number; status: string },
  now: string,
  leaseUntil: string,
): Promise<Claim | undefined> {
  const reclaimed = candidate.status === 'sending';
  const row = await db
    .updateTable('outbox_messages')
    .set((eb) => ({
      status: 'sending',
      lease_until: leaseUntil,
      attempts: eb('attempts', '+', 1),
      ...(reclaimed && { check_before_send: 1 }),
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', candidate.id)
    .where('version', '=', candidate.version)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', now)]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : { message: toOutboxMessage(row), reclaimed, attachment: attachmentOf(row) };
}

export type AttemptOutcome =
  | { status: 'sent'; providerReference: string | null }
  | { status: 'pending'; nextAttemptAt: string; lastError: string; checkBeforeSend: boolean }
  | { status: 'dead'; lastError: string; checkBeforeSend: boolean };

/**
 * Records how an attempt ended, only if the dispatcher still holds the message (its version is the one its claim
 * gave it). Returns false when the lease was lost to another dispatcher.
 */
export async function recordAttempt(
  db: Executor,
  claimed: { id: string; version: number },
  outcome: AttemptOutcome,
  now: string,
): Promise<boolean> {
  const common = { lease_until: null, updated_at: now };
  const set =
    outcome.status === 'sent'
      ? {
          ...common,
          status: 'sent',
          sent_at: now,
          provider_reference: outcome.providerReference,
          check_before_send: 0,
        }
      : outcome.status === 'pending'
        ? {
            ...common,
            status: 'pending',
            next_attempt_at: outcome.nextAttemptAt,
            last_error: outcome.lastError,
            check_before_send: outcome.checkBeforeSend ? 1 : 0,
          }
        : {
            ...common,
            status: 'dead',
            last_error: outcome.lastError,
            check_before_send: outcome.checkBeforeSend ? 1 : 0,
          };
  const result = await db
    .updateTable('outbox_messages')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', claimed.id)
    .where('version', '=', claimed.version)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------------------------
// The admin pages' side: always within one service.

export type OutboxSummary = Pick<
  OutboxMessage,
  | 'id'
  | 'channel'
  | 'template'
  | 'recipient'
  | 'status'
  | 'attempts'
  | 'nextAttemptAt'
  | 'lastError'
  | 'createdAt'
  | 'sentAt'
  | 'providerReference'
  | 'purgedAt'
>;

export async function listOutboxMessages(
  db: Executor,
  serviceId: string,
  status: OutboxStatus | null,
  limit: number,
  offset: number,
): Promise<OutboxSummary[]> {
  let query = db
    .selectFrom('outbox_messages')
    .select([
      'id',
      'channel',
      'template',
      'recipient',
      'status',
      'attempts',
      'next_attempt_at',
      'last_error',
      'created_at',
      'sent_at',
      'provider_reference',
      'purged_at',
    ])
    .where('service_id', '=', serviceId);
  if (status !== null) query = query.where('status', '=', status);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return rows.map((r) => {
    if (!isChannel(r.channel) || !isOutboxStatus(r.status)) {
      throw new Error(`outbox_messages ${r.id} holds an unknown channel or status`);
    }
    return {
      id: r.id,
      channel: r.channel,
      template: r.template,
      recipient: r.recipient,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      lastError: r.last_error,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      providerReference: r.provider_reference,
      purgedAt: r.purged_at,
    };
  });
}

export async function countOutboxByStatus(db: Executor, serviceId: string): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom('outbox_messages')
    .select((eb) => ['status', eb.fn.countAll<string | number>().as('n')])
    .where('service_id', '=', serviceId)
    .groupBy('status')
    .execute();
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, dead: 0 };
  for (const r of rows) if (isOutboxStatus(r.status)) counts[r.status] = Number(r.n);
  return counts;
}

export async function findOutboxMessage(
  db: Executor,
  serviceId: string,
  id: string,
): Promise<OutboxMessage | undefined> {
  const row = await db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toOutboxMessage(row);
}

/**
 * A dead message back to pending, due now, with its attempts counted afresh. `check_before_send` is kept: if its
 * last attempt may have reached the provider, the next one still asks first. False when the message is not dead or
 * its version moved.
 */
export async function requeueDeadMessage(
  db: Executor,
  serviceId: string,
  id: string,
  version: number,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox_messages')
    .set((eb) => ({
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      lease_until: null,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
