/**
 * The family's answer on their waiting-well page (docs/adr/0038), in the one form-component model (ADR 0026): one of
 * three answers, and what has changed, which "things are worse" needs.
 */
import type { Field } from '../../../domain/forms/fields.js';
import {
  WAITING_WELL_ANSWER_LABELS,
  WAITING_WELL_ANSWERS,
  WHAT_CHANGED_MAX,
  type WaitingWellAnswer,
} from '../../../domain/care/waiting-well.js';
import { errorsFromMessages, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';

export const answerFields = [
  {
    kind: 'radios',
    name: 'answer',
    label: 'Do you still need us?',
    missing: 'Select whether you still need us',
    options: WAITING_WELL_ANSWERS.map((value) => ({ value, text: WAITING_WELL_ANSWER_LABELS[value] })),
  },
  {
    kind: 'textarea',
    name: 'whatChanged',
    label: 'If things are worse, tell us what has changed',
    hint: 'For example, something your child could do before and cannot do now, or a new diagnosis. Do not include anyone’s full name.',
    missing: 'Tell us what has changed',
    optional: true,
    max: WHAT_CHANGED_MAX,
  },
] as const satisfies readonly Field[];

export const WHAT_CHANGED_MISSING = 'Tell us what has changed';

export type ParsedAnswer =
  | { ok: true; answer: WaitingWellAnswer; whatChanged: string | null }
  | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/** The answer, or the page's errors; "things are worse" without what has changed is an error on that box. */
export function parseAnswer(body: unknown): ParsedAnswer {
  const form = readForm(answerFields, body);
  if (!form.ok) return form;
  const answer = form.data.answer as WaitingWellAnswer;
  const whatChanged = form.data.whatChanged ?? null;
  if (answer === 'worse' && (whatChanged === null || whatChanged.trim() === '')) {
    return { ok: false, errors: errorsFromMessages([['whatChanged', WHAT_CHANGED_MISSING]]), values: form.values };
  }
  return { ok: true, answer, whatChanged: answer === 'worse' ? whatChanged : null };
}
