/**
 * PostgreSQL: the data statements Otway sends are prepared once on a connection and run by name after (ADR 0052),
 * at most a bounded number a connection, the least recently used deallocated first. Read from PostgreSQL's own
 * `pg_prepared_statements` on the connection itself.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/data/create-db.js';
import { prepareStatements } from '../../src/data/pg-prepared.js';
import { SERVER_URL, TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../support/databases.js';

const onPostgres = TEST_DIALECTS.includes('postgres') && SERVER_URL !== undefined;

/** The statements prepared on this connection, by their text. */
async function preparedOn(client: pg.ClientBase): Promise<string[]> {
  const result = await client.query<{ statement: string }>(
    'select statement from pg_prepared_statements order by prepare_time, name',
  );
  return result.rows.map((r) => r.statement);
}

describe.skipIf(!onPostgres)('statements prepared once a connection [postgres]', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase('postgres', { migrated: true });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    prepareStatements(client, 3);
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('prepares a data statement given with its values once, and runs it again by name with other values', async () => {
    const text = 'select $1::int + 1 as n';
    expect((await client.query<{ n: number }>(text, [1])).rows).toEqual([{ n: 2 }]);
    expect((await client.query<{ n: number }>(text, [41])).rows).toEqual([{ n: 42 }]);
    expect(await preparedOn(client)).toEqual([text]);
  });

  it('leaves transaction control, settings, DDL and statements without values unprepared', async () => {
    await client.query('begin', []);
    await client.query('set local statement_timeout = 1000', []);
    await client.query('create temporary table t_prepared (n int)', []);
    await client.query('commit', []);
    await client.query('select 1');
    expect(await preparedOn(client)).toEqual(['select $1::int + 1 as n']);
  });

  it('keeps at most its limit, deallocating the least recently used, and prepares it again when it comes back', async () => {
    await client.query('select $1::int as a', [1]);
    await client.query('select $1::int + 1 as n', [1]); // used again: now the most recently used
    await client.query('select $1::int as b', [1]); // the third: the limit
    expect(await preparedOn(client)).toEqual(['select $1::int + 1 as n', 'select $1::int as a', 'select $1::int as b']);
    await client.query('select $1::int as c', [1]); // a fourth: a, the least recently used, goes
    expect(await preparedOn(client)).toEqual(['select $1::int + 1 as n', 'select $1::int as b', 'select $1::int as c']);
    // The statement deallocated comes back under a new name, and answers; n, now the least recently used, goes.
    expect((await client.query<{ a: number }>('select $1::int as a', [9])).rows).toEqual([{ a: 9 }]);
    expect(await preparedOn(client)).toEqual(['select $1::int as b', 'select $1::int as c', 'select $1::int as a']);
  });

  it('answers a statement that fails to prepare with its error, and prepares it once it can', async () => {
    await client.query('begin', []);
    await expect(client.query('select 1 / $1::int as d', [0])).rejects.toThrow(/division by zero/u);
    // In the failed transaction nothing can be prepared; the statement asked for is refused as any would be.
    await expect(client.query('select $1::int as e', [1])).rejects.toThrow(/current transaction is aborted/u);
    await client.query('rollback', []);
    expect((await client.query<{ e: number }>('select $1::int as e', [5])).rows).toEqual([{ e: 5 }]);
    await expect(client.query('select nothing_here from nowhere where $1::int = 1', [1])).rejects.toThrow(/nowhere/u);
    expect((await client.query<{ n: number }>('select $1::int + 1 as n', [1])).rows).toEqual([{ n: 2 }]);
    // The statement that never prepared is pushed out inside a transaction: nothing is deallocated for it, and the
    // transaction goes on to commit.
    await client.query('begin', []);
    await client.query('create temporary table t_kept (n int)', []);
    for (const n of [1, 2, 3]) await client.query(`insert into t_kept (n) values ($1::int + ${String(n)})`, [0]);
    await client.query('commit', []);
    expect((await client.query<{ n: number }>('select n from t_kept order by n', [])).rows).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 3 },
    ]);
  });

  it('prepares afresh a statement whose table changed under it, sending it again when outside a transaction', async () => {
    await client.query('create table t_changing (a int)', []);
    await client.query('insert into t_changing (a) values (1)', []);
    const read = () => client.query<Record<string, number | null>>('select * from t_changing where a = $1', [1]);
    expect((await read()).rows).toEqual([{ a: 1 }]);
    await client.query('alter table t_changing add column b int', []);
    // Outside a transaction: answered at once, with the new column.
    expect((await read()).rows).toEqual([{ a: 1, b: null }]);
    await client.query('alter table t_changing add column c int', []);
    // Inside one: the transaction fails, as it would for any error; the statement works again after it.
    await client.query('begin', []);
    await expect(read()).rejects.toThrow(/cached plan must not change result type/u);
    await client.query('rollback', []);
    expect((await read()).rows).toEqual([{ a: 1, b: null, c: null }]);
    // A savepoint rolled back to leaves the transaction open: the statement still fails in it rather than running twice.
    await client.query('alter table t_changing add column d int', []);
    await client.query('begin', []);
    await client.query('savepoint s', []);
    await client.query('rollback to savepoint s', []);
    await expect(read()).rejects.toThrow(/cached plan must not change result type/u);
    await client.query('rollback', []);
    expect((await read()).rows).toEqual([{ a: 1, b: null, c: null, d: null }]);
  });

  it('is on for every connection of the application pool, through Kysely', async () => {
    const handle: DatabaseHandle = openDatabase(database.url, { pgPoolMax: 1 });
    try {
      const read = () => sql<{ n: number }>`select ${7}::int as n`.execute(handle.db);
      expect((await read()).rows).toEqual([{ n: 7 }]);
      expect((await read()).rows).toEqual([{ n: 7 }]);
      const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(
        handle.db,
      );
      expect(prepared.rows.map((r) => r.statement)).toContain('select $1::int as n');
    } finally {
      await handle.destroy();
    }
  });
});
