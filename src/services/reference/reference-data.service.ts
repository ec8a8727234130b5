/**
 * Reading reference data: the look-ups the eligibility engine needs, whether any has been imported, and the
 * type-ahead search the forms use.
 */
import type { Executor } from '../../data/executor.js';
import { GP_PRESCRIBING_SETTING } from '../../domain/reference/types.js';
import { buildReferenceLookups, referenceDataLoaded } from '../../data/reference/lookups.js';
import { findPractice, searchPractices } from '../../data/reference/practices.repository.js';
import { findSchool, searchSchools } from '../../data/reference/schools.repository.js';

export function createReferenceDataService(deps: { db: Executor }) {
  const { db } = deps;
  return {
    lookupsFor: (wanted: { practiceCode?: string | null; urn?: string | null }) => buildReferenceLookups(db, wanted),
    loaded: () => referenceDataLoaded(db),
    findPractice: (code: string) => findPractice(db, code),
    findSchool: (urn: string) => findSchool(db, urn),
    /** GP practices only (ODS prescribing setting 4): pharmacies, clinics and the like are not where a child is registered. */
    searchPractices: (query: string, limit?: number) =>
      searchPractices(db, query, limit, { prescribingSetting: GP_PRESCRIBING_SETTING }),
    searchSchools: (query: string, limit?: number) => searchSchools(db, query, limit),
  };
}

export type ReferenceDataService = ReturnType<typeof createReferenceDataService>;
