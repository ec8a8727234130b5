/**
 * What the equipment pages show: a child's items with where each stands, one item with its history, the team's
 * dashboard with its counts and recall list, and the forms' boxes. Dates as "3 December 2026". Pure: unit-tested in
 * equipment.view-models.test.ts.
 */
import { can, type Role } from '../../../domain/access/roles.js';
import type { Answers, Field } from '../../../domain/forms/fields.js';
import {
  REVIEW_OUTCOMES,
  type EquipmentState,
  type EquipmentStatus,
  type RecallReason,
} from '../../../domain/record/equipment.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import type {
  EpisodeChild,
  EquipmentDashboard,
  EventRow,
  IssueRow,
  ItemWithStatus,
} from '../../../services/record/equipment.service.js';
import { fieldModels, problemsFrom } from '../../forms/field-models.js';
import type { FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';
import { OUTCOME_LABELS, TERMS_LABELS, type EventKind } from './equipment.forms.js';

export const STATE_LABELS: Readonly<Record<EquipmentState, string>> = {
  'in-use': 'In use',
  'review-overdue': 'Review overdue',
  'awaiting-return': 'Awaiting return',
  finished: 'No longer needed',
  returned: 'Returned',
};

const STATE_TAGS: Readonly<Record<EquipmentState, string>> = {
  'in-use': 'nhsuk-tag--green',
  'review-overdue': 'nhsuk-tag--red',
  'awaiting-return': 'nhsuk-tag--yellow',
  finished: 'nhsuk-tag--grey',
  returned: 'nhsuk-tag--grey',
};

export const DONE_BANNERS: Readonly<Record<'issued' | EventKind, string>> = {
  issued: 'Equipment issued',
  review: 'Review recorded',
  repair: 'Repair recorded',
  return: 'Return recorded',
};

const plural = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;
const termsLabel = (terms: string) => (terms === 'loan' ? TERMS_LABELS.loan : TERMS_LABELS.keep);
const nameOf = (child: { givenName: string; familyName: string }) => `${child.givenName} ${child.familyName}`;

/** The item as a person names it: its name, with its size when it has one. */
export const itemLabel = (issue: IssueRow) =>
  issue.sizeLabel === null ? issue.itemName : `${issue.itemName} (${issue.sizeLabel})`;

/** The review column: the next review date, or why there is none. */
export function reviewText(status: EquipmentStatus): string {
  if (status.nextReviewOn === null) return status.state === 'returned' ? 'None: returned' : 'None';
  const date = formatLongDate(status.nextReviewOn);
  return status.daysOverdue > 0 ? `${date} (${plural(status.daysOverdue, 'day', 'days')} overdue)` : date;
}

/** Why an item is on the recall list, as a sentence. */
export function reasonText(reason: RecallReason): string {
  switch (reason.kind) {
    case 'review-overdue':
      return `Review overdue since ${formatLongDate(reason.reviewOn)} (${plural(reason.days, 'day', 'days')})`;
    case 'outgrown':
      return `Likely outgrown: past the item's age range since ${formatLongDate(reason.since)}`;
    case 'outgrowing':
      return `Likely outgrown soon: past the item's age range on ${formatLongDate(reason.on)}`;
  }
}

/** A child's equipment page: their items, most recent first, and "Issue equipment" for those who may. */
export function childPage(child: EpisodeChild, items: readonly ItemWithStatus[], roles: readonly Role[]) {
  return {
    name: nameOf(child),
    dateOfBirth: formatLongDate(child.dateOfBirth),
    rows: items.map(({ issue, status }) => ({
      item: itemLabel(issue),
      terms: termsLabel(issue.terms),
      issued: formatLongDate(issue.issuedOn),
      status: STATE_LABELS[status.state],
      statusTag: STATE_TAGS[status.state],
      review: reviewText(status),
      href: paths.equipment.item.build({ issueId: issue.id }),
    })),
    issueHref: can(roles, 'equipment:issue') ? paths.equipment.issue.build({ episodeId: child.episodeId }) : null,
    entryHref: paths.waitingList.entry.build({ episodeId: child.episodeId }),
    dashboardHref: paths.equipment.dashboard.build(),
  };
}

function eventWhat(e: EventRow): string {
  if (e.kind === 'review') {
    const known = REVIEW_OUTCOMES.find((o) => o === e.outcome);
    const outcome = known === undefined ? (e.outcome ?? '') : OUTCOME_LABELS[known];
    const next = e.nextReviewOn === null ? '' : `; next review set for ${formatLongDate(e.nextReviewOn)}`;
    return `Reviewed: ${outcome}${next}`;
  }
  if (e.kind === 'repair') return `Repaired: ${e.notes ?? ''}`;
  return 'Returned';
}

/** One item: what was issued, where it stands, its history, and the actions still open to those who may act. */
export function itemPage(
  found: { issue: IssueRow; events: readonly EventRow[]; status: EquipmentStatus },
  roles: readonly Role[],
) {
  const { issue, events, status } = found;
  const mayAct = can(roles, 'equipment:issue') && status.state !== 'returned';
  const at = { issueId: issue.id };
  return {
    item: itemLabel(issue),
    child: nameOf(issue.child),
    summary: [
      { key: 'Item', value: itemLabel(issue) },
      { key: 'Supplier', value: issue.itemSupplier },
      { key: 'Lent or kept', value: termsLabel(issue.terms) },
      { key: 'Date issued', value: formatLongDate(issue.issuedOn) },
      { key: 'Fitted by', value: issue.fittedByName },
      { key: 'Status', value: STATE_LABELS[status.state] },
      { key: 'Next review', value: reviewText(status) },
      ...(status.repairs > 0 ? [{ key: 'Repairs', value: String(status.repairs) }] : []),
      ...(status.needsReplacing ? [{ key: 'Needs replacing', value: 'Yes, at the last review' }] : []),
      ...(issue.notes === null ? [] : [{ key: 'Notes', value: issue.notes }]),
    ],
    statusTag: STATE_TAGS[status.state],
    status: STATE_LABELS[status.state],
    history: [
      { date: formatLongDate(issue.issuedOn), what: `Issued: ${termsLabel(issue.terms)}`, by: issue.fittedByName },
      ...events.map((e) => ({ date: formatLongDate(e.on), what: eventWhat(e), by: e.byName })),
    ],
    actions: mayAct
      ? [
          { text: 'Record a review', href: paths.equipment.review.build(at) },
          { text: 'Record a repair', href: paths.equipment.repair.build(at) },
          { text: 'Record its return', href: paths.equipment.return.build(at) },
        ]
      : [],
    childHref: issue.episodeId === null ? null : paths.equipment.child.build({ episodeId: issue.episodeId }),
  };
}

/** The dashboard: its four counts, one page of the recall list, and the pages. */
export function dashboardPage(d: EquipmentDashboard) {
  const href = (n: number) => `${paths.equipment.dashboard.build()}${n > 1 ? `?page=${String(n)}` : ''}`;
  return {
    counts: [
      { label: 'In use', value: d.counts.inUse },
      { label: 'Review overdue', value: d.counts.reviewOverdue },
      { label: 'Likely outgrown', value: d.counts.likelyOutgrown },
      { label: 'Awaiting return', value: d.counts.awaitingReturn },
    ],
    total: d.total,
    page: d.page,
    pageCount: d.pageCount,
    rows: d.recall.map(({ issue, reasons }) => ({
      child: nameOf(issue.child),
      childHref:
        issue.episodeId === null
          ? paths.equipment.item.build({ issueId: issue.id })
          : paths.equipment.child.build({ episodeId: issue.episodeId }),
      item: itemLabel(issue),
      itemHref: paths.equipment.item.build({ issueId: issue.id }),
      reasons: reasons.map(reasonText),
    })),
    pagination:
      d.pageCount <= 1
        ? null
        : {
            items: pageItems(d.page, d.pageCount, href),
            previous: d.page > 1 ? { href: href(d.page - 1) } : undefined,
            next: d.page < d.pageCount ? { href: href(d.page + 1) } : undefined,
          },
  };
}

/** The pagination's numbered links: the first, the last, and those either side of this page, with gaps shown. */
export function pageItems(page: number, pageCount: number, href: (n: number) => string) {
  const shown = [...new Set([1, page - 1, page, page + 1, pageCount])]
    .filter((p) => p >= 1 && p <= pageCount)
    .sort((a, b) => a - b);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  shown.forEach((p, i) => {
    if (i > 0 && p - (shown[i - 1] ?? p) > 1) items.push({ ellipsis: true });
    items.push({ number: p, href: href(p), current: p === page });
  });
  return items;
}

/** A form's boxes: what was sent when it had problems, else the saved answers (the version it is drawn at). */
export function boxes(
  fields: readonly Field[],
  saved: Answers,
  sent: Record<string, unknown> | undefined,
  errors: FormErrors | undefined,
) {
  return fieldModels(fields, saved, sent, problemsFrom(errors), {}, { ownHeading: true });
}

/** The "fitted by" radios' items drawn as a select's: the same values, the chosen one selected. */
export function selectItems(model: { items: readonly unknown[] }) {
  return model.items.flatMap((i) => {
    const item = i as { value?: string; text?: string; checked?: boolean };
    return item.value === undefined ? [] : [{ value: item.value, text: item.text ?? '', selected: item.checked }];
  });
}
