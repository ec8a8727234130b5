/**
 * The outbox's retention (docs/adr/0029): a sent message keeps its recipient and personalisation, and the local
 * provider's record its recipient, subject and body, only for a set time after sending. Purging blanks them and
 * stamps `purged_at`; the row itself stays, so the Messages pages and the audit trail still say what was sent, when,
 * and about what.
 */
import type { Executor } from '../executor.js';

/** Sent messages past the cut-off whose personal details are still held, oldest first. */
export async function findPurgeable(
  db: Executor,
  sentBefore: string,
  limit: number,
): Promise<{ id: string; serviceId: string }[]> {
  const rows = await db
    .selectFrom('outbox_messages')
    .select(['id', 'service_id'])
    .where('status', '=', 'sent')
    .where('sent_at', '<=', sentBefore)
    .where('purged_at', 'is', null)
    .orderBy('sent_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, serviceId: r.service_id }));
}

/** Blanks the messages' personal details and what the local provider recorded of them; returns the counts. */
export async function purgeMessages(
  db: Executor,
  ids: readonly string[],
  now: string,
): Promise<{ messages: number; localDeliveries: number }> {
  if (ids.length === 0) return { messages: 0, localDeliveries: 0 };
  const messages = await db
    .updateTable('outbox_messages')
    .set({ recipient: '', personalisation: '{}', last_error: null, purged_at: now })
    .where('id', 'in', ids)
    .where('status', '=', 'sent')
    .where('purged_at', 'is', null)
    .executeTakeFirst();
  const deliveries = await db
    .updateTable('outbox_local_deliveries')
    .set({ recipient: '', subject: null, body: '', purged_at: now })
    .where('message_id', 'in', ids)
    .where('purged_at', 'is', null)
    .executeTakeFirst();
  return { messages: Number(messages.numUpdatedRows), localDeliveries: Number(deliveries.numUpdatedRows) };
}
