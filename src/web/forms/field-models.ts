/**
 * The view model of each kind of field in Otway's one form-component model (ADR 0026): what the nhsuk-frontend macro
 * in `views/forms/_field.njk` takes (the answer given, or what was just sent when it had a problem, and its error),
 * how an answer reads in a summary, and the one function that turns problems into the error summary.
 */
import type { AnswerValue, Answers, Field, FieldProblem } from '../../domain/forms/fields.js';
import { datePartName } from '../../domain/forms/fields.js';
import { DATE_PARTS, dateParts } from '../../domain/shared/date-input.js';
import { formatLongDate } from '../../domain/shared/dates.js';
import { formatNhsNumber } from '../../domain/shared/nhs-number.js';
import { errorsFromMessages, type FormErrors } from './form.js';
import type { PlaceChoice } from '../routes/shared/place-choices.js';

export interface FieldModel {
  kind: Field['kind'];
  name: string;
  id: string;
  label: string;
  hint: string | undefined;
  /** The single field of a page is its question, shown as the page's heading. */
  isPageHeading: boolean;
  value: string;
  error: { text: string } | undefined;
  autocomplete: string | undefined;
  /** False where the browser should not check the spelling (a name, an address, a code). */
  spellcheck: false | undefined;
  widthClass: string | undefined;
  items: (
    | { value: string; text: string; hint?: { text: string }; checked: boolean; behaviour?: 'exclusive' }
    | { divider: string }
  )[];
  dateParts: { name: string; label: string; value: string; classes: string }[];
  /** For a practice or school picker: the search's results; its answers in words are in `items`. */
  place:
    | {
        searchable: boolean;
        searched: boolean;
        query: string;
        suggestions: string;
        results: { value: string; text: string; checked: boolean }[];
      }
    | undefined;
}

const WIDTHS = {
  full: undefined,
  'two-thirds': 'nhsuk-u-width-two-thirds',
  'one-half': 'nhsuk-u-width-one-half',
  'one-third': 'nhsuk-u-width-one-third',
} as const;

/** What to show in a field: what was just sent (form values by name) or the stored answer. */
function shownValue(field: Field, sent: Record<string, unknown> | undefined, answers: Answers): unknown {
  // What was typed in a password box is never sent back to the browser.
  if (field.kind === 'password') return undefined;
  if (sent !== undefined) return sent[field.name];
  const stored = answers[field.name];
  if (field.kind === 'nhs-number' && typeof stored === 'string') return formatNhsNumber(stored);
  return stored;
}

export function fieldModels(
  fields: readonly Field[],
  answers: Answers,
  sent: Record<string, unknown> | undefined,
  problems: readonly FieldProblem[],
  places: Record<string, Awaited<ReturnType<typeof placeModelShape>>>,
  /** A page with a heading of its own (a triage decision) never makes its one question the page's heading too. */
  options: { ownHeading?: boolean } = {},
): FieldModel[] {
  const single = fields.length === 1 && options.ownHeading !== true;
  const model = (field: Field): FieldModel => {
    const problem = problems.find((p) => p.field === field.name);
    const value = shownValue(field, sent, answers);
    const chosen = Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : [typeof value === 'string' ? value : ''];
    const options =
      field.kind === 'radios' || field.kind === 'checkboxes'
        ? field.options
        : field.kind === 'practice' || field.kind === 'school'
          ? field.declared
          : [];
    const storedDate = typeof answers[field.name] === 'string' ? (answers[field.name] as string) : undefined;
    const parts = field.kind === 'date' ? dateParts(sent === undefined ? storedDate : undefined) : undefined;
    return {
      kind: field.kind,
      name: field.name,
      id: field.kind === 'date' ? `${field.name}-day` : field.name,
      label: field.label,
      hint: field.hint,
      isPageHeading: single,
      value: typeof value === 'string' ? value : '',
      error: problem === undefined ? undefined : { text: problem.message },
      autocomplete: field.autocomplete,
      spellcheck:
        ['email', 'postcode', 'nhs-number'].includes(field.kind) ||
        (field.kind === 'text' && field.spellcheck === false)
          ? false
          : undefined,
      widthClass: field.kind === 'text' ? WIDTHS[field.width ?? 'full'] : undefined,
      items: options
        .filter((o) => o.hidden !== true)
        .flatMap((o) => [
          // "or" above the exclusive "None of these", as the GOV.UK pattern shows it.
          ...(o.exclusive === true ? [{ divider: 'or' }] : []),
          {
            value: o.value,
            text: o.text,
            ...(o.hint !== undefined && { hint: { text: o.hint } }),
            checked: chosen.includes(o.value),
            ...(o.exclusive === true && { behaviour: 'exclusive' as const }),
          },
        ]),
      dateParts:
        field.kind === 'date'
          ? DATE_PARTS.map((part) => {
              const sentPart = sent?.[datePartName(field.name, part)];
              return {
                name: part,
                label: { day: 'Day', month: 'Month', year: 'Year' }[part],
                value: sent === undefined ? (parts?.[part] ?? '') : typeof sentPart === 'string' ? sentPart : '',
                classes: `nhsuk-input--width-${part === 'year' ? '4' : '2'}${problem === undefined ? '' : ' nhsuk-input--error'}`,
              };
            })
          : [],
      place:
        field.kind === 'practice' || field.kind === 'school'
          ? (() => {
              const p = places[field.name];
              return p && { ...p, results: p.results.map((r) => ({ ...r, checked: chosen.includes(r.value) })) };
            })()
          : undefined,
    };
  };
  return fields.map(model);
}

/** The shape `placeChoices` gives, named here for the view model's signature. */
export function placeModelShape(p: {
  searchable: boolean;
  searched: boolean;
  query: string;
  suggestions: string;
  results: PlaceChoice[];
}) {
  return p;
}

/** One answer as the lines shown in the summary. */
export function answerLines(
  field: Field,
  value: AnswerValue | undefined,
  placeNames: Record<string, string>,
): string[] {
  if (value === undefined) return ['Not given'];
  switch (field.kind) {
    case 'date':
      return typeof value === 'string' ? [formatLongDate(value)] : [];
    case 'nhs-number':
      return typeof value === 'string' ? [formatNhsNumber(value)] : [];
    case 'radios':
    case 'checkboxes': {
      const values = Array.isArray(value) ? value : [value];
      return values.map((v) => field.options.find((o) => o.value === v)?.text ?? v);
    }
    case 'password':
      return [];
    case 'practice':
    case 'school': {
      const v = Array.isArray(value) ? '' : value;
      return [field.declared.find((o) => o.value === v)?.text ?? placeNames[v] ?? v];
    }
    default:
      return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split('\n'));
  }
}

/** The field messages of an error summary made elsewhere (a check across fields), for drawing the fields again. */
export function problemsFrom(errors: FormErrors | undefined): FieldProblem[] {
  return Object.entries(errors?.fields ?? {}).map(([field, { text }]) => ({ field, message: text }));
}

/**
 * The error summary and field messages for a page's problems; each links to the input that needs fixing: a date's
 * box, or the input `anchors` names for a field (the first of a group of checkboxes whose items have ids of their own).
 */
export function pageErrors(problems: readonly FieldProblem[], anchors: Record<string, string> = {}): FormErrors {
  return errorsFromMessages(
    problems.map((p): [string, string, string] => [
      p.field,
      p.message,
      p.part === undefined ? (anchors[p.field] ?? p.field) : `${p.field}-${p.part}`,
    ]),
  );
}
