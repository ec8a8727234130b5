/**
 * What a child-scoped route may name in its path: the child itself, or something recorded about one child. The data
 * layer (`src/data/record/record-subjects.repository.ts`) finds the child each names, so that one rule
 * (`access.ts`) decides every page of the record, whatever its path holds.
 */
export const RECORD_SUBJECTS = [
  'child',
  'episode',
  'note',
  'equipment-issue',
  'assessment',
  'goal',
  'consent',
  'discharge',
  'advice',
  'ehcp-request',
  'ehcp-advice',
] as const;

export type RecordSubjectType = (typeof RECORD_SUBJECTS)[number];

/** How much of the record a route shows or changes. */
export type RecordNeed = 'demographics' | 'clinical-read' | 'clinical-write';
