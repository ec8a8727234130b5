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
