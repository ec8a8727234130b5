/**
 * Is the child being referred one the service already knows? By NHS number, yes (the record is reused, and a
 * difference in date of birth is flagged for triage). By name, date of birth and postcode, perhaps: a new record is
 * made and triage asked to confirm or reject the match. A child is never merged silently, and the public side is never
 * told either way.
 */
export interface ChildDetails {
  nhsNumber: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  postcode: string | null;
}

export interface KnownChild extends ChildDetails {
  id: string;
}

/**
 * How a referral's child was matched, as stored: `new` (nobody like them known), `nhs-number` (the record with that
 * NHS number), and the two a clinician must look at — `possible` (a new record was made, and an older one has the
 * same name, date of birth and postcode) and `nhs-number-details-differ` (the NHS number's record has another date
 * of birth or family name). A clinician's answer settles those: `confirmed-same` (the new record was merged into the
 * older one), `not-same` (they are different children), `nhs-number-checked` (the differing details were checked).
 */
export const MATCH_STATES = [
  'new',
  'nhs-number',
  'possible',
  'nhs-number-details-differ',
  'confirmed-same',
  'not-same',
  'nhs-number-checked',
] as const;
export type MatchState = (typeof MATCH_STATES)[number];

/** The matches that wait for a clinician to confirm or reject them: the worklist flags these. */
export const UNRESOLVED_MATCHES = ['possible', 'nhs-number-details-differ'] as const satisfies readonly MatchState[];

export function isUnresolvedMatch(state: string): boolean {
  return (UNRESOLVED_MATCHES as readonly string[]).includes(state);
}

export type ChildMatch =
  | { kind: 'nhs-number'; childId: string; detailsDiffer: boolean }
  | { kind: 'possible'; childId: string }
  | { kind: 'none' };

/** Names compared as people mean them: accents, case, spaces, hyphens and apostrophes ignored. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s'’\-.]/gu, '');
}

export function postcodeKey(postcode: string | null): string | null {
  return postcode === null ? null : postcode.replace(/\s+/gu, '').toUpperCase();
}

export function matchChild(child: ChildDetails, known: readonly KnownChild[]): ChildMatch {
  if (child.nhsNumber !== null) {
    const same = known.find((k) => k.nhsNumber === child.nhsNumber);
    if (same !== undefined) {
      const detailsDiffer =
        same.dateOfBirth !== child.dateOfBirth || nameKey(same.familyName) !== nameKey(child.familyName);
      return { kind: 'nhs-number', childId: same.id, detailsDiffer };
    }
  }
  const possible = known.find(
    (k) =>
      k.dateOfBirth === child.dateOfBirth &&
      nameKey(k.familyName) === nameKey(child.familyName) &&
      nameKey(k.givenName) === nameKey(child.givenName) &&
      postcodeKey(k.postcode) !== null &&
      postcodeKey(k.postcode) === postcodeKey(child.postcode) &&
      // Two different NHS numbers are two different children, however alike their details.
      (k.nhsNumber === null || child.nhsNumber === null),
  );
  return possible === undefined ? { kind: 'none' } : { kind: 'possible', childId: possible.id };
}

/** A clinician's answer to "is this the same child?". */
export type SameChildAnswer = 'same' | 'not-same';

export type MatchResolution = { ok: true; to: MatchState; merge: boolean } | { ok: false; message: string };

/**
 * What a clinician's answer makes of a referral's match. A possible match confirmed merges the new record into the
 * older one (`merge`); rejected, the two stay apart. Differing details on an NHS number's record can only be marked
 * as checked: if they are not the same child, the NHS number given is wrong, and that is a question for the referrer.
 */
export function resolveMatch(state: string, answer: SameChildAnswer): MatchResolution {
  if (state === 'possible') {
    return answer === 'same'
      ? { ok: true, to: 'confirmed-same', merge: true }
      : { ok: true, to: 'not-same', merge: false };
  }
  if (state === 'nhs-number-details-differ') {
    return answer === 'same'
      ? { ok: true, to: 'nhs-number-checked', merge: false }
      : {
          ok: false,
          message:
            'A child found by NHS number cannot be separated here. If this is not the same child, request more information to check the NHS number',
        };
  }
  return { ok: false, message: 'There is no possible match for this referral to check' };
}
