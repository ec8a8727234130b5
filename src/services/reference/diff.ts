/**
 * Compares the records of a reference file with what is stored, column by column: what is new, what changed (and
 * whether it closed or came back), what is the same, and what the file no longer lists.
 */
import type { ColumnValue, ReferenceChange } from '../../data/reference/history.js';

type Values = { missing_since: string | null } & Record<string, ColumnValue>;

export interface ReferenceDiff<V> {
  added: V[];
  changed: { values: V; change: ReferenceChange }[];
  unchanged: number;
  /** Keys of stored records the file does not list and that were not already marked missing. */
  missing: string[];
}

export function diffReference<V extends Values>(
  incoming: readonly V[],
  stored: ReadonlyMap<string, Values>,
  keyOf: (v: V) => string,
  isClosed: (v: Readonly<Record<string, ColumnValue>>) => boolean,
): ReferenceDiff<V> {
  const result: ReferenceDiff<V> = { added: [], changed: [], unchanged: 0, missing: [] };
  const seen = new Set<string>();
  for (const values of incoming) {
    const key = keyOf(values);
    seen.add(key);
    const before = stored.get(key);
    if (before === undefined) {
      result.added.push(values);
      continue;
    }
    const changes: ReferenceChange['changes'] = {};
    for (const [column, to] of Object.entries(values)) {
      const from = before[column] ?? null;
      if (from !== to) changes[column] = { from, to };
    }
    const columns = Object.keys(changes);
    if (columns.length === 0) {
      result.unchanged++;
      continue;
    }
    const kind =
      isClosed(values) && !isClosed(before)
        ? 'closed'
        : columns.length === 1 && columns[0] === 'missing_since'
          ? 'returned'
          : 'updated';
    result.changed.push({ values, change: { key, kind, changes } });
  }
  for (const [key, before] of stored) {
    if (!seen.has(key) && before.missing_since === null) result.missing.push(key);
  }
  return result;
}
