/**
 * What the access hook found for a page of a child's record (route-access.ts `needsRecord`), kept on the request as
 * `request.record` for the controller: the child, and what this person may see and do of the record.
 */
import type { RecordAccess } from '../../domain/record/access.js';

export interface RecordScope {
  childId: string;
  access: RecordAccess;
  /** While a break-glass access lasts: when it ends (the record's banner says so). */
  breakGlassEndsAt: Date | null;
}

/** The clinical record may be changed through this scope (not read-only, not demographics only). */
export function mayWriteClinical(scope: RecordScope): boolean {
  return scope.access.level === 'clinical' && !scope.access.readOnly;
}
