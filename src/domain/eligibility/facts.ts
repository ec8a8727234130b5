/**
 * The facts a decision is made from, exactly as the eligibility API takes them. The codes a request may use
 * (difficulties, conditions, referrer types) come from the service definition, so the schema is built from it.
 * Every object is strict: a field the schema does not know is an error, not something quietly ignored.
 */
import { z } from 'zod';
import type { ServiceDefinition } from '../service/definition.js';
import { isIsoDate } from '../shared/dates.js';
import { hasUnsafeCharacters } from '../shared/text.js';

export interface EligibilityFacts {
  asOf?: string | undefined;
  child: {
    dateOfBirth: string;
    inFullTimeEducation?: boolean | undefined;
    gpPracticeCode?: string | undefined;
    gpPracticeInArea?: boolean | undefined;
    schoolUrn?: string | undefined;
    schoolInArea?: boolean | undefined;
  };
  needsInCurriculumContext?: boolean | undefined;
  difficulties?: string[] | undefined;
  conditions?: string[] | undefined;
  shortTermAcuteIllness?: boolean | undefined;
  acuteSurgicalRecovery?: boolean | undefined;
  overridingCommunityIssue?: boolean | undefined;
  requestsAyresSensoryIntegration?: boolean | undefined;
  referrer?: { type: string; childDischargedOn?: string | undefined } | undefined;
}

const UNSAFE = 'must not contain NUL bytes or broken characters';

/** A string that must match `valid`; one plain message for each way it can be wrong. */
function textMatching(valid: (value: string) => boolean, message: string, whenMissing = message) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? whenMissing : message) })
    .superRefine((value, ctx) => {
      if (hasUnsafeCharacters(value)) ctx.addIssue({ code: 'custom', message: `This ${UNSAFE}.` });
      else if (!valid(value)) ctx.addIssue({ code: 'custom', message });
    });
}

const date = (what: string, whenMissing?: string) =>
  textMatching(
    (v) => isIsoDate(v) && v >= '1900-01-01' && v <= '2999-12-31',
    `${what} must be a real date written as YYYY-MM-DD, like 2026-11-27.`,
    whenMissing,
  );
const yesNo = z.boolean({ error: 'Must be true or false.' });
const oneOf = (codes: readonly string[], what: string) =>
  textMatching((v) => codes.includes(v), `Must be a ${what}: one of ${codes.join(', ')}.`);
const listOf = (codes: readonly string[], what: string) =>
  z.array(oneOf(codes, what), { error: `Must be a list of ${what}s.` }).max(50, `List at most 50 ${what}s.`);

function strictObject<T extends z.ZodRawShape>(shape: T, message: string) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? 'This field is not recognised.' : message),
  });
}

export function factsSchema(definition: ServiceDefinition, today?: string) {
  const { eligibility } = definition;
  return strictObject(
    {
      asOf: date('The decision date (asOf)').optional(),
      child: strictObject(
        {
          dateOfBirth: date("The child's date of birth", "Enter the child's date of birth."),
          inFullTimeEducation: yesNo.optional(),
          gpPracticeCode: textMatching(
            (v) => /^[A-Za-z0-9]{3,8}$/u.test(v),
            'Must be an NHS ODS code: 3 to 8 letters and digits, like C82044.',
          )
            .transform((v) => v.toUpperCase())
            .optional(),
          gpPracticeInArea: yesNo.optional(),
          schoolUrn: textMatching(
            (v) => /^[0-9]{5,8}$/u.test(v),
            'Must be a school unique reference number (URN): digits only, like 120345.',
          ).optional(),
          schoolInArea: yesNo.optional(),
        },
        "Give the child's details as an object with at least their date of birth.",
      ),
      needsInCurriculumContext: yesNo.optional(),
      difficulties: listOf(
        eligibility.difficulties.map((d) => d.code),
        'difficulty',
      ).optional(),
      conditions: listOf(
        definition.conditions.map((c) => c.code),
        'condition code',
      ).optional(),
      shortTermAcuteIllness: yesNo.optional(),
      acuteSurgicalRecovery: yesNo.optional(),
      overridingCommunityIssue: yesNo.optional(),
      requestsAyresSensoryIntegration: yesNo.optional(),
      referrer: strictObject(
        {
          type: oneOf(
            definition.referrers.map((r) => r.id),
            'referrer type',
          ),
          childDischargedOn: date('The discharge date').optional(),
        },
        'Give the referrer as an object with its type.',
      ).optional(),
    },
    'The facts must be a JSON object.',
  )
    .refine((facts) => !bornAfter(facts, today), {
      path: ['child', 'dateOfBirth'],
      error: "The child's date of birth must not be after the decision date (asOf).",
      when: () => true,
    })
    .refine((facts) => !dischargedBeforeBirth(facts), {
      path: ['referrer', 'childDischargedOn'],
      error: "The discharge date must not be before the child's date of birth.",
      when: () => true,
    });
}

/*
 * The checks across fields run even when other fields are invalid, so that every bad field is named at once; they
 * read the raw input warily and stay silent when the dates they compare are themselves missing or invalid.
 */
function valueAt(value: unknown, path: string[]): unknown {
  let at: unknown = value;
  for (const key of path) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

function dateAt(value: unknown, ...path: string[]): string | undefined {
  const at = valueAt(value, path);
  return typeof at === 'string' && isIsoDate(at) ? at : undefined;
}

function bornAfter(facts: unknown, today: string | undefined): boolean {
  const born = dateAt(facts, 'child', 'dateOfBirth');
  const asOf = valueAt(facts, ['asOf']) === undefined ? today : dateAt(facts, 'asOf');
  return born !== undefined && asOf !== undefined && born > asOf;
}

function dischargedBeforeBirth(facts: unknown): boolean {
  const born = dateAt(facts, 'child', 'dateOfBirth');
  const discharged = dateAt(facts, 'referrer', 'childDischargedOn');
  return born !== undefined && discharged !== undefined && discharged < born;
}
