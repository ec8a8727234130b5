/**
 * PostgreSQL with two roles (docs/adr/0027): the migrations run as the owner of the tables, and the server as a role
 * that may read and write what it needs but may only add to and read the audit trail. Not owning the tables, it can
 * neither alter them nor disable the triggers that refuse changes to audit rows, so whoever takes over the server's
 * connection still cannot rewrite the trail.
 */
import { sql, type Kysely } from 'kysely';
import { openDatabase } from './create-db.js';
import type { Database } from './database.js';
import { migrateToLatest } from './migrate.js';

/** PostgreSQL's quoting of an identifier. */
function identifier(name: string): string {
  return `"${name.replace(/"/gu, '""')}"`;
}

/**
 * Grants the server's role what it may do, as the owner, after every migration (so that new tables are covered):
 * everything on the working tables; on the audit trail, only reading and adding rows, and moving the chain heads on.
 */
export async function grantServerRole(owner: Kysely<Database>, role: string): Promise<void> {
  const r = sql.raw(identifier(role));
  const schema = sql.raw(
    identifier((await sql<{ s: string }>`select current_schema() as s`.execute(owner)).rows[0]?.s ?? 'public'),
  );
  await sql`grant usage on schema ${schema} to ${r}`.execute(owner);
  await sql`grant select, insert, update, delete on all tables in schema ${schema} to ${r}`.execute(owner);
  await sql`grant usage, select on all sequences in schema ${schema} to ${r}`.execute(owner);
  await sql`revoke insert, update, delete, truncate on kysely_migration, kysely_migration_lock from ${r}`.execute(
    owner,
  );
  await sql`revoke update, delete, truncate, references, trigger on audit_events from ${r}`.execute(owner);
  await sql`revoke delete, truncate, references, trigger on audit_chain_heads from ${r}`.execute(owner);
}

/**
 * Migrates as the owner (MIGRATION_DATABASE_URL), then grants the role the server connects as (`server`) its rights.
 * Refuses when both are the same role: the separation would be a pretence.
 */
export async function migrateAsOwner(ownerUrl: string, server: Kysely<Database>): Promise<void> {
  const owner = openDatabase(ownerUrl, { pgPoolMax: 1 });
  try {
    const [serverRole, ownerRole] = await Promise.all([
      sql<{ role: string }>`select current_user as role`.execute(server),
      sql<{ role: string }>`select current_user as role`.execute(owner.db),
    ]);
    const role = serverRole.rows[0]?.role;
    if (role === undefined || role === ownerRole.rows[0]?.role) {
      throw new Error('MIGRATION_DATABASE_URL and DATABASE_URL must connect as different roles.');
    }
    await migrateToLatest(owner.db);
    await grantServerRole(owner.db, role);
  } finally {
    await owner.destroy();
  }
}
