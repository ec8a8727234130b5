/**
 * Reading reference data: the look-ups the eligibility engine needs, whether any has been imported, and the
 * type-ahead search the forms use.
 */
import type { Executor } from '../../data/executor.js';
import { GP_PRESCRIBING_SETTING } from '../../domain/reference/types.js';
import { buildReferenceLookups, referenceDataLoaded } from '../../data/reference/lookups.js';
import { findPractice, searchPractices } from '../../data/reference/practices.repository.js';
import { findSchool, searchSchools } from '../../data/reference/schools.repository.js';

/**
 * How long "both are loaded" is believed without asking again. Every referral and checker page asks, and the answer
 * changes only when a first import lands (then it is asked afresh, as "not loaded" is never kept) or if an
 * administrator empties the tables, which takes effect within this time.
 */
const LOADED_KEPT_MS = 60_000;

export function createReferenceDataService(deps: { db: Executor }) {
  const { db } = deps;
  let bothLoadedUntil = 0;
  return {
    lookupsFor: (wanted: { practiceCode?: string | null; urn?: string | null }) => buildReferenceLookups(db, wanted),
    loaded: async (): Promise<{ practices: boolean; schools: boolean }> => {
      if (performance.now() < bothLoadedUntil) return { practices: true, schools: true };
      const loaded = await referenceDataLoaded(db);
      if (loaded.practices && loaded.schools) bothLoadedUntil = performance.now() + LOADED_KEPT_MS;
      return loaded;
    },
    findPractice: (code: string) => findPractice(db, code),
    findSchool: (urn: string) => findSchool(db, urn),
    /** GP practices only (ODS prescribing setting 4): pharmacies, clinics and the like are not where a child is registered. */
    searchPractices: (query: string, limit?: number) =>
      searchPractices(db, query, limit, { prescribingSetting: GP_PRESCRIBING_SETTING }),
    searchSchools: (query: string, limit?: number) => searchSchools(db, query, limit),
  };
}

export type ReferenceDataService = ReturnType<typeof createReferenceDataService>;
