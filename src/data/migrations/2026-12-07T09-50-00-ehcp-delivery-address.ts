/**
 * Sending the signed EHCP advice by post (issue 15 item 5): the authority's postal address, typed on the send form when
 * the advice goes by post, is kept with the delivery so that the print list can show where to post it. JSON text: the
 * address lines and the postcode. Null for e-mail, and for the family's copy by post, whose address is read from the
 * child's record when the print list is drawn (so that a sealed address is never copied anywhere else). And the print
 * list's index: a service's deliveries by post not yet printed, oldest first.
 *
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ehcp_deliveries').addColumn('to_address', 'text').execute();
  await db.schema
    .createIndex('ehcp_deliveries_print_idx')
    .on('ehcp_deliveries')
    .columns(['service_id', 'method', 'printed_at', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ehcp_deliveries_print_idx').execute();
  await db.schema.alterTable('ehcp_deliveries').dropColumn('to_address').execute();
}
