/**
 * The diary's query string (`?view=day|week&date=YYYY-MM-DD`, each from an allow-list; anything else is 400) and the
 * form for a block of non-clinical time, as fields of the one form-component model (ADR 0026).
 */
import { z } from 'zod';
import type { Field } from '../../../domain/forms/fields.js';
import { isIsoDate } from '../../../domain/shared/dates.js';
import { CLINICIAN_BLOCK_KINDS, DIARY_VIEWS, type BlockInput } from '../../../services/care/diary.service.js';
import { padTime, timeField } from '../places/places.forms.js';

export const DONE_MESSAGES = { added: 'Time added to the diary', removed: 'Time removed from the diary' } as const;

export const diaryQuery = z
  .object({
    view: z.enum(DIARY_VIEWS, { error: 'Choose the day view or the week view' }).optional(),
    date: z
      .string({ error: 'Enter one date' })
      .refine(isIsoDate, { error: 'Enter a real date, like 2026-10-26' })
      .optional(),
    done: z.enum(['added', 'removed'], { error: 'The page address is not valid' }).optional(),
  })
  .strict();

export const BLOCK_LABELS: Readonly<Record<string, string>> = {
  admin: 'Admin',
  training: 'Training',
  leave: 'Leave',
  meeting: 'Meeting',
  'room-closed': 'Room closed',
};

export const blockFields = [
  {
    kind: 'radios',
    name: 'kind',
    label: 'What is the time for?',
    missing: 'Select what the time is for',
    options: CLINICIAN_BLOCK_KINDS.map((k) => ({ value: k, text: BLOCK_LABELS[k] ?? k })),
  },
  {
    kind: 'date',
    name: 'date',
    label: 'Date',
    what: 'Date',
    hint: 'For example, 26 10 2026',
    missing: 'Enter the date',
    future: true,
  },
  {
    kind: 'radios',
    name: 'timing',
    label: 'How long?',
    missing: 'Select between two times or all day',
    options: [
      { value: 'times', text: 'Between two times on this day', hint: 'Enter the start and end times below' },
      { value: 'all-day', text: 'All day', hint: 'For leave over several days, enter the last day below' },
    ],
  },
  timeField('start', 'Start time (between two times)', 'the start time', true),
  timeField('end', 'End time (between two times)', 'the end time', true),
  {
    kind: 'date',
    name: 'lastDate',
    label: 'Last day (all day, optional)',
    what: 'Last day',
    hint: 'Leave empty for one day',
    missing: 'Enter the last day',
    optional: true,
    future: true,
  },
  { kind: 'textarea', name: 'note', label: 'Note (optional)', missing: '', optional: true, max: 200 },
] as const satisfies readonly Field[];

type BlockValues = {
  kind: string;
  date: string;
  timing: string;
  start?: string | undefined;
  end?: string | undefined;
  lastDate?: string | undefined;
  note?: string | undefined;
};

/** The form's values as the block to add: times padded to HH:MM, the last day only for all day. */
export function blockInput(values: BlockValues): BlockInput {
  const allDay = values.timing === 'all-day';
  return {
    kind: values.kind,
    date: values.date,
    allDay,
    lastDate: allDay ? (values.lastDate ?? null) : null,
    start: allDay || values.start === undefined ? null : padTime(values.start),
    end: allDay || values.end === undefined ? null : padTime(values.end),
    note: values.note ?? null,
  };
}
