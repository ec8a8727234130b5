/**
 * What "Find a referral" and the read-only summary show: plain functions of the search's answer, the summary and the
 * definition, so the templates only place them, escaped as text. Statuses read as the worklist names them.
 */
import { labelOf, REFERRAL_SOURCE_LABELS, STATUS_LABELS } from '../../../domain/referrals/labels.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import type { LetterSummary } from '../../../services/letters/decision-letters.service.js';
import type {
  FoundReferral,
  ReferralSummary,
  SearchOutcome,
} from '../../../services/referrals/referral-search.service.js';
import { SEARCH_RESULT_LIMIT } from '../../../services/referrals/referral-search.service.js';
import { formatDateTime } from '../../plugins/views.js';
import { paths } from '../../paths.js';
import { howSent, RECIPIENT_LABELS } from '../letters/letters.view-models.js';

/** A status in words; a status from a newer or older release than this one shows as stored. */
export const statusLabel = (status: string): string => labelOf(STATUS_LABELS, status);

/** Where a result leads: triage's page for those who triage, the summary for admin officers, or nowhere. */
export type ResultLink = 'triage' | 'summary' | null;

function hrefOf(referral: FoundReferral, link: ResultLink): string | null {
  if (link === 'triage') return paths.triage.referral.build({ referralId: referral.id });
  if (link === 'summary') return paths.staff.referralSummary.build({ referralId: referral.id });
  return null;
}

export function searchResults(outcome: SearchOutcome, link: ResultLink) {
  return {
    rows: outcome.referrals.map((r) => ({
      reference: r.reference,
      childName: `${r.child.givenName} ${r.child.familyName}`,
      born: formatLongDate(r.child.dateOfBirth),
      received: formatLongDate(r.receivedOn),
      status: statusLabel(r.status),
      href: hrefOf(r, link),
    })),
    more: outcome.more,
    limit: SEARCH_RESULT_LIMIT,
  };
}

/** The ways of searching, one form each; NHS number only for those who may search by it. */
export function searchKindItems(chosen: string | undefined, mayUseNhsNumber: boolean) {
  return [
    { value: 'reference', text: 'Reference' },
    { value: 'name', text: 'Child’s name and date of birth' },
    ...(mayUseNhsNumber ? [{ value: 'nhs-number', text: 'NHS number' }] : []),
  ].map((item) => ({ ...item, checked: item.value === chosen }));
}

export function summaryModel(
  summary: ReferralSummary,
  letters: readonly LetterSummary[],
  definition: ServiceDefinition,
) {
  const referrer = summary.referrer;
  const referrerType = definition.referrers.find((r) => r.id === summary.referrerType)?.label ?? summary.referrerType;
  return {
    reference: summary.reference,
    childName: `${summary.child.givenName} ${summary.child.familyName}`,
    knownAs: summary.child.knownAs,
    born: formatLongDate(summary.child.dateOfBirth),
    status: statusLabel(summary.status),
    received: formatLongDate(summary.receivedOn),
    source: labelOf(REFERRAL_SOURCE_LABELS, summary.source),
    referredBy: `${[referrer.name, referrer.role, referrer.organisation].filter((l) => l !== null).join(', ')} (${referrerType.toLowerCase()})`,
    contact:
      [
        referrer.phone === null ? null : `Telephone: ${referrer.phone}`,
        referrer.email === null ? null : `Email: ${referrer.email}`,
      ]
        .filter((l) => l !== null)
        .join('. ') || 'None given',
    address: summary.address,
    letters: letters.map((l) => ({
      recipient: RECIPIENT_LABELS[l.recipient],
      name: l.recipientName,
      how: howSent(l),
      created: formatDateTime(l.createdAt),
    })),
  };
}
