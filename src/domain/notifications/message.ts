/**
 * The outbox's vocabulary: how a message travels (its channel) and where it is in its life (its status). A message is
 * written in the same transaction as the change it reports, and sent later (docs/adr/0014).
 */
export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * `pending`: waiting for its next attempt. `sending`: a dispatcher holds it under a lease. `sent`: the provider
 * accepted it. `dead`: given up on, until a person asks for it to be tried again.
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export function isOutboxStatus(value: unknown): value is OutboxStatus {
  return typeof value === 'string' && (OUTBOX_STATUSES as readonly string[]).includes(value);
}

/** The values a template's placeholders are filled with: field name to plain text. */
export type Personalisation = Record<string, string>;

export interface OutboxMessage {
  id: string;
  serviceId: string;
  channel: Channel;
  /** A template key (templates.ts). Kept as text: a row may outlive a template that a later release removed. */
  template: string;
  recipient: string;
  personalisation: Personalisation;
  subjectType: string | null;
  subjectId: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  leaseUntil: string | null;
  /** The last attempt may have reached the provider: ask it about this reference before sending again. */
  checkBeforeSend: boolean;
  lastError: string | null;
  providerReference: string | null;
  createdAt: string;
  sentAt: string | null;
  updatedAt: string;
  version: number;
  /** When the retention job removed its recipient and personalisation; null until then. */
  purgedAt: string | null;
}

/** What the local provider recorded in place of sending: exactly the text the person would have received. */
export interface LocalDelivery {
  messageId: string;
  channel: Channel;
  recipient: string;
  subject: string | null;
  body: string;
  deliveredAt: string;
  /** When the retention job removed its recipient, subject and body; null until then. */
  purgedAt: string | null;
}
