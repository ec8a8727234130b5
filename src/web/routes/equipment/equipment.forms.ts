/**
 * The equipment pages' forms as fields of the one form-component model (ADR 0026): issuing an item from the
 * catalogue, and recording a review, a repair or a return against it (each carrying the version it was drawn at);
 * and the dashboard's and an item page's query strings, each value from an allow-list.
 */
import { z } from 'zod';
import { versionField, type Field } from '../../../domain/forms/fields.js';
import { REPAIR_NOTE_MAX, REVIEW_OUTCOMES, type ReviewOutcome } from '../../../domain/record/equipment.js';
import type { CatalogueItem, EquipmentTerms } from '../../../domain/service/record-settings.js';

export const NOTES_MAX = 1000;

export const TERMS_LABELS: Readonly<Record<EquipmentTerms, string>> = {
  loan: 'Lent, to be returned',
  keep: 'Given to keep',
};

export const OUTCOME_LABELS: Readonly<Record<ReviewOutcome, string>> = {
  suitable: 'Still suitable',
  adjusted: 'Adjusted to fit',
  'needs-replacing': 'Needs replacing',
  'no-longer-needed': 'No longer needed',
};

const plural = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

/**
 * An item's age range (completed months, both ends included) as a person says it: "4 to 17 years" when it runs
 * from a birthday to the eve of one, else in months ("30 to 40 months").
 */
export function ageRangeText(ageMonths: { min: number; max: number }): string {
  const { min, max } = ageMonths;
  if (min % 12 === 0 && (max + 1) % 12 === 0 && (max + 1) / 12 - 1 > min / 12) {
    return `${String(min / 12)} to ${String((max + 1) / 12 - 1)} years`;
  }
  return `${String(min)} to ${String(max)} months`;
}

/** What the issue form says of a catalogue item beside its radio: ages, size, usual terms, review interval. */
export function itemHint(item: CatalogueItem): string {
  return [
    item.ageMonths === undefined ? null : `Ages ${ageRangeText(item.ageMonths)}`,
    item.sizeLabel === undefined ? null : `size ${item.sizeLabel}`,
    item.terms === 'loan' ? 'usually lent' : 'usually given to keep',
    `reviewed every ${plural(item.reviewEveryMonths, 'month', 'months')}`,
  ]
    .filter((x): x is string => x !== null)
    .join(', ');
}

/** The review date's hint: the default it takes when left empty, from the catalogue's intervals. */
export function reviewDefaultHint(catalogue: readonly CatalogueItem[]): string {
  const months = [...new Set(catalogue.map((i) => i.reviewEveryMonths))];
  const only = months.length === 1 ? months[0] : undefined;
  return only === undefined
    ? "Leave empty to review it after the item's usual interval (shown with each item) from the date issued"
    : `Leave empty to review it ${plural(only, 'month', 'months')} after the date issued`;
}

/** Issuing an item to a child: the catalogue's items and the staff who may fit it are the only answers taken. */
export function issueFields(catalogue: readonly CatalogueItem[], fitters: readonly { id: string; name: string }[]) {
  return [
    {
      kind: 'radios',
      name: 'itemCode',
      label: 'Item',
      missing: 'Select the item from the catalogue',
      options: catalogue.map((i) => ({ value: i.code, text: i.name, hint: itemHint(i) })),
    },
    {
      kind: 'text',
      name: 'sizeLabel',
      label: 'Size (optional)',
      hint: 'Leave empty for the size the catalogue gives, where it gives one',
      missing: '',
      optional: true,
      max: 60,
      width: 'one-half',
    },
    {
      kind: 'radios',
      name: 'terms',
      label: 'Lent or given to keep?',
      missing: 'Select whether it is lent or given to keep',
      options: (['loan', 'keep'] as const).map((t) => ({ value: t, text: TERMS_LABELS[t] })),
    },
    { kind: 'date', name: 'issuedOn', label: 'Date issued', what: 'Date issued', missing: 'Enter the date issued' },
    {
      kind: 'radios',
      name: 'fittedBy',
      label: 'Fitted by',
      missing: 'Select who fitted it from the list',
      options: fitters.map((f) => ({ value: f.id, text: f.name })),
    },
    {
      kind: 'date',
      name: 'reviewOn',
      label: 'Review date (optional)',
      what: 'Review date',
      hint: reviewDefaultHint(catalogue),
      missing: 'Enter the review date',
      optional: true,
      future: true,
    },
    { kind: 'textarea', name: 'notes', label: 'Notes (optional)', missing: '', optional: true, max: NOTES_MAX },
  ] as const satisfies readonly Field[];
}

export const reviewFields = [
  { kind: 'date', name: 'on', label: 'Date of the review', what: 'Date of the review', missing: 'Enter the date' },
  {
    kind: 'radios',
    name: 'outcome',
    label: 'Outcome',
    missing: 'Select the outcome of the review',
    options: REVIEW_OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o] })),
  },
  {
    kind: 'date',
    name: 'nextReviewOn',
    label: 'Next review date (optional)',
    what: 'Next review date',
    hint: "Leave empty to review it again after the item's usual interval",
    missing: 'Enter the next review date',
    optional: true,
    future: true,
  },
  versionField,
] as const satisfies readonly Field[];

export const repairFields = [
  { kind: 'date', name: 'on', label: 'Date repaired', what: 'Date repaired', missing: 'Enter the date repaired' },
  {
    kind: 'textarea',
    name: 'note',
    label: 'What was repaired',
    missing: 'Enter what was repaired',
    max: REPAIR_NOTE_MAX,
  },
  versionField,
] as const satisfies readonly Field[];

export const returnFields = [
  { kind: 'date', name: 'on', label: 'Date returned', what: 'Date returned', missing: 'Enter the date returned' },
  versionField,
] as const satisfies readonly Field[];

export const EVENT_KINDS = ['review', 'repair', 'return'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Issue, episode and other record ids are UUIDs: anything else names nothing, and is not found without asking. */
export function isRecordId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u.test(value);
}

/** The dashboard's one query value: the recall list's page. */
export const dashboardQuery = z
  .object({
    page: z
      .string({ error: 'Enter a page number, like 2' })
      .regex(/^\d{1,9}$/u, { error: 'Enter a page number, like 2' })
      .optional(),
  })
  .strict();

/** An item page's one query value: what was just recorded, for its banner. */
export const itemQuery = z
  .object({
    done: z.enum(['issued', ...EVENT_KINDS], { error: 'The page address is not valid' }).optional(),
  })
  .strict();
