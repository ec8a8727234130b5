/**
 * Each checker page's form: what it may send, and how its answer becomes part of the checker's answers. A page that
 * sends a field it does not have is refused (400); a missing or impossible answer gets the GOV.UK message for it.
 */
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { dateFieldNames, parseDateInput } from '../../../domain/shared/date-input.js';
import { errorsFromMessages, formValues, UnexpectedFieldsError, type FormErrors } from '../../forms/form.js';
import { OTHER_NEEDS, type CheckerAnswers, type DeclaredPlace, type QuestionPage } from './flow.js';

export interface FormContext {
  definition: ServiceDefinition;
  today: string;
  answers: CheckerAnswers;
}

export type PageForm =
  { ok: true; update: CheckerAnswers } | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/** The answer "none of these" in a list of checkboxes: exclusive, so it cannot be ticked with another. */
export const NONE = 'none';
const DECLARED: readonly DeclaredPlace['kind'][] = ['in-area', 'outside-area', 'not-known', 'none'];
const PRACTICE_CODE = /^[A-Z0-9]{3,8}$/u;
const SCHOOL_URN = /^\d{5,8}$/u;
/** The search that a place page's results came from: sent back with the answer, and not part of it. */
export const SEARCH_FIELD = 'q';

export const FIELDS: Record<QuestionPage, readonly string[]> = {
  'date-of-birth': dateFieldNames('dateOfBirth'),
  education: ['inFullTimeEducation'],
  // A place page's answer form also carries the search its results came from, so an error can show them again.
  'gp-practice': ['gp', SEARCH_FIELD],
  school: ['school', SEARCH_FIELD],
  curriculum: ['curriculum'],
  difficulties: ['difficulties'],
  conditions: ['conditions'],
  'community-issue': ['communityIssue'],
  'other-needs': ['otherNeeds'],
  'who-is-referring': ['referrer'],
  discharge: ['seenBefore'],
  'discharge-date': dateFieldNames('dischargedOn'),
};

/** The pages that ask for a date, and the name of the date input on each. */
export const DATE_FIELDS: Partial<Record<QuestionPage, string>> = {
  'date-of-birth': 'dateOfBirth',
  'discharge-date': 'dischargedOn',
};

/** The name of the page's answer: its radios, checkboxes or date input. */
export function fieldOf(page: QuestionPage): string {
  return DATE_FIELDS[page] ?? FIELDS[page][0] ?? page;
}

/**
 * The id of the first input of each page's answer, for the error summary's link: nhsuk-frontend gives the first
 * radio or checkbox the field's name as its id (and a date input's boxes `name-day` and so on).
 */
export function firstInputId(page: QuestionPage): string {
  const date = DATE_FIELDS[page];
  return date === undefined ? fieldOf(page) : `${date}-day`;
}

function one(values: Record<string, unknown>, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

function many(values: Record<string, unknown>, name: string): string[] | undefined {
  const value = values[name];
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : undefined;
}

function failed(values: Record<string, unknown>, field: string, message: string, href: string): PageForm {
  return { ok: false, errors: errorsFromMessages([[field, message, href]]), values };
}

/** A list of checkboxes with an exclusive "none": [] for none, or the codes ticked. */
function checkboxList(
  values: Record<string, unknown>,
  name: string,
  allowed: readonly string[],
  messages: { missing: string; both: string },
): { ok: true; codes: string[] } | { ok: false; message: string } {
  const ticked = many(values, name);
  if (ticked === undefined || ticked.length === 0 || ticked.some((v) => v !== NONE && !allowed.includes(v))) {
    return { ok: false, message: messages.missing };
  }
  if (ticked.includes(NONE))
    return ticked.length === 1 ? { ok: true, codes: [] } : { ok: false, message: messages.both };
  return { ok: true, codes: [...new Set(ticked)] };
}

function yesNo(values: Record<string, unknown>, name: string): boolean | undefined {
  const value = one(values, name);
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

/** The answer a page's form gives, or the problem with it. `body` is the parsed form, without its token. */
export function parsePageForm(page: QuestionPage, body: unknown, ctx: FormContext): PageForm {
  const values = formValues(body);
  const unexpected = Object.keys(values).filter((k) => !FIELDS[page].includes(k));
  if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
  const { definition, today } = ctx;

  switch (page) {
    case 'date-of-birth': {
      const date = parseDateInput(values, 'dateOfBirth', {
        missing: "Enter the child's date of birth",
        label: 'Date of birth',
        notAfter: [today, 'Date of birth must be today or in the past'],
        notBefore: ['1900-01-01', 'Date of birth must be after 1 January 1900'],
      });
      if (!date.ok) return failed(values, 'dateOfBirth', date.message, `dateOfBirth-${date.part}`);
      return { ok: true, update: { dateOfBirth: date.date } };
    }
    case 'education': {
      const answer = yesNo(values, 'inFullTimeEducation');
      if (answer === undefined) {
        return failed(
          values,
          'inFullTimeEducation',
          'Select yes if the young person is in full-time education',
          firstInputId(page),
        );
      }
      return { ok: true, update: { inFullTimeEducation: answer } };
    }
    case 'gp-practice': {
      const value = one(values, 'gp')?.toUpperCase();
      const declared = DECLARED.find((d) => d.toUpperCase() === value);
      if (declared !== undefined) return { ok: true, update: { gp: { kind: declared } } };
      if (value === undefined || !PRACTICE_CODE.test(value)) {
        return failed(
          values,
          'gp',
          "Select the child's GP practice, or say that you do not know it",
          firstInputId(page),
        );
      }
      return { ok: true, update: { gp: { kind: 'practice', code: value } } };
    }
    case 'school': {
      const value = one(values, 'school');
      const declared = DECLARED.find((d) => d === value);
      if (declared !== undefined) return { ok: true, update: { school: { kind: declared } } };
      if (value === undefined || !SCHOOL_URN.test(value)) {
        return failed(
          values,
          'school',
          "Select the child's school or college, or say that you do not know it",
          firstInputId(page),
        );
      }
      return { ok: true, update: { school: { kind: 'school', urn: value } } };
    }
    case 'curriculum': {
      const value = one(values, 'curriculum');
      if (value !== 'yes' && value !== 'no' && value !== 'not-known') {
        return failed(
          values,
          'curriculum',
          'Select yes if the child needs help with things they do at school',
          firstInputId(page),
        );
      }
      return { ok: true, update: { curriculum: value } };
    }
    case 'difficulties': {
      const codes = definition.eligibility.difficulties.map((d) => d.code);
      const list = checkboxList(values, 'difficulties', codes, {
        missing: "Select the child's difficulties, or 'None of these'",
        both: "Select the child's difficulties, or 'None of these', not both",
      });
      if (!list.ok) return failed(values, 'difficulties', list.message, firstInputId(page));
      return { ok: true, update: { difficulties: list.codes } };
    }
    case 'conditions': {
      const codes = definition.conditions.map((c) => c.code);
      const list = checkboxList(values, 'conditions', codes, {
        missing: "Select the child's conditions, or 'None of these'",
        both: "Select the child's conditions, or 'None of these', not both",
      });
      if (!list.ok) return failed(values, 'conditions', list.message, firstInputId(page));
      return { ok: true, update: { conditions: list.codes } };
    }
    case 'community-issue': {
      const answer = yesNo(values, 'communityIssue');
      if (answer === undefined) {
        return failed(
          values,
          'communityIssue',
          'Select yes if a serious problem stops the child getting help outside the home',
          firstInputId(page),
        );
      }
      return { ok: true, update: { communityIssue: answer } };
    }
    case 'other-needs': {
      const offered = otherNeedsOffered(definition);
      const list = checkboxList(values, 'otherNeeds', offered, {
        missing: "Select the ones that apply, or 'None of these'",
        both: "Select the ones that apply, or 'None of these', not both",
      });
      if (!list.ok) return failed(values, 'otherNeeds', list.message, firstInputId(page));
      return { ok: true, update: { otherNeeds: list.codes as CheckerAnswers['otherNeeds'] } };
    }
    case 'who-is-referring': {
      const value = one(values, 'referrer');
      if (value === undefined || !definition.referrers.some((r) => r.id === value)) {
        return failed(values, 'referrer', 'Select who will make the referral', firstInputId(page));
      }
      return { ok: true, update: { referrer: value } };
    }
    case 'discharge': {
      const seen = yesNo(values, 'seenBefore');
      if (seen === undefined) {
        return failed(values, 'seenBefore', 'Select yes if our service has seen the child before', firstInputId(page));
      }
      return { ok: true, update: { seenBefore: seen } };
    }
    case 'discharge-date': {
      const born = ctx.answers.dateOfBirth ?? '1900-01-01';
      const date = parseDateInput(values, 'dischargedOn', {
        missing: 'Enter the date we discharged the child',
        label: 'Date of discharge',
        notAfter: [today, 'Date of discharge must be today or in the past'],
        notBefore: [born, "Date of discharge must be after the child's date of birth"],
      });
      if (!date.ok) return failed(values, 'dischargedOn', date.message, `dischargedOn-${date.part}`);
      return { ok: true, update: { dischargedOn: date.date } };
    }
  }
}

/** The other needs the page asks about: Ayres Sensory Integration only where the service does not provide it. */
export function otherNeedsOffered(definition: ServiceDefinition): string[] {
  return OTHER_NEEDS.filter(
    (need) => need !== 'ayres-sensory-integration' || !definition.eligibility.ayresSensoryIntegrationProvided,
  );
}
