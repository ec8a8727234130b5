/**
 * A checker page's form: what it may send (its one field, and on a place page the search its results came from), and
 * the answers after it, parsed by the field's own kind (ADR 0026). A page that sends a field it does not have is
 * refused (400); a missing or impossible answer gets the GOV.UK message for it, linked to the input to fix.
 */
import type { CheckerPage } from '../../../domain/checker/pages.js';
import { answerFields, sentNames, type Answers, type FieldProblem } from '../../../domain/forms/fields.js';
import { formValues, UnexpectedFieldsError } from '../../forms/form.js';

/** The search that a place page's results came from: sent back with the answer, and not part of it. */
export const SEARCH_FIELD = 'q';

export type PageForm =
  { ok: true; answers: Answers } | { ok: false; problems: FieldProblem[]; values: Record<string, unknown> };

/** Whether a page picks a practice or a school from the reference data. */
export function isPlacePage(page: CheckerPage): boolean {
  return page.field.kind === 'practice' || page.field.kind === 'school';
}

/** The form field names a page may send. */
export function pageFieldNames(page: CheckerPage): string[] {
  return [...sentNames(page.field), ...(isPlacePage(page) ? [SEARCH_FIELD] : [])];
}

/** The answers after a page's form, or the problem with it. `body` is the parsed form, without its token. */
export function parsePageForm(page: CheckerPage, body: unknown, answers: Answers, today: string): PageForm {
  const values = formValues(body);
  const allowed = pageFieldNames(page);
  const unexpected = Object.keys(values).filter((k) => !allowed.includes(k));
  if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
  const answered = answerFields([page.field], values, answers, today);
  return answered.ok ? answered : { ok: false, problems: answered.problems, values };
}
