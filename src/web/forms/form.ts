/**
 * One error shape end to end: zod issues become nhsuk-frontend's error summary (`{ text, href }`, titled "There is a
 * problem") and a message on each field (`{ text }`). A form with fields it does not expect is refused outright.
 */
import { z } from 'zod';

export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

export class UnexpectedFieldsError extends Error {
  override name = 'UnexpectedFieldsError';
  readonly statusCode = 400;
  readonly code = 'OTWAY_UNEXPECTED_FIELDS';
  constructor(fields: string[]) {
    super(`The form contained fields that this page does not accept: ${fields.slice(0, 5).join(', ')}.`);
  }
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/** The id of the input a field's error links to: the field name, or its first checkbox. */
export function fieldId(name: string, firstOption?: string): string {
  return firstOption === undefined ? name : `${name}-${firstOption}`;
}

export function errorsFromMessages(messages: [field: string, text: string, href?: string][]): FormErrors {
  const errors: FormErrors = { summary: [], fields: {} };
  for (const [field, text, href] of messages) {
    if (errors.fields[field] !== undefined) continue;
    errors.fields[field] = { text };
    errors.summary.push({ text, href: `#${href ?? field}` });
  }
  return errors;
}

/** What was sent, as an object, for re-showing a form. */
export function formValues(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function parseForm<S extends z.ZodObject>(
  schema: S,
  body: unknown,
  anchors: Record<string, string> = {},
): FormResult<z.output<S>> {
  const values = formValues(body);
  // Own keys only: `in` would also find toString, constructor and the rest of Object.prototype.
  const unexpected = Object.keys(values).filter((k) => !Object.hasOwn(schema.shape, k));
  if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const messages = result.error.issues.map((issue): [string, string, string?] => {
    const field = String(issue.path[0] ?? 'form');
    return [field, issue.message, anchors[field]];
  });
  return { ok: false, errors: errorsFromMessages(messages), values };
}
