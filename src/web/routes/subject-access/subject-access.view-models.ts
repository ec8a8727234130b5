/**
 * What the subject access pages show: the children a search found, and one child's page before the export.
 */
import { STATUS_LABELS, labelOf } from '../../../domain/referrals/labels.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import type { ChildSummary, FoundChild } from '../../../services/subject-access/subject-access.service.js';
import { paths } from '../../paths.js';

/** The NHS number as people read it: 485 777 3456. */
export const spacedNhsNumber = (digits: string): string =>
  `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;

export function foundChildren(found: readonly FoundChild[]) {
  return found.map((c) => {
    // A record confirmed to be the same child as an older one is exported with that one.
    const childId = c.mergedInto ?? c.id;
    return {
      name: `${c.givenName} ${c.familyName}`,
      born: formatLongDate(c.dateOfBirth),
      href: paths.subjectAccess.child.build({ childId }),
      merged: c.mergedInto !== null,
    };
  });
}

export function childModel(child: ChildSummary) {
  return {
    name: `${child.givenName} ${child.familyName}`,
    born: formatLongDate(child.dateOfBirth),
    nhsNumber: child.nhsNumber === null ? 'Not known' : spacedNhsNumber(child.nhsNumber),
    referrals: child.referrals.map((r) => ({
      reference: r.reference,
      received: formatLongDate(r.receivedOn),
      status: labelOf(STATUS_LABELS, r.status),
    })),
    mergedRecords: child.mergedRecords,
    exportAction: paths.subjectAccess.export.build({ childId: child.id }),
    searchHref: paths.subjectAccess.search.build(),
  };
}
