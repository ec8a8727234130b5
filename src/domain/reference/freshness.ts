/**
 * How old the reference data is, against each publisher's cycle, so that admins know when to import newer files.
 * Pure: given the last import of each kind and today's date.
 */

export type ReferenceDataKind = 'practices' | 'schools';

/**
 * Days after the date of its data before a kind of reference data counts as out of date:
 * - GP practices (NHS ODS `epraccur`): ODS refreshes it monthly, with its full quarterly releases; practices open,
 *   merge and close every month. A quarter (92 days) plus a few days' grace for downloading it: 95 days.
 * - Schools (DfE GIAS): published every day, but schools mostly open, close and convert to academies at the start of
 *   a month or term, so a monthly import keeps up. A month plus a few days' grace: 35 days.
 */
export const STALE_AFTER_DAYS: Readonly<Record<ReferenceDataKind, number>> = { practices: 95, schools: 35 };

export interface ImportedData {
  kind: ReferenceDataKind;
  fileName: string;
  source: 'file' | 'snapshot';
  /** The publisher's date of the data (ISO date); null when not known. */
  dataDate: string | null;
  /** When it was imported (ISO instant). */
  finishedAt: string;
}

export interface Freshness extends ImportedData {
  /** The date its age is counted from: the publisher's date, or the import's day when that is not known. */
  asOf: string;
  ageDays: number;
  stale: boolean;
}

const DAY_MS = 86_400_000;

function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function freshness(imported: ImportedData, today: string): Freshness {
  const asOf = imported.dataDate ?? imported.finishedAt.slice(0, 10);
  const ageDays = Math.max(0, daysBetween(asOf, today));
  return { ...imported, asOf, ageDays, stale: ageDays > STALE_AFTER_DAYS[imported.kind] };
}
