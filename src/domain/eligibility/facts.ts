/**
 * The facts a decision is made from, exactly as the eligibility API takes them. The codes a request may use
 * (difficulties, conditions, referrer types) come from the service definition, so the schema is built from it.
 * Every object is strict: a field the schema does not know is an error, not something quietly ignored.
 *
 * The schema also describes itself: each field carries its description, and each string the JSON Schema keyword that
 * says what it takes (`format`, `pattern`, `enum`), taken from the same value its check uses. The API's OpenAPI
 * description is generated from it (`z.toJSONSchema`, ADR 0024), so a new fact is written here, once. The checks
 * JSON Schema cannot express (a date of birth not after asOf, the date range, the characters refused) stay in zod and
 * are said in the descriptions.
 */
import { z } from 'zod';
import type { ServiceDefinition } from '../service/definition.js';
import { isIsoDate } from '../shared/dates.js';
import { hasUnsafeCharacters } from '../shared/text.js';

/** The facts as parsed: the schema's output, so that a new fact is written once, in `factsSchema`. */
export type EligibilityFacts = z.output<ReturnType<typeof factsSchema>>;

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

const EARLIEST = '1900-01-01';
const LATEST = '2999-12-31';

const date = (what: string, description: string, whenMissing?: string) =>
  textMatching(
    (v) => isIsoDate(v) && v >= EARLIEST && v <= LATEST,
    `${what} must be a real date written as YYYY-MM-DD, like 2026-11-27.`,
    whenMissing,
  ).meta({ format: 'date', description: `${description} YYYY-MM-DD: a real date from ${EARLIEST} to ${LATEST}.` });
/** A string matching `pattern`, which is also the JSON Schema's `pattern`. */
const matching = (pattern: RegExp, message: string, description: string) =>
  textMatching((v) => pattern.test(v), message).meta({ pattern: pattern.source, description });
const yesNo = (description: string) => z.boolean({ error: 'Must be true or false.' }).meta({ description });
const oneOf = (codes: readonly string[], what: string) =>
  textMatching((v) => codes.includes(v), `Must be a ${what}: one of ${codes.join(', ')}.`).meta({ enum: [...codes] });
const listOf = (codes: readonly string[], what: string, description: string) =>
  z
    .array(oneOf(codes, what), { error: `Must be a list of ${what}s.` })
    .max(50, `List at most 50 ${what}s.`)
    .meta({ description });

function strictObject<T extends z.ZodRawShape>(shape: T, message: string) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? 'This field is not recognised.' : message),
  });
}

export function factsSchema(definition: ServiceDefinition, today?: string) {
  const { eligibility } = definition;
  return strictObject(
    {
      asOf: date(
        'The decision date (asOf)',
        'The date to decide for (Europe/London). Default: today in Europe/London.',
      ).optional(),
      child: strictObject(
        {
          dateOfBirth: date(
            "The child's date of birth",
            "The child's date of birth; not after asOf (or today, when asOf is not given).",
            "Enter the child's date of birth.",
          ),
          inFullTimeEducation: yesNo('Whether the child is in full-time education.').optional(),
          gpPracticeCode: matching(
            /^[A-Za-z0-9]{3,8}$/u,
            'Must be an NHS ODS code: 3 to 8 letters and digits, like C82044.',
            'The NHS ODS code of the GP practice, looked up in the imported reference data (case ignored).',
          )
            .transform((v) => v.toUpperCase())
            .optional(),
          gpPracticeInArea: yesNo('A declaration, used when no gpPracticeCode is given.').optional(),
          schoolUrn: matching(
            /^[0-9]{5,8}$/u,
            'Must be a school unique reference number (URN): digits only, like 120345.',
            "The school's DfE unique reference number, looked up in the imported reference data.",
          ).optional(),
          schoolInArea: yesNo('A declaration, used when no schoolUrn is given.').optional(),
        },
        "Give the child's details as an object with at least their date of birth.",
      ).meta({ description: 'The child. Only dateOfBirth is required.' }),
      needsInCurriculumContext: yesNo(
        "Whether the child's needs arise in the curriculum context (school route).",
      ).optional(),
      difficulties: listOf(
        eligibility.difficulties.map((d) => d.code),
        'difficulty',
        "The kinds of difficulty the child has, as the service definition's codes.",
      ).optional(),
      conditions: listOf(
        definition.conditions.map((c) => c.code),
        'condition code',
        "The child's diagnosed conditions, as the service definition's codes.",
      ).optional(),
      shortTermAcuteIllness: yesNo('A short-term acute illness, expected to return to former function.').optional(),
      acuteSurgicalRecovery: yesNo('Surgery for an acute need, expected to return to former function.').optional(),
      overridingCommunityIssue: yesNo(
        'A significant overriding community issue, such as being unable to leave home.',
      ).optional(),
      requestsAyresSensoryIntegration: yesNo('Whether Ayres Sensory Integration therapy is asked for.').optional(),
      referrer: strictObject(
        {
          type: oneOf(
            definition.referrers.map((r) => r.id),
            'referrer type',
          ).meta({ description: "Who is referring, as the service definition's referrer types." }),
          childDischargedOn: date(
            'The discharge date',
            "For a parent or carer re-referring: the date the child was discharged; not before the child's date of birth.",
          ).optional(),
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
    })
    .meta({
      description:
        'The facts to decide from. Only child.dateOfBirth is required; any field not listed is refused. ' +
        'No string may hold a NUL byte or a broken character (a lone UTF-16 surrogate). ' +
        'Every invalid field is named in the 400 answer at once.',
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
