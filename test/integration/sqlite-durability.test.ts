/**
 * ADR 0051: on SQLite every write is flushed to disk (the write-ahead log, fdatasync) before the work that made it
 * carries on, outside the event loop; commits made while a flush runs share the next; reads and the rate limit's
 * counters owe none. The flush is watched through `openDatabase`'s `flushFile` option, and held open where the test
 * needs to see what waits for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, withoutDiskWait, type DatabaseHandle } from '../../src/data/create-db.js';
import type { Database } from '../../src/data/database.js';
import { flushFile } from '../../src/data/sqlite-durability.js';

/** A flush that waits until the test lets it finish, recording each one started. */
function heldFlushes() {
  const started: { path: string; finish: () => void }[] = [];
  return {
    started,
    flushFile: (path: string) =>
      new Promise<void>((finish) => {
        started.push({ path, finish });
      }),
    finishAll() {
      for (const f of started.splice(0)) f.finish();
    },
  };
}

/** Lets every pending promise callback and I/O callback run. */
const settle = () => new Promise((done) => setImmediate(done));

describe('SQLite commits are on disk before they are acknowledged (ADR 0051)', () => {
  let dir: string;
  let handle: DatabaseHandle | undefined;
  let flushes: ReturnType<typeof heldFlushes>;
  let db: Kysely<Database>;
  const raw = () => db as unknown as Kysely<Record<string, { id: number; note: string }>>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otway-durability-'));
    flushes = heldFlushes();
    handle = openDatabase(`sqlite:${join(dir, 'otway.db')}`, { flushFile: flushes.flushFile });
    db = handle.db;
    const creating = sql`create table notes (id integer primary key, note text not null)`.execute(db);
    await settle();
    flushes.finishAll();
    await creating;
  });
  afterEach(async () => {
    flushes.finishAll();
    await handle?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs SQLite with synchronous = NORMAL and flushes the log itself', async () => {
    const level = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
    expect(level.rows[0]?.synchronous).toBe(1);
    expect(flushes.started.map((f) => f.path)).toEqual([]);
  });

  it('answers a write outside a transaction only once the log is flushed', async () => {
    let answered = false;
    const writing = raw()
      .insertInto('notes')
      .values({ id: 1, note: 'first' })
      .execute()
      .then(() => {
        answered = true;
      });
    await settle();
    expect(flushes.started.map((f) => f.path)).toEqual([join(dir, 'otway.db-wal')]);
    expect(answered).toBe(false);
    flushes.finishAll();
    await writing;
    expect(answered).toBe(true);
  });

  it('flushes a transaction once, after its commit, and leaves the connection free meanwhile', async () => {
    let committed = false;
    const transaction = db
      .transaction()
      .execute(async (trx) => {
        const t = trx as unknown as Kysely<Record<string, { id: number; note: string }>>;
        await t.insertInto('notes').values({ id: 1, note: 'one' }).execute();
        await t.insertInto('notes').values({ id: 2, note: 'two' }).execute();
        expect(flushes.started).toHaveLength(0);
      })
      .then(() => {
        committed = true;
      });
    await settle();
    await settle();
    expect(flushes.started).toHaveLength(1);
    expect(committed).toBe(false);
    // While the flush runs, another request reads (and sees the committed rows) without waiting for it.
    const rows = await raw().selectFrom('notes').select('id').orderBy('id').execute();
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
    expect(flushes.started).toHaveLength(1);
    flushes.finishAll();
    await transaction;
    expect(committed).toBe(true);
  });

  it('owes no flush for reads', async () => {
    await raw().selectFrom('notes').selectAll().execute();
    await db.transaction().execute(async (trx) => {
      await sql`select count(*) from notes`.execute(trx);
    });
    expect(flushes.started).toHaveLength(0);
  });

  it('makes commits that land while a flush runs share the next one (group commit)', async () => {
    const first = raw().insertInto('notes').values({ id: 1, note: 'a' }).execute();
    await settle();
    expect(flushes.started).toHaveLength(1);
    // Three more writes while the first flush runs: it may have started before their frames were written.
    const more = [2, 3, 4].map((id) => raw().insertInto('notes').values({ id, note: 'b' }).execute());
    await settle();
    expect(flushes.started).toHaveLength(1);
    flushes.started[0]?.finish();
    await first;
    await settle();
    expect(flushes.started).toHaveLength(2);
    let done = 0;
    const counted = more.map((p) => p.then(() => (done += 1)));
    await settle();
    expect(done).toBe(0);
    flushes.finishAll();
    await Promise.all(counted);
    expect(done).toBe(3);
  });

  it('fails the write whose flush fails, so nothing is acknowledged that may not be on disk', async () => {
    flushes.finishAll();
    await handle?.destroy();
    handle = openDatabase(`sqlite:${join(dir, 'otway.db')}`, {
      flushFile: () => Promise.reject(new Error('EIO: the disk failed')),
    });
    db = handle.db;
    await expect(raw().insertInto('notes').values({ id: 9, note: 'lost?' }).execute()).rejects.toThrow('EIO');
  });

  it("owes no flush for the rate limit's counters (withoutDiskWait)", async () => {
    await withoutDiskWait(db, async (connection) => {
      const c = connection as unknown as Kysely<Record<string, { id: number; note: string }>>;
      await c.insertInto('notes').values({ id: 1, note: 'a counter' }).execute();
    });
    expect(flushes.started).toHaveLength(0);
    // And the next ordinary write is flushed as ever.
    const writing = raw().insertInto('notes').values({ id: 2, note: 'a referral' }).execute();
    await settle();
    expect(flushes.started).toHaveLength(1);
    flushes.finishAll();
    await writing;
  });

  it('flushes the real log file with fdatasync, and treats a log SQLite has removed as flushed', async () => {
    await expect(flushFile(join(dir, 'otway.db-wal'))).resolves.toBeUndefined();
    await expect(flushFile(join(dir, 'no-such.db-wal'))).resolves.toBeUndefined();
  });
});
