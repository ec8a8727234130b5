/**
 * The EHCP pages' query strings, each value from an allow-list: the tracker's filters (RAG, assigned to me, the
 * authority) and the report's months and format. Ids in paths are UUIDs: anything else names nothing.
 */
import { z } from 'zod';
import { EVIDENCE_MAX, EXCEPTION_HINTS, EXCEPTION_KINDS, EXCEPTION_LABELS } from '../../../domain/ehcp/exceptions.js';
import { isMonth, REPORT_MAX_MONTHS } from '../../../domain/ehcp/report.js';
import { sentNames, type Field } from '../../../domain/forms/fields.js';

export const trackerQuery = z
  .object({
    rag: z.enum(['', 'red', 'amber', 'green'], { error: 'Select red, amber or green' }).optional(),
    mine: z.enum(['', 'yes'], { error: 'The page address is not valid' }).optional(),
    la: z
      .string({ error: 'Select an authority from the list' })
      .regex(/^(\d{3})?$/u, { error: 'Select an authority from the list' })
      .optional(),
  })
  .strict();

export type TrackerQuery = z.infer<typeof trackerQuery>;

const month = z
  .string({ error: 'Enter a month like 2026-11' })
  .refine((v) => v === '' || isMonth(v), { error: 'Enter a month like 2026-11' })
  .optional();

export const reportQuery = z
  .object({
    from: month,
    to: month,
    format: z.enum(['', 'csv'], { error: 'The page address is not valid' }).optional(),
  })
  .strict();

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));

/** The report's months: both given and in order (and at most ten years), or null. */
export function chosenMonths(from: string | undefined, to: string | undefined): { from: string; to: string } | null {
  if (from === undefined || to === undefined || from === '' || to === '') return null;
  const span = monthIndex(to) - monthIndex(from);
  return span >= 0 && span < REPORT_MAX_MONTHS ? { from, to } : null;
}

export function isRecordId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u.test(value);
}

/**
 * The exception form's fields, for drawing it (the domain's `parseException` reads what is sent): the kind with the
 * regulation's meaning as each radio's hint, the dates, the evidence, and for a missed appointment the child's
 * appointments in the period that were not attended, when there are any.
 */
export function exceptionFields(missed: readonly { id: string; text: string }[]): Field[] {
  const fields: Field[] = [
    {
      kind: 'radios',
      name: 'kind',
      label: 'Which exception applies?',
      missing: 'Select which exception applies',
      options: EXCEPTION_KINDS.map((k) => ({ value: k, text: EXCEPTION_LABELS[k], hint: EXCEPTION_HINTS[k] })),
    },
    {
      kind: 'date',
      name: 'startsOn',
      label: 'Date it began (for a missed appointment, the date of the appointment)',
      what: 'Date it began',
      missing: 'Enter the date',
    },
    {
      kind: 'date',
      name: 'endsOn',
      label: 'Date it ended (optional for personal circumstances; the last day away for an absence)',
      what: 'Date it ended',
      missing: 'Enter the date',
      optional: true,
    },
    {
      kind: 'textarea',
      name: 'evidence',
      label: 'Evidence',
      hint: 'What shows the exception applies, and where it is kept: for example, a letter from the family dated 3 March',
      missing: 'Enter the evidence',
      max: EVIDENCE_MAX,
    },
  ];
  if (missed.length > 0) {
    fields.push({
      kind: 'radios',
      name: 'appointmentId',
      label: 'For a missed appointment: which appointment? (optional)',
      hint: 'The child’s appointments with the service in the six weeks that they did not attend',
      missing: '',
      optional: true,
      options: [...missed.map((m) => ({ value: m.id, text: m.text })), { value: 'none', text: 'None of these' }],
    });
  }
  return fields;
}

export const EXCEPTION_FORM_NAMES = [
  'kind',
  ...sentNames({ kind: 'date', name: 'startsOn', label: '', what: '', missing: '' }),
  ...sentNames({ kind: 'date', name: 'endsOn', label: '', what: '', missing: '' }),
  'evidence',
  'appointmentId',
];
