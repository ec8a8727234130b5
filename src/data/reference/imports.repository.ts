/**
 * The log of reference-data imports: one row per file imported, with its digest and what it changed.
 */
import { sql, SqliteAdapter } from 'kysely';
import type { Executor } from '../executor.js';

export type ReferenceKind = 'practices' | 'schools';

export interface ImportCounts {
  total: number;
  added: number;
  updated: number;
  unchanged: number;
  closed: number;
  missing: number;
}

/**
 * Makes imports of one kind run one at a time. SQLite's `begin immediate` already does; PostgreSQL takes a
 * transaction-scoped advisory lock.
 */
export async function lockReferenceKind(trx: Executor, kind: ReferenceKind): Promise<void> {
  if (trx.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`select pg_advisory_xact_lock(hashtext(${`otway.reference.${kind}`}))`.execute(trx);
}

export async function startImport(
  db: Executor,
  entry: { id: string; kind: ReferenceKind; fileName: string; sha256: string; startedAt: string },
): Promise<void> {
  await db
    .insertInto('reference_imports')
    .values({
      id: entry.id,
      kind: entry.kind,
      file_name: entry.fileName,
      sha256: entry.sha256,
      started_at: entry.startedAt,
      finished_at: null,
      total: null,
      added: null,
      updated: null,
      unchanged: null,
      closed: null,
      missing: null,
    })
    .execute();
}

export async function finishImport(db: Executor, id: string, finishedAt: string, counts: ImportCounts): Promise<void> {
  await db
    .updateTable('reference_imports')
    .set({ finished_at: finishedAt, ...counts })
    .where('id', '=', id)
    .execute();
}
