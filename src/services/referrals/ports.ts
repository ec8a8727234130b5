/**
 * What the referral use cases need from the outbox: a message written in the caller's transaction. The outbox
 * service (src/services/outbox) provides it; keeping the port here lets the referral code name only what it uses.
 */
import type { Executor } from '../../data/executor.js';

export interface OutboxMessageRequest {
  serviceId: string;
  channel: 'email' | 'sms';
  template: 'referral-received-referrer' | 'referral-received-family' | 'referral-draft-link';
  recipient: string;
  personalisation: Record<string, string>;
  /** What the message is about, for finding it again: a referral and its id. */
  subject?: { type: string; id: string };
}

export interface OutboxPort {
  enqueue(executor: Executor, message: OutboxMessageRequest): Promise<string>;
}
