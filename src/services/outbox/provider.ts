/**
 * What the dispatcher needs of a way to send messages: send one, and say whether one with this reference was already
 * accepted. GOV.UK Notify (notify-provider.ts) and the embedded mode's local record (local-provider.ts) both fit.
 */
import type { Channel, Personalisation } from '../../domain/notifications/message.js';
import type { SendFailure } from '../../domain/notifications/retry-policy.js';
import type { TemplateKey } from '../../domain/notifications/templates.js';

export interface OutgoingMessage {
  /** The outbox id: sent as the provider's reference, so that a later attempt can ask whether this one arrived. */
  id: string;
  serviceId: string;
  channel: Channel;
  template: TemplateKey;
  /** What the message is about: the row a one-time link is minted for. */
  subjectType: string | null;
  subjectId: string | null;
  recipient: string;
  /** What the provider sends: one-time links filled in. Given to the provider, never stored or logged. */
  personalisation: Personalisation;
  /** The personalisation as stored: one-time links as placeholders. Whatever a provider keeps is made from this. */
  shownPersonalisation: Personalisation;
  /**
   * The file that goes in the template's file field (templates.ts `file`), read from the file store just before this
   * attempt; null or absent when the message carries none. Never stored or logged. (Called `file`, not `attachment`,
   * so that a queued message, whose `attachment` names the stored file, is never mistaken for one ready to send.)
   */
  file?: { fileName: string; bytes: Buffer } | null;
}

export type EarlierSend = { found: true; providerReference: string | null } | { found: false };

export interface MessageProvider {
  readonly name: 'notify' | 'local';
  /** Resolves with the provider's id for the message; rejects with a ProviderError. */
  send(message: OutgoingMessage): Promise<{ providerReference: string | null }>;
  /** Whether the provider already holds a message with this reference; rejects with a ProviderError. */
  findEarlierSend(message: OutgoingMessage): Promise<EarlierSend>;
}

/**
 * A failed attempt. The message is short and names no one: it is stored as the message's last error and shown to
 * administrators. Nothing else from the failure (the request, its body, its headers) is kept.
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly failure: SendFailure,
    message: string,
  ) {
    super(message);
  }
}
