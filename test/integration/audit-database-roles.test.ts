import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/services/shared/context.js';
import { SERVER_URL, TEST_DIALECTS, databaseUrlOn } from '../support/databases.js';
import { createTestApp, LLR, type TestApp } from '../support/test-app.js';

/**
 * Issue 12, finding 3 on PostgreSQL: the table's owner can disable the triggers that keep the audit trail append-only.
 * With MIGRATION_DATABASE_URL the migrations run as an owner role and the server as another, which may add to and
 * read the audit trail but can neither change its rows nor alter the table.
 */
const onPostgres = TEST_DIALECTS.includes('postgres') && SERVER_URL !== undefined;

describe.skipIf(!onPostgres)('the server runs as a role that cannot rewrite the audit trail [postgres]', () => {
  const suffix = randomBytes(4).toString('hex');
  const owner = `otway_owner_${suffix}`;
  const server = `otway_server_${suffix}`;
  const database = `otway_roles_${suffix}`;
  const urlAs = (role: string) => {
    const url = new URL(databaseUrlOn(database));
    url.username = role;
    url.password = '';
    return url.toString();
  };
  let t: TestApp;
  let asServer: pg.Client;

  async function superuser(statements: string[]): Promise<void> {
    const client = new pg.Client({ connectionString: SERVER_URL });
    await client.connect();
    try {
      for (const s of statements) await client.query(s);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await superuser([
      `create role ${owner} login`,
      `create role ${server} login`,
      `create database ${database} owner ${owner}`,
    ]);
    // PostgreSQL 15: only the database owner may create in its public schema.
    t = await createTestApp('postgres', {
      databaseUrl: urlAs(server),
      env: { MIGRATION_DATABASE_URL: urlAs(owner) },
    });
    asServer = new pg.Client({ connectionString: urlAs(server) });
    await asServer.connect();
  });
  afterAll(async () => {
    await asServer.end();
    await t.close();
    await superuser([`drop database if exists ${database} with (force)`, `drop role ${server}`, `drop role ${owner}`]);
  });

  it('runs Otway as the server role: it records and reads audit events', async () => {
    await t.deps.audit.record(
      t.deps.database.db,
      { ...systemContext('roles'), serviceId: LLR },
      { action: 'user.viewed' },
    );
    const tables = await asServer.query<{ tableowner: string }>(
      `select tableowner from pg_tables where tablename = 'audit_events'`,
    );
    expect(tables.rows[0]?.tableowner).toBe(owner);
    expect((await t.deps.audit.verify(LLR)).every((c) => c.brokenAtId === null)).toBe(true);
  });

  it.each([
    ['change a row', `update audit_events set subject_id = 'x'`, /permission denied/u],
    ['remove rows', `delete from audit_events`, /permission denied/u],
    ['empty the table', `truncate audit_events`, /permission denied/u],
    ['disable its triggers', `alter table audit_events disable trigger user`, /must be owner/u],
    ['drop its triggers', `drop trigger audit_events_no_update_delete on audit_events`, /must be owner/u],
    ['drop the table', `drop table audit_events`, /must be owner/u],
    ['remove a chain head', `delete from audit_chain_heads`, /permission denied/u],
    ['record a migration', `delete from kysely_migration`, /permission denied/u],
  ])('refuses the server role to %s', async (_what, statement, refusal) => {
    await expect(asServer.query(statement)).rejects.toThrow(refusal);
  });

  it('still lets the server role do its work on the other tables', async () => {
    await expect(asServer.query(`delete from sessions where false`)).resolves.toBeDefined();
  });

  it('refuses to start when both URLs name the same role', async () => {
    await expect(
      createTestApp('postgres', { databaseUrl: urlAs(owner), env: { MIGRATION_DATABASE_URL: urlAs(owner) } }),
    ).rejects.toThrow(/different roles/u);
  });
});
