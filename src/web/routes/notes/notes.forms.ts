/**
 * The contact notes' forms as fields of the one form-component model (ADR 0026): the author's draft (type, date and
 * text, each of which may still be empty, and the version it was drawn at) and an addendum (text and reason); and the
 * list's and a note page's query strings, each value from an allow-list.
 */
import { z } from 'zod';
import { versionField, type Field } from '../../../domain/forms/fields.js';
import {
  ADDENDUM_REASON_MAX,
  CONTACT_TYPE_LABELS,
  CONTACT_TYPES,
  NOTE_TEXT_MAX,
} from '../../../domain/record/notes.js';

/** A draft: everything may be left empty until it is signed (`readyToSign` then names what is missing). */
export const draftFields = [
  {
    kind: 'radios',
    name: 'contactType',
    label: 'Type of contact',
    missing: 'Select the type of contact from the list',
    optional: true,
    options: CONTACT_TYPES.map((t) => ({ value: t, text: CONTACT_TYPE_LABELS[t] })),
  },
  {
    kind: 'date',
    name: 'contactOn',
    label: 'Date of contact',
    what: 'Date of contact',
    hint: 'For example, 2 12 2026',
    missing: 'Enter the date of contact',
    optional: true,
  },
  { kind: 'textarea', name: 'text', label: 'Note', missing: '', optional: true, max: NOTE_TEXT_MAX },
  versionField,
] as const satisfies readonly Field[];

export const addendumFields = [
  { kind: 'textarea', name: 'text', label: 'Addendum', missing: 'Enter the addendum', max: NOTE_TEXT_MAX },
  {
    kind: 'textarea',
    name: 'reason',
    label: 'Reason for the addendum',
    hint: 'For example, a correction to the date of a test, or something learned since',
    missing: 'Enter the reason for the addendum',
    max: ADDENDUM_REASON_MAX,
  },
] as const satisfies readonly Field[];

/** The list's one query value: its page. */
export const listQuery = z
  .object({
    page: z
      .string({ error: 'Enter a page number, like 2' })
      .regex(/^\d{1,9}$/u, { error: 'Enter a page number, like 2' })
      .optional(),
  })
  .strict();

export const DONE = ['started', 'saved', 'signed', 'addendum'] as const;
export type Done = (typeof DONE)[number];

/** A note page's or the draft form's one query value: what was just done, for its banner. */
export const doneQuery = z
  .object({ done: z.enum(DONE, { error: 'The page address is not valid' }).optional() })
  .strict();

/** Note and child ids are UUIDs: anything else names nothing, and is not found without asking. */
export function isRecordId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u.test(value);
}
