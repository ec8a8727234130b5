/**
 * The subject access search: one field, the child's NHS number, in the one form-component model (ADR 0026). It is
 * posted, never put in a URL, so the number stays out of logs, history and the Referer header.
 */
import type { Field } from '../../../domain/forms/fields.js';

export const nhsNumberField = {
  kind: 'nhs-number',
  name: 'nhsNumber',
  label: 'NHS number',
  hint: 'For example, 485 777 3456',
  missing: 'Enter the child’s NHS number',
} as const satisfies Field;

export const subjectAccessSearchFields = [nhsNumberField] as const satisfies readonly Field[];
