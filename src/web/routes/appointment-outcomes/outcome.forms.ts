/**
 * The outcome form of one child's appointment: what happened (the five outcomes, in plain words), whether a family's
 * cancellation was late, a note (needed for Was Not Brought and could not be seen), and, to change an outcome already
 * recorded, the reason. Parsed by the form-component model; the rules across fields are the domain's.
 */
import type { Field } from '../../../domain/forms/fields.js';
import {
  APPOINTMENT_OUTCOMES,
  NOTE_MAX,
  OUTCOME_HINTS,
  OUTCOME_LABELS,
  REASON_MAX,
  type EntryProblem,
} from '../../../domain/care/outcomes.js';

/** The hidden field carrying when the outcome shown was recorded ('' for none), to refuse a change over another. */
export const RECORDED_FIELD = 'recorded';

export function outcomeFields(lateCancellationHours: number, correcting: boolean): Field[] {
  return [
    {
      kind: 'radios',
      name: 'outcome',
      label: 'What happened?',
      missing: 'Select what happened at the appointment',
      options: APPOINTMENT_OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o], hint: OUTCOME_HINTS[o] })),
    },
    {
      kind: 'checkboxes',
      name: 'late',
      label: 'Late cancellation',
      hint: 'Only for a cancellation by the family.',
      missing: 'Say whether the cancellation was late',
      invalid: 'Say whether the cancellation was late',
      optional: true,
      options: [
        {
          value: 'yes',
          text: `The family cancelled with less than ${String(lateCancellationHours)} hours’ notice`,
        },
      ],
    },
    {
      kind: 'textarea',
      name: 'note',
      label: 'What happened (note)',
      hint: 'Needed for Was Not Brought and could not be seen: what you know about why, and anything the team should know.',
      missing: 'Write a note',
      optional: true,
      max: NOTE_MAX,
    },
    ...(correcting
      ? [
          {
            kind: 'textarea',
            name: 'reason',
            label: 'Why are you changing the outcome already recorded?',
            hint: 'The outcome recorded first is kept in the audit trail.',
            missing: 'Give the reason for changing the outcome already recorded',
            max: REASON_MAX,
          } satisfies Field,
        ]
      : []),
  ];
}

/** The domain's problems as the form's. */
export const asFieldProblems = (problems: readonly EntryProblem[]) =>
  problems.map((p) => ({ field: p.field, message: p.message }));

/** The `recorded` hidden field: '' or an ISO instant, nothing else. */
export function parseRecorded(value: unknown): string | null | undefined {
  if (value === '') return null;
  if (typeof value !== 'string' || value.length > 30 || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/u.test(value)) return undefined;
  return value;
}
