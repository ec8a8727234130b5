/**
 * Statutory EHCP health advice (issue 15, docs/adr/0048): requests from local authorities with their six-week clock,
 * the lawful exceptions of regulation 8(2), the advice itself (drafted, reviewed, signed, then kept as signed), its
 * addenda, and its delivery to the authority and the family. Outbox messages may now carry a file from the file store
 * (the signed advice PDF), which GOV.UK Notify sends as a link to download it.
 *
 * - `ehcp_requests`: one per request. `received_on` is the London date the authority's request reached the service
 *   (not the date it was entered); `due_on` is the date the advice is due (received plus 42 days for a needs
 *   assessment; the authority's date for an annual review). Exceptions never move `due_on`: they are recorded beside
 *   it. `answered_on` is the date the advice was sent, which is the date it was given.
 * - `ehcp_exceptions`: an exception of regulation 8(2) with its dates and evidence; withdrawn (with a reason) if
 *   recorded in error, never deleted.
 * - `ehcp_advice`: one per request; its content is JSON (the template's sections). A signed row is never changed or
 *   deleted (triggers, as for contact notes: SQLSTATE `OTE01` on PostgreSQL, `signed advice ...` on SQLite).
 * - `ehcp_advice_addenda`: corrections to signed advice; never changed or deleted, and only to signed advice.
 * - `ehcp_deliveries`: each sending of the signed advice (to the authority or the family, by e-mail or post).
 *
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

/** The SQLSTATE PostgreSQL raises for a refused change to signed advice or its addenda. */
export const SIGNED_ADVICE_SQLSTATE = 'OTE01';

export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;

  await db.schema
    .createTable('ehcp_requests')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    // needs-assessment | annual-review
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('la_code', 'varchar(3)', (c) => c.notNull())
    .addColumn('la_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('la_reference', 'varchar(60)', (c) => c.notNull())
    .addColumn('la_contact_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('la_contact_email', 'varchar(254)')
    .addColumn('la_contact_telephone', 'varchar(30)')
    // The instant it arrived, when known (an e-mail's time); the London date it arrived, always.
    .addColumn('received_at', 'varchar(30)')
    .addColumn('received_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('questions', 'text')
    // How the child was matched to the service's records (src/domain/referrals/child-match.ts's states).
    .addColumn('child_match', 'varchar(24)', (c) => c.notNull())
    // 1 when the authority's process expects a copy of the advice to go to the family.
    .addColumn('family_copy', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('assigned_clinician_id', 'varchar(36)', (c) => c.references('users.id'))
    // open | answered | withdrawn
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('answered_on', 'varchar(10)')
    .addColumn('withdrawn_reason', 'varchar(500)')
    .addColumn('escalated_at', 'varchar(30)')
    .addColumn('logged_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'ehcp_requests_answered_ck',
      sql`(status = 'answered') = (answered_on is not null) and due_on > received_on`,
    )
    .execute();
  // The tracker: open requests by due date.
  await db.schema
    .createIndex('ehcp_requests_tracker_idx')
    .on('ehcp_requests')
    .columns(['service_id', 'status', 'due_on'])
    .execute();
  // The report: requests by month received.
  await db.schema
    .createIndex('ehcp_requests_received_idx')
    .on('ehcp_requests')
    .columns(['service_id', 'received_on'])
    .execute();
  // A child's requests (record access, the record's timeline).
  await db.schema
    .createIndex('ehcp_requests_child_idx')
    .on('ehcp_requests')
    .columns(['service_id', 'child_id', 'id'])
    .execute();

  await db.schema
    .createTable('ehcp_request_documents')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull().references('ehcp_requests.id'))
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('stored_as', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('uploaded_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ehcp_request_documents_request_idx')
    .on('ehcp_request_documents')
    .columns(['request_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('ehcp_exceptions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull().references('ehcp_requests.id'))
    // personal-circumstances | away-from-area | missed-appointment
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('ends_on', 'varchar(10)')
    .addColumn('evidence', 'text', (c) => c.notNull())
    // The appointment the child did not attend, when it is one of the service's.
    .addColumn('appointment_id', 'varchar(36)', (c) => c.references('appointments.id'))
    .addColumn('recorded_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('withdrawn_at', 'varchar(30)')
    .addColumn('withdrawn_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('withdrawn_reason', 'varchar(500)')
    .execute();
  await db.schema
    .createIndex('ehcp_exceptions_request_idx')
    .on('ehcp_exceptions')
    .columns(['request_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('ehcp_advice')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull().unique().references('ehcp_requests.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    .addColumn('author_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    // draft | in-review | signed
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    // JSON: the template's sections (src/domain/ehcp/advice.ts).
    .addColumn('content', 'text', (c) => c.notNull())
    // Regulation 6(4): earlier advice re-used, with who agreed and when (JSON).
    .addColumn('reused_from_advice_id', 'varchar(36)', (c) => c.references('ehcp_advice.id'))
    .addColumn('reuse_agreement', 'text')
    .addColumn('reviewer_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('review_requested_at', 'varchar(30)')
    .addColumn('reviewed_at', 'varchar(30)')
    // approved | changes-requested
    .addColumn('review_outcome', 'varchar(20)')
    .addColumn('review_comment', 'text')
    .addColumn('signed_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('signed_at', 'varchar(30)')
    // The signed PDF in the file store.
    .addColumn('stored_as', 'varchar(36)', (c) => c.unique())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'ehcp_advice_signed_ck',
      sql`status <> 'signed' or (signed_by is not null and signed_at is not null and stored_as is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('ehcp_advice_child_idx')
    .on('ehcp_advice')
    .columns(['service_id', 'child_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('ehcp_advice_addenda')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('advice_id', 'varchar(36)', (c) => c.notNull().references('ehcp_advice.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('added_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ehcp_advice_addenda_advice_idx')
    .on('ehcp_advice_addenda')
    .columns(['advice_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('ehcp_deliveries')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull().references('ehcp_requests.id'))
    .addColumn('advice_id', 'varchar(36)', (c) => c.notNull().references('ehcp_advice.id'))
    // authority | family
    .addColumn('recipient', 'varchar(10)', (c) => c.notNull())
    // email | post
    .addColumn('method', 'varchar(8)', (c) => c.notNull())
    .addColumn('to_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('to_email', 'varchar(254)')
    .addColumn('outbox_message_id', 'varchar(36)', (c) => c.references('outbox_messages.id'))
    // For post: when it was printed for sending (the print queue).
    .addColumn('printed_at', 'varchar(30)')
    .addColumn('sent_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('sent_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ehcp_deliveries_request_idx')
    .on('ehcp_deliveries')
    .columns(['request_id', 'created_at'])
    .execute();

  // A message may carry one file from the file store (the signed advice), sent by Notify as a download link.
  await db.schema.alterTable('outbox_messages').addColumn('attachment_stored_as', 'varchar(36)').execute();
  await db.schema.alterTable('outbox_messages').addColumn('attachment_file_name', 'varchar(120)').execute();

  if (sqlite) await sqliteGuards(db);
  else await postgresGuards(db);
}

async function sqliteGuards(db: Kysely<any>): Promise<void> {
  const abort = (message: string) => `begin select raise(abort, 'signed advice ${message}'); end`;
  const statements = [
    `create trigger ehcp_advice_signed_no_update before update on ehcp_advice when old.status = 'signed'
     ${abort('is never changed')}`,
    `create trigger ehcp_advice_signed_no_delete before delete on ehcp_advice when old.status = 'signed'
     ${abort('is never deleted')}`,
    `create trigger ehcp_advice_addenda_no_update before update on ehcp_advice_addenda
     ${abort('addenda are never changed')}`,
    `create trigger ehcp_advice_addenda_no_delete before delete on ehcp_advice_addenda
     ${abort('addenda are never deleted')}`,
    `create trigger ehcp_advice_addenda_signed_only before insert on ehcp_advice_addenda
     when coalesce((select status from ehcp_advice where id = new.advice_id), '') <> 'signed'
     ${abort('addenda are added to signed advice only')}`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

async function postgresGuards(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create function ehcp_advice_signed_guard() returns trigger language plpgsql as $$
       begin
         if old.status = 'signed' then
           raise exception 'signed advice % is never changed or deleted', old.id
             using errcode = '${SIGNED_ADVICE_SQLSTATE}';
         end if;
         if tg_op = 'DELETE' then return old; end if;
         return new;
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function ehcp_advice_addenda_guard() returns trigger language plpgsql as $$
       declare
         advice_status varchar;
       begin
         if tg_op = 'INSERT' then
           select status into advice_status from ehcp_advice where id = new.advice_id;
           if coalesce(advice_status, '') <> 'signed' then
             raise exception 'signed advice: addenda are added to signed advice only'
               using errcode = '${SIGNED_ADVICE_SQLSTATE}';
           end if;
           return new;
         end if;
         raise exception 'signed advice: addenda are never changed or deleted'
           using errcode = '${SIGNED_ADVICE_SQLSTATE}';
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function ehcp_advice_no_truncate() returns trigger language plpgsql as $$
       begin raise exception 'signed advice: % is never truncated', tg_table_name
         using errcode = '${SIGNED_ADVICE_SQLSTATE}'; end $$`,
    )
    .execute(db);
  const statements = [
    `create trigger ehcp_advice_signed_guard before update or delete on ehcp_advice
     for each row execute function ehcp_advice_signed_guard()`,
    `create trigger ehcp_advice_addenda_kept before insert or update or delete on ehcp_advice_addenda
     for each row execute function ehcp_advice_addenda_guard()`,
  ];
  for (const table of ['ehcp_advice', 'ehcp_advice_addenda']) {
    statements.push(
      `create trigger ${table}_no_truncate before truncate on ${table}
       for each statement execute function ehcp_advice_no_truncate()`,
    );
  }
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox_messages').dropColumn('attachment_file_name').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('attachment_stored_as').execute();
  for (const table of [
    'ehcp_deliveries',
    'ehcp_advice_addenda',
    'ehcp_advice',
    'ehcp_exceptions',
    'ehcp_request_documents',
    'ehcp_requests',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    for (const fn of ['ehcp_advice_signed_guard', 'ehcp_advice_addenda_guard', 'ehcp_advice_no_truncate']) {
      await sql.raw(`drop function if exists ${fn}()`).execute(db);
    }
  }
}
