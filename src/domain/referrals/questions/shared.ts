/** What the referral form's pages share: their types, the option lists, and the helpers that read answers. */
import type { ServiceDefinition } from '../../service/definition.js';
import type { FactWriter } from '../../eligibility/fact-writer.js';
import type { Answers, Field, Option } from '../../forms/fields.js';

export type SectionId = 'received' | 'referrer' | 'child' | 'family' | 'consent' | 'needs';

export const SECTIONS: Record<SectionId, string> = {
  received: 'How the referral arrived',
  referrer: 'About the referrer',
  child: 'About the child',
  family: 'Their family',
  consent: 'Consent',
  needs: 'Why you are referring',
};

export interface QuestionContext {
  definition: ServiceDefinition;
  /** Today in Europe/London. */
  today: string;
  /** Whether practices and schools can be picked from reference data; otherwise they are answered in words. */
  practicesLoaded: boolean;
  schoolsLoaded: boolean;
  /** A member of staff registering a referral that came by post, e-mail or telephone: asked how and when it came. */
  staff?: boolean;
}

export interface Page {
  id: string;
  section: SectionId;
  /** The page's heading: the question when it has one field, the topic when it has several. */
  title: string;
  hint?: string;
  fields: Field[];
  applies?: (answers: Answers) => boolean;
}

export const HEALTH_REFERRERS = new Set(['gp', 'health-professional']);
export const EXCLUDED_NONE = 'none';
/** A practice or school the person cannot find in the reference data. */
export const NOT_LISTED = 'not-listed';

/**
 * The answers about the child's GP practice or school that lead to typing its name and address: "I cannot find it";
 * and, with no reference data to search, whether it is in the area or somewhere else (a declaration the eligibility
 * rules take), so that the practice and school are recorded, and the GP written to, on any install.
 */
export const TYPED_PLACE_ANSWERS: readonly string[] = [NOT_LISTED, 'in-area', 'outside-area'];

export function isTypedPlaceAnswer(value: unknown): boolean {
  return typeof value === 'string' && TYPED_PLACE_ANSWERS.includes(value);
}

export const yesNo = (yes = 'Yes', no = 'No'): Option[] => [
  { value: 'yes', text: yes },
  { value: 'no', text: no },
];
export { answerText as text, answerList as list } from '../../forms/fields.js';

export const IMPACTS: Option[] = [
  { value: 'dressing', text: 'Dressing' },
  { value: 'personal-care', text: 'Personal care, such as washing, toileting or brushing teeth' },
  { value: 'eating', text: 'Eating and drinking' },
  { value: 'play', text: 'Play' },
  { value: 'leisure', text: 'Leisure, sport and hobbies' },
  { value: 'school-work', text: 'School work' },
  { value: 'handwriting', text: 'Handwriting' },
  { value: 'mobility', text: 'Getting around' },
];

export const SHARING: Option[] = [
  { value: 'gp', text: 'The child’s GP' },
  { value: 'school', text: 'The child’s school, college or early years setting' },
  { value: 'health-visitor', text: 'Their health visitor or school nurse' },
  { value: 'other-health', text: 'Other health professionals who care for the child' },
  { value: 'social-care', text: 'Social care' },
];

/** Every page of the referral form, in order, for one service. */
/** An ODS code as a person types it for a GP practice (upper-cased first); and a DfE URN. */
export const PRACTICE_CODE = /^[A-Z]\d{5}$/u;
export const SCHOOL_URN = /^\d{6}$/u;

/** The fields of a typed practice or school: its name, address and, if known, its code (`childGpName`, ...). */
export function placeDetailsFields(
  prefix: 'childGp' | 'childSchool',
  o: {
    what: string;
    code: {
      name: string;
      label: string;
      summary: string;
      hint: string;
      pattern: RegExp;
      invalid: string;
      upper: boolean;
      /** The eligibility fact a typed code gives (a practice or school the search could not find). */
      fact: FactWriter;
    };
  },
): Field[] {
  const Name = o.what.charAt(0).toUpperCase() + o.what.slice(1);
  return [
    {
      kind: 'text',
      name: `${prefix}Name`,
      label: `Name of the ${o.what}`,
      summary: `${Name} name (typed)`,
      missing: `Enter the name of the ${o.what}`,
      max: 200,
    },
    {
      kind: 'text',
      name: `${prefix}AddressLine1`,
      label: 'Address line 1',
      summary: `${Name} address line 1`,
      missing: `Enter the first line of the ${o.what}’s address`,
      max: 100,
    },
    {
      kind: 'text',
      name: `${prefix}AddressLine2`,
      label: 'Address line 2 (optional)',
      summary: `${Name} address line 2`,
      missing: '',
      optional: true,
      max: 100,
    },
    {
      kind: 'text',
      name: `${prefix}Town`,
      label: 'Town or city',
      summary: `${Name} town or city`,
      missing: `Enter the town or city of the ${o.what}`,
      max: 100,
      width: 'two-thirds',
    },
    {
      kind: 'postcode',
      name: `${prefix}Postcode`,
      label: 'Postcode',
      summary: `${Name} postcode`,
      missing: `Enter the postcode of the ${o.what}`,
    },
    {
      kind: 'text',
      name: o.code.name,
      label: o.code.label,
      summary: o.code.summary,
      hint: o.code.hint,
      missing: '',
      optional: true,
      max: 10,
      width: 'one-third',
      pattern: { test: o.code.pattern, message: o.code.invalid, upper: o.code.upper },
      fact: o.code.fact,
    },
  ];
}
