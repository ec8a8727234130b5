/**
 * Commits on SQLite that are on disk before anyone is told, without holding the event loop while the disk works
 * (ADR 0051).
 *
 * better-sqlite3 is synchronous: with `synchronous = FULL`, every commit's fsync of the write-ahead log ran on the
 * event loop, about a millisecond each here, and every other request waited behind it (a third of a referral
 * submission's time, W2). So the connection runs with `synchronous = NORMAL`, where SQLite writes a commit's frames
 * to the log without waiting for the disk, and this module then flushes the log (`fdatasync`, in libuv's thread pool)
 * before the work that committed carries on. A write is therefore acknowledged only once it is on disk, as under
 * FULL; SQLite's own recovery keeps every frame that reached the disk whole and drops a torn tail, as it always does.
 *
 * How a write is seen: the statement cache notes each statement it hands out; after each statement the connection
 * runs, a statement that may write marks the connection dirty, and once the connection is outside a transaction (an
 * autocommit write, or a transaction's commit or rollback) a flush is owed. The driver pays it when it releases the
 * connection, so the flush never holds the one connection: others go on reading and writing meanwhile. Commits that
 * land while a flush is running share the next one (group commit): a flush started after a commit covers it.
 *
 * What differs from FULL: for the millisecond or so between a commit and its flush, another request on this server can
 * read what it wrote; after a power cut in that window it would be gone, along with the answer its writer never got.
 * Counting hits for the rate limit (`withoutDiskWait`) owes no flush at all: a counter is worth nothing after a power
 * cut.
 */
import { open } from 'node:fs/promises';
import type SqliteDatabase from 'better-sqlite3';
import type { DatabaseConnection, QueryResult, CompiledQuery } from 'kysely';

export interface SqliteDurability {
  /** Called by the statement cache with each statement it hands out, just before it runs. */
  preparing(statement: SqliteDatabase.Statement): void;
  /** Wraps the driver's one connection, to see what each statement did. */
  watch(connection: DatabaseConnection): DatabaseConnection;
  /** Called once the connection is released: flushes the log if a write has been committed since the last flush. */
  settle(): Promise<void>;
  /** Runs `work` with the writes it commits owing no flush (it must hold the connection throughout). */
  skippingFlush<T>(work: () => Promise<T>): Promise<T>;
  /** How many flushes have run: for tests and the benchmark. */
  readonly flushes: number;
}

/** The thread-pool work of a flush: fdatasync the write-ahead log. A log that is not there has nothing to flush. */
export async function flushFile(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    // SQLite deletes the log only after checkpointing it into the database file, which it has synced.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

const BEGIN = /^\s*begin\b/iu;

export function sqliteDurability(
  sqlite: SqliteDatabase.Database,
  walPath: string,
  flush: (path: string) => Promise<void> = flushFile,
): SqliteDurability {
  let last: SqliteDatabase.Statement | undefined;
  let dirty = false;
  let owed = false;
  let skipping = false;
  let flushes = 0;
  /** The flush running now, and the one that will start after it (shared by every commit made meanwhile). */
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;

  const startFlush = (): Promise<void> => {
    flushes += 1;
    const started = flush(walPath);
    running = started;
    const clear = () => {
      if (running === started) running = null;
    };
    started.then(clear, clear);
    return started;
  };

  /** A flush that starts now or later, never one already under way (it may have missed this commit's frames). */
  const flushAfterNow = (): Promise<void> => {
    if (running === null) return startFlush();
    next ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = null;
        return startFlush();
      });
    return next;
  };

  // SQLite calls BEGIN IMMEDIATE a statement that may write (it takes the write lock); it writes nothing itself.
  const mayWrite = (statement: SqliteDatabase.Statement) => !statement.readonly && !BEGIN.test(statement.source);

  const afterStatement = () => {
    if (last !== undefined && !skipping && mayWrite(last)) dirty = true;
    if (dirty && !sqlite.inTransaction) {
      dirty = false;
      owed = true;
    }
  };

  return {
    preparing(statement) {
      last = statement;
    },
    watch(connection) {
      return {
        async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
          try {
            return await connection.executeQuery<R>(query);
          } finally {
            afterStatement();
          }
        },
        streamQuery: connection.streamQuery.bind(connection),
      };
    },
    async settle() {
      if (!owed) return;
      owed = false;
      await flushAfterNow();
    },
    async skippingFlush(work) {
      skipping = true;
      try {
        return await work();
      } finally {
        skipping = false;
      }
    },
    get flushes() {
      return flushes;
    },
  };
}
