/**
 * Foundation: services, staff accounts and roles, sessions, sign-in throttling and the append-only audit trail.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = isSqlite(db);

  await db.schema
    .createTable('services')
    .addColumn('id', 'varchar(63)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('organisation_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull().check(sql`status in ('invited', 'active', 'disabled')`))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('granted_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('granted_by', 'varchar(36)', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('user_roles_pk', ['service_id', 'user_id', 'role'])
    .execute();
  await db.schema.createIndex('user_roles_user_idx').on('user_roles').columns(['user_id', 'service_id']).execute();

  await db.schema
    .createTable('account_tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull().check(sql`purpose in ('first-admin', 'invite')`))
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('account_tokens_user_idx').on('account_tokens').column('user_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('service_id', 'varchar(63)', (c) => c.references('services.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('key', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('locked_until', 'varchar(30)')
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', sqlite ? 'integer' : 'bigserial', (c) =>
      sqlite ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('chain', 'varchar(63)', (c) => c.notNull())
    .addColumn('service_id', 'varchar(63)', (c) => c.references('services.id'))
    .addColumn('occurred_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor_user_id', 'varchar(36)')
    .addColumn('actor_roles', 'varchar(400)', (c) => c.notNull())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('subject_type', 'varchar(32)')
    .addColumn('subject_id', 'varchar(64)')
    .addColumn('ip', 'varchar(64)')
    .addColumn('correlation_id', 'varchar(64)')
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull().check(sql`outcome in ('success', 'failure', 'denied')`))
    .addColumn('detail', 'text')
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  // Every search is within one service's chain; indexes lead with it.
  await db.schema.createIndex('audit_chain_id_idx').on('audit_events').columns(['chain', 'id']).execute();
  await db.schema.createIndex('audit_chain_time_idx').on('audit_events').columns(['chain', 'occurred_at']).execute();
  await db.schema
    .createIndex('audit_chain_actor_idx')
    .on('audit_events')
    .columns(['chain', 'actor_user_id', 'occurred_at'])
    .execute();
  await db.schema
    .createIndex('audit_chain_subject_idx')
    .on('audit_events')
    .columns(['chain', 'subject_type', 'subject_id'])
    .execute();

  await db.schema
    .createTable('audit_chain_heads')
    .addColumn('chain', 'varchar(63)', (c) => c.primaryKey())
    .addColumn('last_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('last_id', 'bigint', (c) => c.notNull())
    .execute();

  // The database itself refuses to change or remove an audit row, whoever asks.
  if (sqlite) {
    await sql`create trigger audit_events_no_update before update on audit_events
      begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
    await sql`create trigger audit_events_no_delete before delete on audit_events
      begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
  } else {
    await sql`create function audit_events_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_events is append-only' using errcode = '42501'; end $$`.execute(db);
    await sql`create trigger audit_events_no_update_delete before update or delete on audit_events
      for each row execute function audit_events_append_only()`.execute(db);
    await sql`create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_append_only()`.execute(db);
  }
}

export async function down(): Promise<void> {
  // The foundation is never rolled back: the audit trail it holds must outlive any deployment.
  return Promise.reject(new Error('The foundation migration cannot be reversed.'));
}
