/**
 * What the local provider "sent": the rendered message, kept so that an administrator can read exactly what a person
 * would have received. One row per message at most: recording twice keeps the first.
 */
import { isChannel, type LocalDelivery } from '../../domain/notifications/message.js';
import type { Executor } from '../executor.js';

export async function recordLocalDelivery(
  db: Executor,
  delivery: Omit<LocalDelivery, 'purgedAt'> & { serviceId: string },
): Promise<void> {
  await db
    .insertInto('outbox_local_deliveries')
    .values({
      message_id: delivery.messageId,
      service_id: delivery.serviceId,
      channel: delivery.channel,
      recipient: delivery.recipient,
      subject: delivery.subject,
      body: delivery.body,
      delivered_at: delivery.deliveredAt,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
}

export async function findLocalDelivery(
  db: Executor,
  serviceId: string,
  messageId: string,
): Promise<LocalDelivery | undefined> {
  const row = await db
    .selectFrom('outbox_local_deliveries')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (!isChannel(row.channel)) throw new Error(`outbox_local_deliveries ${row.message_id} holds an unknown channel`);
  return {
    messageId: row.message_id,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    deliveredAt: row.delivered_at,
    purgedAt: row.purged_at,
  };
}
