/**
 * One practice or school as a reference file describes it, after parsing and checking, before it is stored.
 * Dates are ISO calendar dates (YYYY-MM-DD); text is trimmed, and empty text is null.
 */
import type { PracticeStatus } from '../../domain/reference/types.js';

export interface PracticeRecord {
  code: string;
  name: string;
  nationalGrouping: string | null;
  icbCode: string | null;
  subIcbCode: string | null;
  addressLines: [string | null, string | null, string | null, string | null, string | null];
  town: string | null;
  postcode: string | null;
  status: PracticeStatus;
  openDate: string | null;
  closeDate: string | null;
  telephone: string | null;
  prescribingSetting: number;
}

/** GIAS establishment status, from "EstablishmentStatus (name)" or its code. */
export type SchoolStatus = 'open' | 'closed' | 'open-proposed-to-close' | 'proposed-to-open';

export interface SchoolRecord {
  urn: string;
  name: string;
  laCode: string;
  laName: string | null;
  establishmentType: string | null;
  establishmentTypeGroup: string | null;
  phase: string | null;
  status: SchoolStatus;
  openDate: string | null;
  closeDate: string | null;
  statutoryLowAge: number | null;
  statutoryHighAge: number | null;
  street: string | null;
  town: string | null;
  postcode: string | null;
}

/** The ISO date for a year, month and day, or null when no such day exists. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1800 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function textOrNull(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
