/**
 * One-time links are never stored (docs/adr/0029), and sent messages lose their personal details after a set time.
 * Adds `purged_at` to the outbox and the local deliveries, an index for the retention job, and takes out every
 * one-time link already stored: a queued resume link becomes its placeholder (minted afresh when sent), and the
 * secret in any recorded body is replaced by "not shown". The links already delivered keep working: only their
 * hashes were ever stored in the drafts.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

const MARK = '•••••••';
const NOT_SHOWN = `${MARK} (one-time link, not shown)`;
const STORED_LINK = /(https?:\/\/[^\s]*\/(?:resume|activate)\/)[A-Za-z0-9_%-]{20,}/gu;
const LINK_FIELDS: Record<string, string[]> = { 'referral-draft-link': ['link'] };

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox_messages').addColumn('purged_at', 'varchar(30)').execute();
  await db.schema.alterTable('outbox_local_deliveries').addColumn('purged_at', 'varchar(30)').execute();
  // The retention job looks for sent messages by when they were sent.
  await db.schema
    .createIndex('outbox_messages_sent_idx')
    .on('outbox_messages')
    .columns(['status', 'sent_at'])
    .execute();

  for (const [template, fields] of Object.entries(LINK_FIELDS)) {
    const rows = (await db
      .selectFrom('outbox_messages')
      .select(['id', 'personalisation'])
      .where('template', '=', template)
      .execute()) as { id: string; personalisation: string }[];
    for (const row of rows) {
      const personalisation = JSON.parse(row.personalisation) as Record<string, unknown>;
      for (const field of fields) {
        const value = personalisation[field];
        if (typeof value !== 'string') continue;
        // The address up to the secret, then the mark: the placeholder the dispatcher mints into.
        const cut = value.lastIndexOf('/');
        personalisation[field] = `${cut < 0 ? '' : value.slice(0, cut + 1)}${MARK}`;
      }
      await db
        .updateTable('outbox_messages')
        .set({ personalisation: JSON.stringify(personalisation) })
        .where('id', '=', row.id)
        .execute();
    }
  }
  const deliveries = (await db.selectFrom('outbox_local_deliveries').select(['message_id', 'body']).execute()) as {
    message_id: string;
    body: string;
  }[];
  for (const delivery of deliveries) {
    const body = delivery.body.replace(STORED_LINK, `$1${NOT_SHOWN}`);
    if (body !== delivery.body) {
      await db
        .updateTable('outbox_local_deliveries')
        .set({ body })
        .where('message_id', '=', delivery.message_id)
        .execute();
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_messages_sent_idx').execute();
  await db.schema.alterTable('outbox_local_deliveries').dropColumn('purged_at').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('purged_at').execute();
}
