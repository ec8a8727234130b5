/**
 * What the discharge pages show: the check page's letters (who gets one and how, who does not and why) and dates, a
 * discharge with its re-referral and retention review dates and its letters, and the print list. Dates as "3
 * December 2026". Pure: unit-tested in discharge.view-models.test.ts.
 */
import type { LetterParty } from '../../../domain/record/discharge.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import type { DischargePlan, PlannedLetter } from '../../../services/record/discharge-plan.js';
import type { DischargeLetterRow, DischargeRow } from '../../../services/record/discharge.service.js';
import { paths } from '../../paths.js';

export const PARTY_LABELS: Readonly<Record<LetterParty, string>> = {
  family: 'Family',
  gp: 'GP',
  school: 'School',
};

const partyLabel = (to: string) => (to in PARTY_LABELS ? PARTY_LABELS[to as LetterParty] : to);

export function howSent(delivery: PlannedLetter['delivery']): string {
  if (delivery.channel === 'email') return `By e-mail to ${delivery.to}`;
  return delivery.forFile ? 'No address: print for the file' : 'Printed and posted (the print list)';
}

/** "15 June 2035 (the 25th birthday)". */
export function retentionText(reviewOn: string, birthday: number): string {
  return `${formatLongDate(reviewOn)} (the ${String(birthday)}th birthday)`;
}

export function checkPage(plan: DischargePlan) {
  return {
    name: `${plan.child.givenName} ${plan.child.familyName}`,
    reason: plan.reason.label,
    summary: plan.summary,
    dischargedOn: formatLongDate(plan.dischargedOn),
    reReferralUntil: formatLongDate(plan.dates.reReferralUntil),
    retention: retentionText(plan.dates.retention.reviewOn, plan.dates.retention.birthday),
    treatedAsAdult: plan.dates.retention.treatedAsAdult,
    letters: plan.letters.map((l) => ({
      to: partyLabel(l.to),
      name: l.name,
      address: l.addressLines.join(', '),
      addressAsTyped: l.addressAsTyped,
      how: howSent(l.delivery),
    })),
    notSent: plan.notSent.map((n) => ({ to: partyLabel(n.to), reason: n.reason })),
    version: String(plan.episodeVersion),
  };
}

export function letterStatus(l: DischargeLetterRow): string {
  if (l.channel === 'email') return l.outboxStatus === 'sent' ? 'E-mailed' : 'Queued to e-mail';
  return l.printedAt === null ? 'Waiting to be printed' : `Printed ${formatLongDate(l.printedAt.slice(0, 10))}`;
}

export function dischargePage(found: { discharge: DischargeRow; reasonLabel: string; letters: DischargeLetterRow[] }) {
  const d = found.discharge;
  return {
    summaryRows: [
      { key: 'Date of discharge', value: formatLongDate(d.dischargedOn) },
      { key: 'Reason', value: found.reasonLabel },
      { key: 'A parent may re-refer directly until', value: formatLongDate(d.reReferralUntil) },
      { key: 'Retention review date', value: retentionText(d.retentionReviewOn, d.retentionBirthday) },
      { key: 'Recorded by', value: d.recordedByName },
    ],
    summary: d.summary,
    letters: found.letters.map((l) => ({
      to: partyLabel(l.recipient),
      name: l.recipientName,
      how: l.channel === 'email' ? 'E-mail' : 'Post',
      status: letterStatus(l),
      pdfHref: paths.consentDischarge.letterPdf.build({ dischargeId: d.id, letterId: l.id }),
    })),
    recordHref: paths.record.child.build({ childId: d.childId }),
  };
}

export function printRows(letters: readonly DischargeLetterRow[]) {
  return letters.map((l) => ({
    id: l.id,
    to: partyLabel(l.recipient),
    name: l.recipientName,
    subject: l.subject,
    created: formatLongDate(l.createdAt.slice(0, 10)),
    pdfHref: paths.consentDischarge.printPdf.build({ letterId: l.id }),
    printedAction: paths.consentDischarge.printed.build({ letterId: l.id }),
  }));
}
