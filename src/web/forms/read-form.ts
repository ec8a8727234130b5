/**
 * A staff form read through the one form-component model (ADR 0026): its fields parsed by their kinds into typed
 * values, or the error summary of every problem. A form with a name it does not expect is refused outright (400).
 */
import { parseFields, sentNamesOf, type Field, type FieldValues } from '../../domain/forms/fields.js';
import { pageErrors } from './field-models.js';
import { formValues, UnexpectedFieldsError, type FormErrors } from './form.js';

export type ReadForm<V> =
  | { ok: true; data: V; values: Record<string, unknown> }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

export interface ReadFormOptions {
  /** Names the form may send that are not its fields (a confirmation checked against another field, a return path). */
  also?: readonly string[];
  /** The input a field's error links to, where it is not the field's name (the first of its checkboxes). */
  anchors?: Record<string, string>;
  /** Today, for a form with a date. */
  today?: string;
}

export function readForm<const Fs extends readonly Field[]>(
  fields: Fs,
  body: unknown,
  options: ReadFormOptions = {},
): ReadForm<FieldValues<Fs>> {
  const values = formValues(body);
  const allowed = new Set([...sentNamesOf(fields), ...(options.also ?? [])]);
  // Own keys only, checked against a set: `in` would also find toString, constructor and the rest of Object.prototype.
  const unexpected = Object.keys(values).filter((k) => !allowed.has(k));
  if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
  const parsed = parseFields(fields, values, options.today);
  return parsed.ok
    ? { ok: true, data: parsed.values, values }
    : { ok: false, errors: pageErrors(parsed.problems, options.anchors), values };
}
