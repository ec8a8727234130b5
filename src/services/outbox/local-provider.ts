/**
 * The embedded mode's provider: instead of sending, it records the rendered message beside the outbox row, where an
 * administrator can read exactly what would have been sent. Recording is idempotent, so the dispatcher's rules
 * (ask before sending again) hold here as they do with Notify.
 */
import { findLocalDelivery, recordLocalDelivery } from '../../data/outbox/local-deliveries.repository.js';
import type { Executor } from '../../data/executor.js';
import { renderMessage } from '../../domain/notifications/render.js';
import type { Clock } from '../shared/context.js';
import type { MessageProvider } from './provider.js';

export function createLocalProvider(deps: { db: Executor; clock: Clock }): MessageProvider {
  const { db, clock } = deps;
  return {
    name: 'local',
    async send(message) {
      const { subject, body } = renderMessage(message.template, message.channel, message.personalisation);
      await recordLocalDelivery(db, {
        messageId: message.id,
        serviceId: message.serviceId,
        channel: message.channel,
        recipient: message.recipient,
        subject,
        body,
        deliveredAt: clock().toISOString(),
      });
      return { providerReference: null };
    },
    async findEarlierSend(message) {
      const found = await findLocalDelivery(db, message.serviceId, message.id);
      return found === undefined ? { found: false } : { found: true, providerReference: null };
    },
  };
}
