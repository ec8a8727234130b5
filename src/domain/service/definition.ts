/**
 * A service definition: everything particular to one service, held as data and validated at start-up: the page
 * frame (names, contact, phase), what the service offers, its conditions, care pathways and referrers, the
 * parameters of its referral criteria, its exclusions and signposting, and the notes that record each decision taken
 * where the service's own page is ambiguous. Nothing about any one service is written into the code.
 */
import { z } from 'zod';
import { careSettingsSchema } from './care-settings.js';
import { ehcpSettingsSchema } from './ehcp-settings.js';
import { recordSettingsSchema } from './record-settings.js';
import {
  LETTER_KINDS,
  LETTER_RECIPIENTS,
  placeholdersFor,
  placeholdersIn,
  type LetterRecipient,
} from '../letters/placeholders.js';

export const SERVICE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/u;

const slug = z.string().regex(SERVICE_ID, 'must be lower-case words joined by hyphens').max(63);
const text = (max: number) => z.string().trim().min(1).max(max);

/** May a referrer of this type refer: always, only within the parent re-referral window after discharge, or never. */
export const MAY_REFER = ['always', 'within-re-referral-window', 'never'] as const;
export type MayRefer = (typeof MAY_REFER)[number];

export const CARE_SETTINGS = ['clinic', 'home', 'school'] as const;

const codeAndLabel = z.object({ code: slug, label: text(120) }).strict();
/** A kind of difficulty: its label reads inside a sentence ("movement"); the hint gives everyday examples. */
const difficulty = z.object({ code: slug, label: text(120), hint: text(300).optional() }).strict();

/** One letter's wording: plain-text paragraphs with `((placeholders))` (src/domain/letters/placeholders.ts). */
const letterWording = z.object({ subject: text(200), paragraphs: z.array(text(3000)).min(1).max(40) }).strict();
/** Who gets a letter after one decision; a recipient left out gets none. */
const decisionLetters = z
  .object({ referrer: letterWording.optional(), family: letterWording.optional(), gp: letterWording.optional() })
  .strict();
/**
 * The reminder when a requested reply is overdue goes to the referrer alone, the person who was asked. (A family that
 * referred their own child is that referrer. A family letter beside it would take its place for them, under the rule
 * that a parent who referred gets the family's letter, and the family's wording does not say what is needed.)
 */
const reminderLetters = z.object({ referrer: letterWording }).strict();

const eligibilitySchema = z
  .object({
    /** The area as people name it, used in every reason: "Leicester, Leicestershire or Rutland". */
    areaName: text(120),
    ages: z
      .object({
        /** Under this age: the age criterion is met. */
        alwaysUnder: z.int().min(1).max(30),
        /** From alwaysUnder up to (not including) this age: met only in full-time education. */
        inFullTimeEducationUnder: z.int().min(1).max(30),
      })
      .strict()
      .refine((a) => a.inFullTimeEducationUnder >= a.alwaysUnder, {
        error: 'must not be below alwaysUnder',
        path: ['inFullTimeEducationUnder'],
      }),
    gpPractice: z
      .object({
        icbCode: z.string().regex(/^[A-Z0-9]{3,5}$/u, 'must be an NHS ICB code'),
        icbName: text(200),
        subIcbCodes: z.array(z.string().regex(/^[A-Z0-9]{3}$/u, 'must be a sub-ICB location code')).min(1),
        prescribingSetting: z.int().min(0).max(99),
      })
      .strict(),
    school: z
      .object({
        localAuthorities: z
          .array(
            z
              .object({ code: z.string().regex(/^\d{3}$/u, 'must be a DfE local authority code'), name: text(120) })
              .strict(),
          )
          .min(1),
      })
      .strict(),
    difficulties: z.array(difficulty).min(1),
    parentReReferralWindowMonths: z.int().min(1).max(60),
    excludedConditions: z
      .object({
        codes: z.array(slug),
        overriddenByCommunityIssue: z.boolean(),
      })
      .strict(),
    ayresSensoryIntegrationProvided: z.boolean(),
  })
  .strict();

export const serviceDefinitionSchema = z
  .object({
    id: slug,
    serviceName: text(120),
    shortDescription: text(500),
    /** Changes whenever a rule does; kept with every stored decision, e.g. "2026-11-27.1". */
    /** The letters that start each referral's reference: OT-7K3M-9QX2. */
    referencePrefix: z
      .string()
      .regex(/^[A-Z]{2,4}$/u, 'must be 2 to 4 capital letters')
      .default('OT'),
    policyVersion: z.string().regex(/^\d{4}-\d{2}-\d{2}\.\d{1,4}$/u, 'must be a date and a number, like 2026-11-27.1'),
    organisation: z
      .object({
        name: text(200),
        odsCode: z.string().regex(/^[A-Z0-9]{3,6}$/u, 'must be an NHS ODS code'),
      })
      .strict(),
    contact: z
      .object({
        telephone: z.string().regex(/^[0-9 ]{10,14}$/u, 'must be a UK telephone number'),
        email: z.email().optional(),
        hours: text(200).optional(),
      })
      .strict(),
    phase: z.enum(['alpha', 'beta', 'live']),
    offers: z
      .object({
        summary: text(600),
        provides: z.array(text(200)).min(1),
        settings: z.array(z.enum(CARE_SETTINGS)).min(1),
      })
      .strict(),
    aims: z.object({ summary: text(600), ways: z.array(text(300)) }).strict(),
    conditions: z.array(codeAndLabel).min(1),
    pathways: z.array(z.object({ id: slug, label: text(120), description: text(300) }).strict()).min(1),
    referrers: z
      .array(
        z
          .object({
            id: slug,
            label: text(120),
            mayRefer: z.enum(MAY_REFER),
            /** Who this covers, in the service page's words. */
            includes: z.array(text(200)).default([]),
          })
          .strict(),
      )
      .min(1),
    eligibility: eligibilitySchema,
    exclusions: z.array(text(400)),
    /** Triage: the target for deciding, and the lists a decision chooses from. */
    triage: z
      .object({
        /** A referral waiting longer than this many working days (Monday to Friday) is shown as overdue. */
        targetWorkingDays: z.int().min(1).max(60),
        /** How long a referrer has to reply to a request for more information, in calendar days. */
        replyWithinDays: z.int().min(1).max(90),
        notAcceptedReasons: z.array(codeAndLabel).min(1),
        redirectServices: z.array(codeAndLabel).min(1),
      })
      .strict(),
    /**
     * The letters each triage decision sends, and to whom, in the service's own words; and the reminder sent to the
     * referrer when the reply to a request for more information is overdue.
     */
    letters: z
      .object({
        accept: decisionLetters,
        decline: decisionLetters,
        redirect: decisionLetters,
        'request-information': decisionLetters,
        'give-advice': decisionLetters,
        'reply-reminder': reminderLetters,
      })
      .strict(),
    /** After acceptance: waiting-time targets, waiting well, appointment types, reminders and flags. */
    care: careSettingsSchema,
    /** The clinical record: discharge reasons, equipment catalogue, advice library, break-glass and access times. */
    record: recordSettingsSchema,
    /** Statutory EHCP health advice: the tracker's amber and red, and whether a second clinician reviews. */
    ehcp: ehcpSettingsSchema.default({ amberAtDaysLeft: 10, redAtDaysLeft: 5, secondReviewRequired: true }),
    signposting: z
      .array(
        z
          .object({
            name: text(200),
            organisation: text(300),
            area: text(120),
            type: slug,
            url: z.url({ protocol: /^https$/u }),
          })
          .strict(),
      )
      .default([]),
    notes: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .superRefine((d, ctx) => {
    const duplicates = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
    const unique = (values: string[], path: (string | number)[], what: string) => {
      for (const v of new Set(duplicates(values)))
        ctx.addIssue({ code: 'custom', path, message: `${what} "${v}" is listed twice` });
    };
    unique(
      d.conditions.map((c) => c.code),
      ['conditions'],
      'condition',
    );
    unique(
      d.pathways.map((p) => p.id),
      ['pathways'],
      'pathway',
    );
    unique(
      d.referrers.map((r) => r.id),
      ['referrers'],
      'referrer',
    );
    unique(
      d.eligibility.difficulties.map((c) => c.code),
      ['eligibility', 'difficulties'],
      'difficulty',
    );
    unique(d.eligibility.excludedConditions.codes, ['eligibility', 'excludedConditions', 'codes'], 'condition');
    const known = new Set(d.conditions.map((c) => c.code));
    d.eligibility.excludedConditions.codes.forEach((code, i) => {
      if (!known.has(code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['eligibility', 'excludedConditions', 'codes', i],
          message: `"${code}" is not one of the conditions`,
        });
      }
    });
    unique(
      d.eligibility.school.localAuthorities.map((la) => la.code),
      ['eligibility', 'school', 'localAuthorities'],
      'local authority',
    );
    // A letter may name only what its decision (or reminder) gives: anything else would be a field the letter must
    // never show.
    for (const kind of LETTER_KINDS) {
      const allowed = placeholdersFor(kind);
      const wordings: Partial<Record<LetterRecipient, z.infer<typeof letterWording>>> = d.letters[kind];
      for (const recipient of LETTER_RECIPIENTS) {
        const wording = wordings[recipient];
        if (wording === undefined) continue;
        const texts: [string, (string | number)[]][] = [
          [wording.subject, ['subject']],
          ...wording.paragraphs.map((p, i): [string, (string | number)[]] => [p, ['paragraphs', i]]),
        ];
        for (const [value, at] of texts) {
          for (const name of placeholdersIn(value).filter((n) => !allowed.includes(n))) {
            ctx.addIssue({
              code: 'custom',
              path: ['letters', kind, recipient, ...at],
              message: `((${name})) is not a detail the "${kind}" letters can show; they may use ${allowed.map((a) => `((${a}))`).join(', ')}`,
            });
          }
        }
      }
    }
  });

export type ServiceDefinition = z.infer<typeof serviceDefinitionSchema>;
export type Eligibility = ServiceDefinition['eligibility'];
export type ReferrerType = ServiceDefinition['referrers'][number];

export type ServiceDefinitionResult = { ok: true; definition: ServiceDefinition } | { ok: false; problems: string[] };

/** Validates parsed JSON, naming each bad field by its path. */
export function parseServiceDefinition(input: unknown): ServiceDefinitionResult {
  const result = serviceDefinitionSchema.safeParse(input);
  if (result.success) return { ok: true, definition: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  };
}
