/**
 * GP practices (NHS ODS epraccur): the current row per ODS code, its history, and the look-ups and search the rules
 * and the forms use.
 */
import { sql } from 'kysely';
import { normalisePracticeCode, type PracticeFacts, type PracticeStatus } from '../../domain/reference/types.js';
import type { GpPracticeRow } from '../database.js';
import type { Executor } from '../executor.js';
import { batches, type ReferenceChange } from './history.js';
import type { PracticeRecord } from './records.js';
import { clampLimit, searchPatterns } from './search-text.js';

/** The columns an import compares and writes. */
export type PracticeValues = Omit<GpPracticeRow, 'first_seen_at' | 'updated_at' | 'source_file'>;

export function practiceValues(r: PracticeRecord): PracticeValues {
  const [a1, a2, a3, a4, a5] = r.addressLines;
  return {
    code: r.code,
    name: r.name,
    national_grouping: r.nationalGrouping,
    icb_code: r.icbCode,
    sub_icb_code: r.subIcbCode,
    address_1: a1,
    address_2: a2,
    address_3: a3,
    address_4: a4,
    address_5: a5,
    town: r.town,
    postcode: r.postcode,
    status: r.status,
    open_date: r.openDate,
    close_date: r.closeDate,
    telephone: r.telephone,
    prescribing_setting: r.prescribingSetting,
    missing_since: null,
  };
}

export function toPracticeFacts(row: GpPracticeRow): PracticeFacts {
  return {
    code: row.code,
    name: row.name,
    status: row.status as PracticeStatus,
    prescribingSetting: row.prescribing_setting,
    icbCode: row.icb_code,
    subIcbCode: row.sub_icb_code,
    postcode: row.postcode,
    town: row.town,
  };
}

export async function loadAllPractices(db: Executor): Promise<Map<string, GpPracticeRow>> {
  const rows = await db.selectFrom('gp_practices').selectAll().execute();
  return new Map(rows.map((r) => [r.code, r]));
}

/** Inserts new practices and overwrites changed ones, many rows a statement. */
export async function upsertPractices(
  db: Executor,
  rows: readonly PracticeValues[],
  meta: { now: string; sourceFile: string },
): Promise<void> {
  for (const batch of batches(rows)) {
    await db
      .insertInto('gp_practices')
      .values(batch.map((r) => ({ ...r, first_seen_at: meta.now, updated_at: meta.now, source_file: meta.sourceFile })))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          national_grouping: eb.ref('excluded.national_grouping'),
          icb_code: eb.ref('excluded.icb_code'),
          sub_icb_code: eb.ref('excluded.sub_icb_code'),
          address_1: eb.ref('excluded.address_1'),
          address_2: eb.ref('excluded.address_2'),
          address_3: eb.ref('excluded.address_3'),
          address_4: eb.ref('excluded.address_4'),
          address_5: eb.ref('excluded.address_5'),
          town: eb.ref('excluded.town'),
          postcode: eb.ref('excluded.postcode'),
          status: eb.ref('excluded.status'),
          open_date: eb.ref('excluded.open_date'),
          close_date: eb.ref('excluded.close_date'),
          telephone: eb.ref('excluded.telephone'),
          prescribing_setting: eb.ref('excluded.prescribing_setting'),
          updated_at: eb.ref('excluded.updated_at'),
          source_file: eb.ref('excluded.source_file'),
          missing_since: eb.ref('excluded.missing_since'),
        })),
      )
      .execute();
  }
}

export async function markPracticesMissing(db: Executor, codes: readonly string[], now: string): Promise<void> {
  for (const batch of batches(codes)) {
    await db.updateTable('gp_practices').set({ missing_since: now }).where('code', 'in', batch).execute();
  }
}

export async function insertPracticeHistory(
  db: Executor,
  entries: readonly ReferenceChange[],
  meta: { importId: string; now: string },
): Promise<void> {
  for (const batch of batches(entries)) {
    await db
      .insertInto('gp_practice_history')
      .values(
        batch.map((e) => ({
          code: e.key,
          import_id: meta.importId,
          changed_at: meta.now,
          change: e.kind,
          changes: JSON.stringify(e.changes),
        })),
      )
      .execute();
  }
}

export async function findPractice(db: Executor, code: string): Promise<PracticeFacts | undefined> {
  const row = await db
    .selectFrom('gp_practices')
    .selectAll()
    .where('code', '=', normalisePracticeCode(code))
    .executeTakeFirst();
  return row && toPracticeFacts(row);
}

/**
 * Practices whose name, town or village (address lines 2 and 3, where ODS often puts it) contains the query, or whose code or postcode starts with it (case and spaces
 * ignored): an exact code first, then active practices, then by name. At most 20.
 */
export async function searchPractices(
  db: Executor,
  query: string,
  limit?: number,
  options: { prescribingSetting?: number } = {},
): Promise<PracticeFacts[]> {
  const p = searchPatterns(query);
  if (p === null) return [];
  const rows = await db
    .selectFrom('gp_practices')
    .selectAll()
    .$if(options.prescribingSetting !== undefined, (qb) =>
      qb.where('prescribing_setting', '=', options.prescribingSetting ?? -1),
    )
    .where(
      (eb) => sql<boolean>`(lower(${eb.ref('name')}) like ${p.contains} escape '\\'
        or lower(${eb.ref('town')}) like ${p.contains} escape '\\'
        or lower(${eb.ref('address_2')}) like ${p.contains} escape '\\'
        or lower(${eb.ref('address_3')}) like ${p.contains} escape '\\'
        or ${eb.ref('code')} like ${p.codePrefix} escape '\\'
        or replace(upper(${eb.ref('postcode')}), ' ', '') like ${p.postcodePrefix} escape '\\')`,
    )
    .orderBy(sql`case when ${sql.ref('code')} = ${p.exactCode} then 0 else 1 end`)
    .orderBy(sql`case when ${sql.ref('status')} = 'A' then 0 else 1 end`)
    .orderBy('name')
    .orderBy('code')
    .limit(clampLimit(limit))
    .execute();
  return rows.map(toPracticeFacts);
}

export async function practicesLoaded(db: Executor): Promise<boolean> {
  return (await db.selectFrom('gp_practices').select('code').limit(1).executeTakeFirst()) !== undefined;
}
