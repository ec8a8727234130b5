/**
 * Turning what someone typed into a type-ahead into safe LIKE patterns that behave the same on SQLite and
 * PostgreSQL: compared in lower case, with the user's % and _ taken literally (escaped with a backslash).
 */
export const SEARCH_LIMIT_MAX = 20;
export const SEARCH_LIMIT_DEFAULT = 10;
const QUERY_MAX_LENGTH = 100;

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return SEARCH_LIMIT_DEFAULT;
  return Math.min(SEARCH_LIMIT_MAX, Math.max(1, Math.floor(limit)));
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/gu, (c) => `\\${c}`);
}

export interface SearchPatterns {
  /** Anywhere in a lower-cased name or town. */
  contains: string;
  /** The start of an upper-case code. */
  codePrefix: string;
  /** The start of an upper-case postcode with its spaces removed. */
  postcodePrefix: string;
  /** The whole query as a code, for ranking an exact match first. */
  exactCode: string;
}

/** The patterns for a query, or null when there is nothing to search for. */
export function searchPatterns(query: string): SearchPatterns | null {
  const text = query
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters have no place in a search
    .replace(/[\u0000-\u001f\u007f]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, QUERY_MAX_LENGTH);
  if (text === '') return null;
  const compact = text.replaceAll(' ', '').toUpperCase();
  return {
    contains: `%${escapeLike(text.toLowerCase())}%`,
    codePrefix: `${escapeLike(compact)}%`,
    postcodePrefix: `${escapeLike(compact)}%`,
    exactCode: compact,
  };
}
