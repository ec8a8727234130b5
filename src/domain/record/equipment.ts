/**
 * Equipment issued to children (issue 14 item 7): an item from the service's catalogue, lent or given to keep, with
 * the date, who fitted it and when it is next reviewed; then its reviews, repairs and return. Growing children
 * outgrow what they were given, so the recall list names both the items overdue for review and those the child has
 * likely outgrown by age, most overdue first. Pure: `today` is always given.
 */
import { daysBetween } from '../care/london-time.js';
import type { FieldProblem } from '../forms/fields.js';
import { addMonthsClamped, isIsoDate } from '../shared/dates.js';
import { cleanText, codePointLength } from '../shared/text.js';
import type { CatalogueItem, EquipmentTerms } from '../service/record-settings.js';

export const FITTED_BY_MAX = 100;

/** An item issued to a child; `item` is the catalogue entry as it was when issued. */
export interface EquipmentIssue {
  item: CatalogueItem;
  childId: string;
  issuedOn: string;
  fittedBy: string;
  terms: EquipmentTerms;
  /** The first review: the issue date plus the item's review interval, unless set by hand. */
  reviewOn: string;
}

export const REVIEW_OUTCOMES = ['suitable', 'adjusted', 'needs-replacing', 'no-longer-needed'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export type EquipmentEvent =
  /** A review; the next is the review date plus the item's interval unless `nextReviewOn` is set by hand. */
  | { kind: 'review'; on: string; outcome: ReviewOutcome; nextReviewOn?: string }
  | { kind: 'repair'; on: string; note: string }
  | { kind: 'return'; on: string };

export type IssueParse = { ok: true; value: EquipmentIssue } | { ok: false; problems: FieldProblem[] };

/**
 * A new issue of a catalogue item to a child: the item must be in the catalogue, the issue date real and not in the
 * future, who fitted it named, and a review date set by hand after the issue date. Terms default to the item's.
 */
export function issueEquipment(
  input: {
    itemCode: string;
    childId: string;
    issuedOn: string;
    fittedBy: string;
    terms?: EquipmentTerms;
    reviewOn?: string;
  },
  catalogue: readonly CatalogueItem[],
  today: string,
): IssueParse {
  const problems: FieldProblem[] = [];
  const item = catalogue.find((i) => i.code === input.itemCode);
  if (item === undefined) problems.push({ field: 'itemCode', message: 'Select the item from the catalogue' });
  if (!isIsoDate(input.issuedOn)) problems.push({ field: 'issuedOn', message: 'Date issued must be a real date' });
  else if (input.issuedOn > today) {
    problems.push({ field: 'issuedOn', message: 'Date issued must be today or in the past' });
  }
  const fittedBy = cleanText(input.fittedBy);
  if (fittedBy === '') problems.push({ field: 'fittedBy', message: 'Enter the name of the person who fitted it' });
  else if (codePointLength(fittedBy) > FITTED_BY_MAX) {
    problems.push({ field: 'fittedBy', message: `Fitted by must be ${String(FITTED_BY_MAX)} characters or fewer` });
  }
  if (input.reviewOn !== undefined) {
    if (!isIsoDate(input.reviewOn)) problems.push({ field: 'reviewOn', message: 'Review date must be a real date' });
    else if (isIsoDate(input.issuedOn) && input.reviewOn <= input.issuedOn) {
      problems.push({ field: 'reviewOn', message: 'Review date must be after the date issued' });
    }
  }
  if (problems.length > 0 || item === undefined) return { ok: false, problems };
  return {
    ok: true,
    value: {
      item,
      childId: input.childId,
      issuedOn: input.issuedOn,
      fittedBy,
      terms: input.terms ?? item.terms,
      reviewOn: input.reviewOn ?? addMonthsClamped(input.issuedOn, item.reviewEveryMonths),
    },
  };
}

/** Whether an item's age range suits a child on a day; `no-age-range` for an item sized only by a label. */
export function ageFit(
  item: CatalogueItem,
  dateOfBirth: string,
  on: string,
): 'too-young' | 'fits' | 'too-old' | 'no-age-range' {
  if (item.ageMonths === undefined) return 'no-age-range';
  if (on < addMonthsClamped(dateOfBirth, item.ageMonths.min)) return 'too-young';
  return on < addMonthsClamped(dateOfBirth, item.ageMonths.max + 1) ? 'fits' : 'too-old';
}

export type EquipmentState =
  /** With the child, review not yet overdue. */
  | 'in-use'
  /** With the child, past its review date. */
  | 'review-overdue'
  /** A loan no longer needed, not yet back. */
  | 'awaiting-return'
  /** Kept by the family and no longer needed: nothing more to do. */
  | 'finished'
  | 'returned';

export interface EquipmentStatus {
  state: EquipmentState;
  /** Null once there is no further review (returned or no longer needed). */
  nextReviewOn: string | null;
  /** Days past the review date; 0 when not overdue. */
  daysOverdue: number;
  /** The last review found the item needs replacing. */
  needsReplacing: boolean;
  repairs: number;
  lastRepairOn: string | null;
  returnedOn: string | null;
}

/**
 * Where an issued item stands on `today`, from its events on or before that day (in date order; a later-dated event
 * has not happened yet). A review sets the next review; a return ends it; a repair is counted.
 */
export function equipmentStatus(
  issue: EquipmentIssue,
  events: readonly EquipmentEvent[],
  today: string,
): EquipmentStatus {
  const happened = events
    .filter((e) => e.on >= issue.issuedOn && e.on <= today)
    .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let nextReviewOn: string | null = issue.reviewOn;
  let needsReplacing = false;
  let noLongerNeeded = false;
  let repairs = 0;
  let lastRepairOn: string | null = null;
  for (const e of happened) {
    if (e.kind === 'return') {
      return {
        state: 'returned',
        nextReviewOn: null,
        daysOverdue: 0,
        needsReplacing,
        repairs,
        lastRepairOn,
        returnedOn: e.on,
      };
    }
    if (e.kind === 'repair') {
      repairs += 1;
      lastRepairOn = e.on;
    } else {
      needsReplacing = e.outcome === 'needs-replacing';
      noLongerNeeded = e.outcome === 'no-longer-needed';
      nextReviewOn = noLongerNeeded ? null : (e.nextReviewOn ?? addMonthsClamped(e.on, issue.item.reviewEveryMonths));
    }
  }
  const base = { needsReplacing, repairs, lastRepairOn, returnedOn: null };
  if (noLongerNeeded || nextReviewOn === null) {
    return {
      ...base,
      state: issue.terms === 'loan' ? 'awaiting-return' : 'finished',
      nextReviewOn: null,
      daysOverdue: 0,
    };
  }
  const daysOverdue = Math.max(0, daysBetween(nextReviewOn, today));
  return { ...base, state: daysOverdue > 0 ? 'review-overdue' : 'in-use', nextReviewOn, daysOverdue };
}

export const REPAIR_NOTE_MAX = 500;

/** An event as a form sends it, before it is checked. */
export interface EventInput {
  kind: string;
  on: string;
  outcome?: string;
  nextReviewOn?: string;
  note?: string;
}

export type EventCheck = { ok: true; value: EquipmentEvent } | { ok: false; problems: FieldProblem[] };

/**
 * Checks a review, repair or return before it is recorded against an issued item: a real date from the issue date to
 * today; a review's outcome from the list and any next review date after the review; a repair's note; and nothing
 * recorded against an item already returned.
 */
export function checkEquipmentEvent(
  input: EventInput,
  issue: EquipmentIssue,
  history: readonly EquipmentEvent[],
  today: string,
): EventCheck {
  if (!['review', 'repair', 'return'].includes(input.kind)) {
    return { ok: false, problems: [{ field: 'kind', message: 'Select a review, a repair or a return' }] };
  }
  if (equipmentStatus(issue, history, today).state === 'returned') {
    return { ok: false, problems: [{ field: 'on', message: 'This item has already been returned' }] };
  }
  const problems: FieldProblem[] = [];
  if (!isIsoDate(input.on)) problems.push({ field: 'on', message: 'Date must be a real date' });
  else if (input.on > today) problems.push({ field: 'on', message: 'Date must be today or in the past' });
  else if (input.on < issue.issuedOn)
    problems.push({ field: 'on', message: 'Date must be on or after the date issued' });
  let event: EquipmentEvent | undefined;
  if (input.kind === 'review') {
    const outcome = REVIEW_OUTCOMES.find((o) => o === input.outcome);
    if (outcome === undefined) problems.push({ field: 'outcome', message: 'Select the outcome of the review' });
    const next = input.nextReviewOn;
    if (next !== undefined && !isIsoDate(next)) {
      problems.push({ field: 'nextReviewOn', message: 'Next review date must be a real date' });
    } else if (next !== undefined && next <= input.on) {
      problems.push({ field: 'nextReviewOn', message: 'Next review date must be after the review' });
    }
    if (outcome !== undefined) {
      event = { kind: 'review', on: input.on, outcome, ...(next !== undefined && { nextReviewOn: next }) };
    }
  } else if (input.kind === 'repair') {
    const note = cleanText(input.note ?? '');
    if (note === '') problems.push({ field: 'note', message: 'Enter what was repaired' });
    else if (codePointLength(note) > REPAIR_NOTE_MAX) {
      problems.push({ field: 'note', message: 'What was repaired must be 500 characters or fewer' });
    }
    event = { kind: 'repair', on: input.on, note };
  } else event = { kind: 'return', on: input.on };
  if (problems.length > 0 || event === undefined) return { ok: false, problems };
  return { ok: true, value: event };
}

export type RecallReason =
  | { kind: 'review-overdue'; reviewOn: string; days: number }
  /** The child is older than the top of the item's range: `since` is the first day they were. */
  | { kind: 'outgrown'; since: string; days: number }
  /** The child passes the top of the range within the warning months, on `on`. */
  | { kind: 'outgrowing'; on: string; daysToGo: number };

export interface RecallEntry {
  issue: EquipmentIssue;
  status: EquipmentStatus;
  reasons: RecallReason[];
  /** How far past the earliest of its dates the entry is, in days (negative when only outgrowing soon). */
  overdueDays: number;
}

function outgrowReason(
  item: CatalogueItem,
  dateOfBirth: string,
  today: string,
  withinMonths: number,
): RecallReason | null {
  if (item.ageMonths === undefined) return null;
  const since = addMonthsClamped(dateOfBirth, item.ageMonths.max + 1);
  if (today >= since) return { kind: 'outgrown', since, days: daysBetween(since, today) };
  if (withinMonths > 0 && today >= addMonthsClamped(dateOfBirth, item.ageMonths.max + 1 - withinMonths)) {
    return { kind: 'outgrowing', on: since, daysToGo: daysBetween(today, since) };
  }
  return null;
}

/**
 * The team's recall list on `today`: every item still with a child that is overdue for review, or that the child
 * has outgrown by age or will within `outgrowWithinMonths`, each with its reasons; most overdue first. Items returned,
 * or no longer needed, are not on it. A child not in `children` is checked for review only.
 */
export function recallList(
  issues: readonly { issue: EquipmentIssue; events: readonly EquipmentEvent[] }[],
  children: readonly { id: string; dateOfBirth: string }[],
  today: string,
  options: { outgrowWithinMonths: number },
): RecallEntry[] {
  const born = new Map(children.map((c) => [c.id, c.dateOfBirth]));
  const entries: RecallEntry[] = [];
  for (const { issue, events } of issues) {
    const status = equipmentStatus(issue, events, today);
    if (status.state !== 'in-use' && status.state !== 'review-overdue') continue;
    const reasons: RecallReason[] = [];
    if (status.state === 'review-overdue' && status.nextReviewOn !== null) {
      reasons.push({ kind: 'review-overdue', reviewOn: status.nextReviewOn, days: status.daysOverdue });
    }
    const dateOfBirth = born.get(issue.childId);
    const outgrow =
      dateOfBirth === undefined ? null : outgrowReason(issue.item, dateOfBirth, today, options.outgrowWithinMonths);
    if (outgrow !== null) reasons.push(outgrow);
    if (reasons.length === 0) continue;
    const overdueDays = Math.max(...reasons.map((r) => (r.kind === 'outgrowing' ? -r.daysToGo : r.days)));
    entries.push({ issue, status, reasons, overdueDays });
  }
  return entries.sort(
    (a, b) =>
      b.overdueDays - a.overdueDays ||
      a.issue.childId.localeCompare(b.issue.childId) ||
      a.issue.item.code.localeCompare(b.issue.item.code),
  );
}
