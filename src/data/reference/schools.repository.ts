/**
 * Schools (DfE GIAS): the current row per URN, its history, and the look-ups and search the rules and the forms use.
 */
import { sql } from 'kysely';
import { normaliseUrn, type SchoolFacts } from '../../domain/reference/types.js';
import type { SchoolRow } from '../database.js';
import type { Executor } from '../executor.js';
import { batches, type ReferenceChange } from './history.js';
import type { SchoolRecord, SchoolStatus } from './records.js';
import { clampLimit, searchPatterns } from './search-text.js';

/** GIAS counts a school that is open but proposed to close as open. */
export const OPEN_SCHOOL_STATUSES: readonly SchoolStatus[] = ['open', 'open-proposed-to-close'];

/** The columns an import compares and writes. */
export type SchoolValues = Omit<SchoolRow, 'first_seen_at' | 'updated_at' | 'source_file'>;

export function schoolValues(r: SchoolRecord): SchoolValues {
  return {
    urn: r.urn,
    name: r.name,
    la_code: r.laCode,
    la_name: r.laName,
    establishment_type: r.establishmentType,
    establishment_type_group: r.establishmentTypeGroup,
    phase: r.phase,
    status: r.status,
    open_date: r.openDate,
    close_date: r.closeDate,
    statutory_low_age: r.statutoryLowAge,
    statutory_high_age: r.statutoryHighAge,
    street: r.street,
    town: r.town,
    postcode: r.postcode,
    missing_since: null,
  };
}

export function toSchoolFacts(row: SchoolRow): SchoolFacts {
  return {
    urn: row.urn,
    name: row.name,
    open: (OPEN_SCHOOL_STATUSES as readonly string[]).includes(row.status),
    laCode: row.la_code,
    laName: row.la_name,
    postcode: row.postcode,
    town: row.town,
  };
}

export async function loadAllSchools(db: Executor): Promise<Map<string, SchoolRow>> {
  const rows = await db.selectFrom('schools').selectAll().execute();
  return new Map(rows.map((r) => [r.urn, r]));
}

/** Inserts new schools and overwrites changed ones, many rows a statement. */
export async function upsertSchools(
  db: Executor,
  rows: readonly SchoolValues[],
  meta: { now: string; sourceFile: string },
): Promise<void> {
  for (const batch of batches(rows)) {
    await db
      .insertInto('schools')
      .values(batch.map((r) => ({ ...r, first_seen_at: meta.now, updated_at: meta.now, source_file: meta.sourceFile })))
      .onConflict((oc) =>
        oc.column('urn').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          la_code: eb.ref('excluded.la_code'),
          la_name: eb.ref('excluded.la_name'),
          establishment_type: eb.ref('excluded.establishment_type'),
          establishment_type_group: eb.ref('excluded.establishment_type_group'),
          phase: eb.ref('excluded.phase'),
          status: eb.ref('excluded.status'),
          open_date: eb.ref('excluded.open_date'),
          close_date: eb.ref('excluded.close_date'),
          statutory_low_age: eb.ref('excluded.statutory_low_age'),
          statutory_high_age: eb.ref('excluded.statutory_high_age'),
          street: eb.ref('excluded.street'),
          town: eb.ref('excluded.town'),
          postcode: eb.ref('excluded.postcode'),
          updated_at: eb.ref('excluded.updated_at'),
          source_file: eb.ref('excluded.source_file'),
          missing_since: eb.ref('excluded.missing_since'),
        })),
      )
      .execute();
  }
}

export async function markSchoolsMissing(db: Executor, urns: readonly string[], now: string): Promise<void> {
  for (const batch of batches(urns)) {
    await db.updateTable('schools').set({ missing_since: now }).where('urn', 'in', batch).execute();
  }
}

export async function insertSchoolHistory(
  db: Executor,
  entries: readonly ReferenceChange[],
  meta: { importId: string; now: string },
): Promise<void> {
  for (const batch of batches(entries)) {
    await db
      .insertInto('school_history')
      .values(
        batch.map((e) => ({
          urn: e.key,
          import_id: meta.importId,
          changed_at: meta.now,
          change: e.kind,
          changes: JSON.stringify(e.changes),
        })),
      )
      .execute();
  }
}

export async function findSchool(db: Executor, urn: string): Promise<SchoolFacts | undefined> {
  const row = await db.selectFrom('schools').selectAll().where('urn', '=', normaliseUrn(urn)).executeTakeFirst();
  return row && toSchoolFacts(row);
}

/**
 * Schools whose name or town contains the query, or whose URN or postcode starts with it (case and spaces
 * ignored): an exact URN first, then open schools, then by name. At most 20.
 */
export async function searchSchools(db: Executor, query: string, limit?: number): Promise<SchoolFacts[]> {
  const p = searchPatterns(query);
  if (p === null) return [];
  const rows = await db
    .selectFrom('schools')
    .selectAll()
    .where(
      (eb) => sql<boolean>`(lower(${eb.ref('name')}) like ${p.contains} escape '\\'
        or lower(${eb.ref('town')}) like ${p.contains} escape '\\'
        or ${eb.ref('urn')} like ${p.codePrefix} escape '\\'
        or replace(upper(${eb.ref('postcode')}), ' ', '') like ${p.postcodePrefix} escape '\\')`,
    )
    .orderBy(sql`case when ${sql.ref('urn')} = ${p.exactCode} then 0 else 1 end`)
    .orderBy(sql`case when ${sql.ref('status')} in ('open', 'open-proposed-to-close') then 0 else 1 end`)
    .orderBy('name')
    .orderBy('urn')
    .limit(clampLimit(limit))
    .execute();
  return rows.map(toSchoolFacts);
}

export async function schoolsLoaded(db: Executor): Promise<boolean> {
  return (await db.selectFrom('schools').select('urn').limit(1).executeTakeFirst()) !== undefined;
}
