/**
 * Is the child being referred one the service already knows? By NHS number with the same name and date of birth,
 * yes (the record is reused). By NHS number with another name or date of birth, no one can tell: a referrer's typing
 * slip, a sibling's number, or the same child with a changed name. The referral is never attached to the known record
 * then: a new record is made as the referrer described the child, and triage is asked to resolve the conflict. By
 * name, date of birth and postcode, perhaps: a new record is made and triage asked to confirm or reject the match. A
 * child is never merged silently, and the public side is never told either way.
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
 * NHS number, name and date of birth), and the two a clinician must look at: `possible` (a new record was made, and
 * an older one has the same name, date of birth and postcode) and `nhs-number-conflict` (a new record was made as
 * the referrer described the child, and an older record has the same NHS number with another name or date of birth).
 * A clinician's answer settles those: `confirmed-same` (the new record was merged into the older one), `not-same`
 * (they are different children), `nhs-number-wrong` (a different child: the NHS number given belongs to the older
 * record, so it was taken off the new one and the referrer is asked for the right one). `nhs-number-checked` is an
 * older release's answer, kept for the history.
 */
export const MATCH_STATES = [
  'new',
  'nhs-number',
  'possible',
  'nhs-number-conflict',
  'confirmed-same',
  'not-same',
  'nhs-number-wrong',
  'nhs-number-checked',
] as const;
export type MatchState = (typeof MATCH_STATES)[number];

/** The matches that wait for a clinician to confirm or reject them: the worklist flags these. */
export const UNRESOLVED_MATCHES = ['possible', 'nhs-number-conflict'] as const satisfies readonly MatchState[];

export function isUnresolvedMatch(state: string): boolean {
  return (UNRESOLVED_MATCHES as readonly string[]).includes(state);
}

/**
 * `nhs-number`: the referral belongs to that record. `nhs-number-conflict`: a record has this NHS number but another
 * name or date of birth (`childId`); the referral needs a record of its own. `possible`: as for a conflict, a record
 * of its own, and `childId` is the record that may be the same child.
 */
export type ChildMatch =
  | { kind: 'nhs-number'; childId: string }
  | { kind: 'nhs-number-conflict'; childId: string }
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

/** The same name (given and family) and date of birth, as people mean them. */
export function sameDetails(a: ChildDetails, b: ChildDetails): boolean {
  return (
    a.dateOfBirth === b.dateOfBirth &&
    nameKey(a.familyName) === nameKey(b.familyName) &&
    nameKey(a.givenName) === nameKey(b.givenName)
  );
}

/**
 * Matches a referral's child against the records the service knows. A record with the same NHS number is the child
 * only when the name and date of birth agree too; otherwise the NHS number's record is the other side of a conflict,
 * never the referral's child (a referral must name the child it is about). Several records can hold one NHS number
 * while a conflict waits for an answer: the one whose details agree is the child.
 */
export function matchChild(child: ChildDetails, known: readonly KnownChild[]): ChildMatch {
  if (child.nhsNumber !== null) {
    const byNumber = known.filter((k) => k.nhsNumber === child.nhsNumber);
    const same = byNumber.find((k) => sameDetails(k, child));
    if (same !== undefined) return { kind: 'nhs-number', childId: same.id };
    const other = byNumber[0];
    if (other !== undefined) return { kind: 'nhs-number-conflict', childId: other.id };
  }
  const possible = known.find(
    (k) =>
      sameDetails(k, child) &&
      postcodeKey(k.postcode) !== null &&
      postcodeKey(k.postcode) === postcodeKey(child.postcode) &&
      // Two different NHS numbers are two different children, however alike their details.
      (k.nhsNumber === null || child.nhsNumber === null),
  );
  return possible === undefined ? { kind: 'none' } : { kind: 'possible', childId: possible.id };
}

/** The match state a referral is stored with. */
export function matchStateOf(match: ChildMatch): MatchState {
  return match.kind === 'none' ? 'new' : match.kind;
}

/**
 * A clinician's answer to "is this the same child?". `same-new-name`, only for an NHS number conflict: the same child,
 * whose name has changed since the record was made, so the record takes the name in the referral.
 */
export const SAME_CHILD_ANSWERS = ['same', 'same-new-name', 'not-same'] as const;
export type SameChildAnswer = (typeof SAME_CHILD_ANSWERS)[number];

/** The answers a clinician may give for a referral's match: only those that can be taken. */
export function answersFor(state: string): readonly SameChildAnswer[] {
  if (state === 'possible') return ['same', 'not-same'];
  if (state === 'nhs-number-conflict') return SAME_CHILD_ANSWERS;
  return [];
}

export type MatchResolution =
  | {
      ok: true;
      to: MatchState;
      /** Merge the referral's record into the known one (every referral of it moves there). */
      merge: boolean;
      /** The known record takes the given and family names in the referral. */
      rename: boolean;
      /** Take the NHS number off the referral's record: it belongs to the known child, not this one. */
      clearNhsNumber: boolean;
    }
  | { ok: false; message: string };

/**
 * What a clinician's answer makes of a referral's match. The same child: the referral's record is merged into the
 * known one, which keeps its details unless the clinician says the child's name has changed. Different children: for
 * a possible match the two stay apart; for an NHS number conflict the number given is wrong for this child, so it is
 * taken off the referral's record and the referrer is to be asked for the right one.
 */
export function resolveMatch(state: string, answer: SameChildAnswer): MatchResolution {
  if (!answersFor(state).includes(answer)) {
    return {
      ok: false,
      message: isUnresolvedMatch(state)
        ? 'Select one of the answers offered'
        : 'There is no possible match for this referral to check',
    };
  }
  const none = { merge: false, rename: false, clearNhsNumber: false };
  switch (answer) {
    case 'same':
      return { ok: true, to: 'confirmed-same', ...none, merge: true };
    case 'same-new-name':
      return { ok: true, to: 'confirmed-same', ...none, merge: true, rename: true };
    case 'not-same':
      return state === 'nhs-number-conflict'
        ? { ok: true, to: 'nhs-number-wrong', ...none, clearNhsNumber: true }
        : { ok: true, to: 'not-same', ...none };
  }
}
