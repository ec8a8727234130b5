/**
 * Contact notes (issue 14 item 3, docs/adr/0045): a note per contact with a child, drafted with autosave and signed
 * by its author; every saved text of a draft is kept as a version, and a signed note is corrected only by addenda.
 *
 * The note's text is its latest version's (`contact_note_versions` at the note's `version`), so that a draft's history
 * is kept as well as the signed text. The database itself keeps a signed note as it was signed, whoever asks:
 *
 * - `contact_notes`: no UPDATE and no DELETE of a signed row (a draft moves on, and is signed, by UPDATE); a signed row
 *   must have its type, date, signer and time (a check);
 * - `contact_note_versions`: no UPDATE and no DELETE ever, and no new version of a signed note;
 * - `contact_note_addenda`: no UPDATE and no DELETE ever, and no addendum to a draft.
 *
 * SQLite: triggers that `raise(abort, 'signed note ...')`. PostgreSQL: trigger functions that raise with SQLSTATE
 * `OTN01` (and refuse TRUNCATE of the three tables). `isSignedNoteChange` in `src/data/errors.ts` knows both.
 * Drafts are kept too: there is no DELETE of a note in the code, and a draft's versions hold it in place.
 *
 * Dates are ISO dates and instants ISO 8601 UTC strings, as elsewhere.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

/** The SQLSTATE PostgreSQL raises for a refused change to a signed note, its versions or its addenda. */
export const SIGNED_NOTE_SQLSTATE = 'OTN01';

export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;

  await db.schema
    .createTable('contact_notes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    // The episode of care the contact was in.
    .addColumn('episode_id', 'varchar(36)', (c) => c.references('episodes.id'))
    .addColumn('author_user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    // assessment | therapy | school-visit | telephone | advice; null while a draft has none.
    .addColumn('contact_type', 'varchar(16)')
    .addColumn('contact_on', 'varchar(10)')
    // draft | signed
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    .addColumn('signed_at', 'varchar(30)')
    .addColumn('signed_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    // The latest saved version of the text: autosave and signing compare and set it.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      'contact_notes_signed_ck',
      sql`status = 'draft' or (status = 'signed' and signed_at is not null and signed_by is not null
          and contact_type is not null and contact_on is not null)`,
    )
    .execute();
  // A child's notes for the timeline, newest first.
  await db.schema
    .createIndex('contact_notes_child_idx')
    .on('contact_notes')
    .columns(['service_id', 'child_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('contact_note_versions')
    .addColumn('note_id', 'varchar(36)', (c) => c.notNull().references('contact_notes.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('saved_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('contact_note_versions_pk', ['note_id', 'version'])
    .execute();

  await db.schema
    .createTable('contact_note_addenda')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('note_id', 'varchar(36)', (c) => c.notNull().references('contact_notes.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('author', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contact_note_addenda_note_idx')
    .on('contact_note_addenda')
    .columns(['note_id', 'created_at'])
    .execute();

  if (sqlite) await sqliteGuards(db);
  else await postgresGuards(db);
}

async function sqliteGuards(db: Kysely<any>): Promise<void> {
  const abort = (message: string) => `begin select raise(abort, 'signed note ${message}'); end`;
  const statements = [
    `create trigger contact_notes_signed_no_update before update on contact_notes when old.status = 'signed'
     ${abort('is never changed')}`,
    `create trigger contact_notes_signed_no_delete before delete on contact_notes when old.status = 'signed'
     ${abort('is never deleted')}`,
    `create trigger contact_note_versions_no_update before update on contact_note_versions
     ${abort('versions are never changed')}`,
    `create trigger contact_note_versions_no_delete before delete on contact_note_versions
     ${abort('versions are never deleted')}`,
    `create trigger contact_note_versions_not_after_signing before insert on contact_note_versions
     when (select status from contact_notes where id = new.note_id) = 'signed'
     ${abort('takes no new version')}`,
    `create trigger contact_note_addenda_no_update before update on contact_note_addenda
     ${abort('addenda are never changed')}`,
    `create trigger contact_note_addenda_no_delete before delete on contact_note_addenda
     ${abort('addenda are never deleted')}`,
    `create trigger contact_note_addenda_signed_only before insert on contact_note_addenda
     when coalesce((select status from contact_notes where id = new.note_id), '') <> 'signed'
     ${abort('addenda are added to signed notes only')}`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

async function postgresGuards(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create function contact_notes_signed_guard() returns trigger language plpgsql as $$
       begin
         if old.status = 'signed' then
           raise exception 'signed note % is never changed or deleted', old.id using errcode = '${SIGNED_NOTE_SQLSTATE}';
         end if;
         if tg_op = 'DELETE' then return old; end if;
         return new;
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function contact_note_kept_guard() returns trigger language plpgsql as $$
       declare
         note_status varchar;
       begin
         if tg_op = 'INSERT' then
           select status into note_status from contact_notes where id = new.note_id;
           if tg_table_name = 'contact_note_versions' and note_status = 'signed' then
             raise exception 'signed note % takes no new version', new.note_id
               using errcode = '${SIGNED_NOTE_SQLSTATE}';
           end if;
           if tg_table_name = 'contact_note_addenda' and coalesce(note_status, '') <> 'signed' then
             raise exception 'signed note: addenda are added to signed notes only'
               using errcode = '${SIGNED_NOTE_SQLSTATE}';
           end if;
           return new;
         end if;
         raise exception 'signed note: % rows are never changed or deleted', tg_table_name
           using errcode = '${SIGNED_NOTE_SQLSTATE}';
       end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function contact_notes_no_truncate() returns trigger language plpgsql as $$
       begin raise exception 'signed note: % is never truncated', tg_table_name
         using errcode = '${SIGNED_NOTE_SQLSTATE}'; end $$`,
    )
    .execute(db);
  const statements = [
    `create trigger contact_notes_signed_guard before update or delete on contact_notes
     for each row execute function contact_notes_signed_guard()`,
    `create trigger contact_note_versions_kept before insert or update or delete on contact_note_versions
     for each row execute function contact_note_kept_guard()`,
    `create trigger contact_note_addenda_kept before insert or update or delete on contact_note_addenda
     for each row execute function contact_note_kept_guard()`,
  ];
  for (const table of ['contact_notes', 'contact_note_versions', 'contact_note_addenda']) {
    statements.push(
      `create trigger ${table}_no_truncate before truncate on ${table}
       for each statement execute function contact_notes_no_truncate()`,
    );
  }
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contact_note_addenda').execute();
  await db.schema.dropTable('contact_note_versions').execute();
  await db.schema.dropTable('contact_notes').execute();
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    for (const fn of ['contact_notes_signed_guard', 'contact_note_kept_guard', 'contact_notes_no_truncate']) {
      await sql.raw(`drop function if exists ${fn}()`).execute(db);
    }
  }
}
