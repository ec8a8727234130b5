/**
 * What a service decides about the clinical record (issue 14): the reasons it discharges for, the equipment it issues,
 * its library of home and school advice programmes, how long a break-glass access lasts, how long a clinician may
 * still read a record after discharge, and how early the recall list warns that a child is outgrowing an item. Part
 * of the service definition, so nothing about one service is written into the code.
 */
import { z } from 'zod';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/u, 'must be lower-case words joined by hyphens')
  .max(63);
const text = (max: number) => z.string().trim().min(1).max(max);

export const EQUIPMENT_TERMS = ['loan', 'keep'] as const;
export type EquipmentTerms = (typeof EQUIPMENT_TERMS)[number];

export const ADVICE_AUDIENCES = ['home', 'school', 'both'] as const;
export type AdviceAudience = (typeof ADVICE_AUDIENCES)[number];

const dischargeReason = z.object({ code: slug, label: text(120) }).strict();

/** The ages an item suits, in completed months, both ends included. */
const ageMonths = z
  .object({ min: z.int().min(0).max(300), max: z.int().min(0).max(300) })
  .strict()
  .refine((a) => a.min <= a.max, { error: 'must not be below min', path: ['max'] });

/** One item the service issues. Its size is an age range, a size label ("small"), or both. */
export const catalogueItemSchema = z
  .object({
    code: slug,
    name: text(120),
    ageMonths: ageMonths.optional(),
    sizeLabel: text(60).optional(),
    /** Who supplies it, described generically ("NHS Supply Chain", "local equipment service"). */
    supplier: text(120),
    /** An issued item is reviewed this many calendar months after it is issued, and after each review. */
    reviewEveryMonths: z.int().min(1).max(60),
    /** Lent and to be returned, or the family's to keep. */
    terms: z.enum(EQUIPMENT_TERMS),
  })
  .strict()
  .refine((i) => i.ageMonths !== undefined || i.sizeLabel !== undefined, {
    error: 'must have an age range, a size label or both',
    path: ['ageMonths'],
  });

/** A home or school programme given to a family or a school (as a PDF, later), in plain-text paragraphs. */
const adviceProgramme = z
  .object({
    code: slug,
    title: text(120),
    audience: z.enum(ADVICE_AUDIENCES),
    /** The difficulties (eligibility.difficulties codes) it helps with. */
    difficulties: z.array(slug).min(1),
    paragraphs: z.array(text(2000)).min(1).max(30),
  })
  .strict();

export const recordSettingsSchema = z
  .object({
    dischargeReasons: z.array(dischargeReason).min(1),
    equipmentCatalogue: z.array(catalogueItemSchema).default([]),
    advice: z.array(adviceProgramme).default([]),
    /** How long a break-glass access lasts, in minutes. */
    breakGlassMinutes: z.int().min(15).max(1440).default(60),
    /** How many days after discharge the clinicians who held the child's care may still read the record. */
    readAfterDischargeDays: z.int().min(0).max(365).default(90),
    /** The recall list warns this many months before a child passes the top of an item's age range. */
    outgrowWithinMonths: z.int().min(0).max(24).default(6),
  })
  .strict()
  .superRefine((r, ctx) => {
    const unique = (codes: string[], path: string, what: string) => {
      codes.forEach((code, i) => {
        if (codes.indexOf(code) !== i)
          ctx.addIssue({ code: 'custom', path: [path, i], message: `${what} "${code}" is listed twice` });
      });
    };
    unique(
      r.dischargeReasons.map((d) => d.code),
      'dischargeReasons',
      'discharge reason',
    );
    unique(
      r.equipmentCatalogue.map((i) => i.code),
      'equipmentCatalogue',
      'item',
    );
    unique(
      r.advice.map((a) => a.code),
      'advice',
      'programme',
    );
  });

export type RecordSettings = z.infer<typeof recordSettingsSchema>;
export type DischargeReason = RecordSettings['dischargeReasons'][number];
export type CatalogueItem = z.infer<typeof catalogueItemSchema>;
export type AdviceProgramme = RecordSettings['advice'][number];
