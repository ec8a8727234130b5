/**
 * The log of reference-data imports: one row per file imported, with its digest and what it changed.
 */
import { sql, SqliteAdapter } from 'kysely';
import type { Executor } from '../executor.js';

export type ReferenceKind = 'practices' | 'schools';

/** `file`: an operator imported a publisher's file; `snapshot`: the shipped copy, imported on first start. */
export type ImportSource = 'file' | 'snapshot';

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
  entry: {
    id: string;
    kind: ReferenceKind;
    fileName: string;
    sha256: string;
    startedAt: string;
    source?: ImportSource;
    dataDate?: string | null;
  },
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
      source: entry.source ?? 'file',
      data_date: entry.dataDate ?? null,
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

/** The last finished import of each kind, with where it came from and the publisher's date of its data. */
export interface LatestImport {
  kind: ReferenceKind;
  fileName: string;
  source: ImportSource;
  dataDate: string | null;
  finishedAt: string;
}

export async function latestImports(db: Executor): Promise<LatestImport[]> {
  const out: LatestImport[] = [];
  for (const kind of ['practices', 'schools'] as const) {
    const row = await db
      .selectFrom('reference_imports')
      .select(['file_name', 'source', 'data_date', 'finished_at'])
      .where('kind', '=', kind)
      .where('finished_at', 'is not', null)
      .orderBy('finished_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (row?.finished_at == null) continue;
    out.push({
      kind,
      fileName: row.file_name,
      source: row.source === 'snapshot' ? 'snapshot' : 'file',
      dataDate: row.data_date,
      finishedAt: row.finished_at,
    });
  }
  return out;
}
