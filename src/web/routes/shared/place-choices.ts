/**
 * The choices of a GP practice or school picker: what a search finds in the reference data (by name, town, postcode
 * or code), with an answer already given kept at the top even when the search does not find it. Used by the checker
 * and the referral form; without JavaScript the search is an ordinary GET form, with it app.js adds type-ahead.
 */
import type { PracticeFacts, SchoolFacts } from '../../../domain/reference/types.js';
import type { ReferenceDataService } from '../../../services/reference/reference-data.service.js';
import { paths } from '../../paths.js';

export type PlaceKind = 'practice' | 'school';

export interface PlaceChoice {
  value: string;
  text: string;
}

/** The longest search a person may type; the search itself trims to this too. */
export const SEARCH_MAX = 100;

export function practiceText(p: PracticeFacts): string {
  const where = [p.town, p.postcode].filter((x) => x !== null).join(', ');
  return `${p.name}${where === '' ? '' : `, ${where}`}${p.status === 'A' ? '' : ' (closed)'}`;
}

export function schoolText(s: SchoolFacts): string {
  const where = [s.town, s.postcode].filter((x) => x !== null).join(', ');
  return `${s.name}${where === '' ? '' : `, ${where}`}${s.open ? '' : ' (closed)'}`;
}

/** The search a GET asked for, tidied and cut to length. */
export function searchQuery(query: unknown): string {
  const q = typeof query === 'object' && query !== null ? (query as Record<string, unknown>).q : undefined;
  return typeof q === 'string' ? q.trim().slice(0, SEARCH_MAX) : '';
}

/** Whether the reference data for this kind of place has been imported (otherwise the form asks in words). */
export async function placesLoaded(referenceData: ReferenceDataService, kind: PlaceKind): Promise<boolean> {
  return (await referenceData.loaded())[kind === 'practice' ? 'practices' : 'schools'];
}

export async function describePlace(
  referenceData: ReferenceDataService,
  kind: PlaceKind,
  code: string,
): Promise<string | undefined> {
  if (kind === 'practice') {
    const p = await referenceData.findPractice(code);
    return p && practiceText(p);
  }
  const s = await referenceData.findSchool(code);
  return s && schoolText(s);
}

export async function placeChoices(
  referenceData: ReferenceDataService,
  kind: PlaceKind,
  query: string,
  chosen: unknown,
): Promise<{ searchable: boolean; searched: boolean; query: string; suggestions: string; results: PlaceChoice[] }> {
  const searchable = await placesLoaded(referenceData, kind);
  let results: PlaceChoice[] = [];
  if (searchable && query !== '') {
    results =
      kind === 'practice'
        ? (await referenceData.searchPractices(query, 20)).map((p) => ({ value: p.code, text: practiceText(p) }))
        : (await referenceData.searchSchools(query, 20)).map((s) => ({ value: s.urn, text: schoolText(s) }));
  }
  if (
    searchable &&
    typeof chosen === 'string' &&
    /^[A-Z0-9]+$/u.test(chosen) &&
    !results.some((r) => r.value === chosen)
  ) {
    const text = await describePlace(referenceData, kind, chosen);
    if (text !== undefined) results = [{ value: chosen, text }, ...results];
  }
  return {
    searchable,
    searched: searchable && query !== '',
    query,
    suggestions: kind === 'practice' ? paths.api.practices.build() : paths.api.schools.build(),
    results,
  };
}
