/**
 * What a history row says: which import changed a record, when, how, and each changed column's old and new value.
 */
export type ReferenceChangeKind = 'updated' | 'closed' | 'missing' | 'returned';

export type ColumnValue = string | number | null;

export interface ReferenceChange {
  key: string;
  kind: ReferenceChangeKind;
  changes: Record<string, { from: ColumnValue; to: ColumnValue }>;
}

/** Rows a time: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters for the widest table. */
export const BATCH_ROWS = 500;

export function batches<T>(items: readonly T[], size = BATCH_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
