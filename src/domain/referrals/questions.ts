/**
 * The referral form's questions, one thing per page (GOV.UK), built from the service definition: who is referring,
 * the child, the people with parental responsibility, consent, and the reason for the referral. The same pages serve
 * every referrer type (a page applies or not by the answers so far) and staff registering a paper referral.
 *
 * Pure: the web layer renders each page from this and sends back what was typed; `answerPage` checks it.
 */
import { reReferralWindow } from '../eligibility/index.js';
import type { ServiceDefinition } from '../service/definition.js';
import { ageInYears } from '../shared/dates.js';
import { parseField, sentNames, type Answers, type Field, type FieldProblem, type Option } from './fields.js';

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

const HEALTH_REFERRERS = new Set(['gp', 'health-professional']);
const EXCLUDED_NONE = 'none';
/** A practice or school the person cannot find in the reference data. */
export const NOT_LISTED = 'not-listed';

/**
 * The answers about the child's GP practice or school that lead to typing its name and address: "I cannot find it";
 * and, with no reference data to search, whether it is in the area or somewhere else (a declaration the eligibility
 * rules take), so that the practice and school are recorded, and the GP written to, on any install.
 */
const TYPED_PLACE_ANSWERS: readonly string[] = [NOT_LISTED, 'in-area', 'outside-area'];

export function isTypedPlaceAnswer(value: unknown): boolean {
  return typeof value === 'string' && TYPED_PLACE_ANSWERS.includes(value);
}

const yesNo = (yes = 'Yes', no = 'No'): Option[] => [
  { value: 'yes', text: yes },
  { value: 'no', text: no },
];
const text = (a: Answers, name: string): string | undefined => (typeof a[name] === 'string' ? a[name] : undefined);
const list = (a: Answers, name: string): string[] => {
  const v = a[name];
  return Array.isArray(v) ? v : [];
};

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

export const OTHER_NEEDS: Option[] = [
  { value: 'short-term-illness', text: 'The child has a short-term illness and is expected to recover fully' },
  { value: 'acute-surgery', text: 'The child is recovering from surgery and is expected to get back to how they were' },
  { value: 'ayres-sensory-integration', text: 'You are asking for Ayres Sensory Integration therapy' },
];

/** Every page of the referral form, in order, for one service. */
/** An ODS code as a person types it for a GP practice (upper-cased first); and a DfE URN. */
export const PRACTICE_CODE = /^[A-Z]\d{5}$/u;
export const SCHOOL_URN = /^\d{6}$/u;

/** The fields of a typed practice or school: its name, address and, if known, its code (`childGpName`, ...). */
function placeDetailsFields(
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
    },
  ];
}

export function referralPages(ctx: QuestionContext): Page[] {
  const { definition } = ctx;
  const { eligibility } = definition;
  const referrers = definition.referrers.filter((r) => r.mayRefer !== 'never');
  const referrerIs =
    (...ids: string[]) =>
    (a: Answers) =>
      ids.includes(text(a, 'referrerType') ?? '');
  const professional = (a: Answers) => {
    const type = definition.referrers.find((r) => r.id === text(a, 'referrerType'));
    return type?.mayRefer === 'always';
  };
  const windowMonths = eligibility.parentReReferralWindowMonths;
  const area = eligibility.areaName;
  const ageOf = (a: Answers) => {
    const born = text(a, 'childDateOfBirth');
    return born === undefined ? undefined : ageInYears(born, ctx.today);
  };
  const person = (n: 1 | 2): Field[] => {
    const who = n === 1 ? 'Parent or carer’s' : 'Second parent or carer’s';
    return [
      {
        kind: 'text',
        name: `parent${String(n)}Name`,
        label: 'Full name',
        summary: `${who} name`,
        missing: 'Enter their full name',
        max: 200,
        autocomplete: 'off',
      },
      {
        kind: 'text',
        name: `parent${String(n)}Relationship`,
        label: 'Relationship to the child',
        summary: `${who} relationship to the child`,
        hint: 'For example, mother, father, grandparent, foster carer, or the local authority',
        missing: 'Enter their relationship to the child',
        max: 100,
        width: 'two-thirds',
      },
      {
        kind: 'phone',
        name: `parent${String(n)}Phone`,
        label: 'Telephone number',
        summary: `${who} telephone number`,
        missing: 'Enter their telephone number',
        autocomplete: 'off',
      },
      {
        kind: 'email',
        name: `parent${String(n)}Email`,
        label: 'Email address (optional)',
        summary: `${who} email address`,
        hint: 'We will send them a copy of our acknowledgement',
        missing: '',
        optional: true,
        autocomplete: 'off',
      },
    ];
  };

  // "I cannot find it" (GOV.UK's pattern): the practice or school is then typed on the next page, so that it is
  // recorded (and its letter written) even when the reference data does not list it or has not been imported.
  const practiceDeclared: Option[] = ctx.practicesLoaded
    ? [
        { value: NOT_LISTED, text: 'I cannot find the practice: I will enter its name and address' },
        { value: 'not-known', text: 'I do not know the child’s GP practice' },
        { value: 'none', text: 'The child is not registered with a GP' },
      ]
    : [
        { value: 'in-area', text: `A GP practice in ${area}: I will enter its name and address` },
        { value: 'outside-area', text: 'A GP practice somewhere else: I will enter its name and address' },
        { value: 'not-known', text: 'I do not know' },
        { value: 'none', text: 'The child is not registered with a GP' },
      ];
  const schoolDeclared: Option[] = ctx.schoolsLoaded
    ? [
        { value: NOT_LISTED, text: 'I cannot find the school: I will enter its name and address' },
        { value: 'not-known', text: 'I do not know the child’s school' },
        { value: 'none', text: 'The child does not go to school or college' },
      ]
    : [
        { value: 'in-area', text: `A school or college in ${area}: I will enter its name and address` },
        { value: 'outside-area', text: 'A school or college somewhere else: I will enter its name and address' },
        { value: 'not-known', text: 'I do not know' },
        { value: 'none', text: 'The child does not go to school or college' },
      ];
  const hasSchool = (a: Answers) => {
    const school = text(a, 'childSchool');
    return school !== undefined && school !== 'none' && school !== 'not-known' && school !== 'outside-area';
  };

  // Staff type in someone else's referral: the questions about the referrer speak of them, not of "you".
  const staff = ctx.staff === true;
  const you = (own: string, theirs: string) => (staff ? theirs : own);

  return [
    {
      id: 'received',
      section: 'received',
      title: 'How did the referral arrive?',
      fields: [
        {
          kind: 'radios',
          name: 'receivedBy',
          label: 'How did the referral arrive?',
          missing: 'Select how the referral arrived',
          options: [
            { value: 'post', text: 'By post' },
            { value: 'email', text: 'By email' },
            { value: 'telephone', text: 'By telephone' },
          ],
        },
        {
          kind: 'date',
          name: 'receivedOn',
          label: 'When did it arrive?',
          hint: 'The waiting time starts on this day. For example, 24 11 2026',
          missing: 'Enter the date the referral arrived',
          what: 'The date it arrived',
        },
      ],
      applies: () => staff,
    },
    {
      id: 'who-is-referring',
      section: 'referrer',
      title: you('Who are you?', 'Who is referring?'),
      fields: [
        {
          kind: 'radios',
          name: 'referrerType',
          label: you('Who are you?', 'Who is referring?'),
          hint: you('Choose the role in which you know the child.', 'Choose the role in which they know the child.'),
          missing: you('Select who you are', 'Select who is referring'),
          options: referrers.map((r) => ({
            value: r.id,
            text: r.label,
            ...(r.mayRefer === 'within-re-referral-window' && {
              hint: `Only if we discharged the child in the last ${String(windowMonths)} months`,
            }),
          })),
        },
      ],
    },
    {
      id: 'your-details',
      section: 'referrer',
      title: you('Your details', 'The referrer’s details'),
      fields: [
        {
          kind: 'text',
          name: 'referrerName',
          label: 'Full name',
          summary: 'Referrer’s name',
          missing: you('Enter your full name', 'Enter the referrer’s full name'),
          max: 200,
          autocomplete: 'name',
        },
        {
          kind: 'text',
          name: 'referrerRole',
          label: 'Job title',
          summary: 'Referrer’s job title',
          hint: 'For example, health visitor, SENCO or speech and language therapist',
          missing: you('Enter your job title', 'Enter the referrer’s job title'),
          max: 100,
          width: 'two-thirds',
          autocomplete: 'organization-title',
        },
        {
          kind: 'email',
          name: 'referrerEmail',
          label: 'Email address',
          summary: 'Referrer’s email address',
          hint: 'We will send our acknowledgement here',
          missing: you('Enter your email address', 'Enter the referrer’s email address'),
          autocomplete: 'email',
        },
        {
          kind: 'phone',
          name: 'referrerPhone',
          label: 'Telephone number',
          summary: 'Referrer’s telephone number',
          missing: you('Enter your telephone number', 'Enter the referrer’s telephone number'),
          autocomplete: 'tel',
        },
      ],
      applies: professional,
    },
    {
      id: 'your-contact-details',
      section: 'referrer',
      title: you('Your details', 'The referrer’s details'),
      fields: [
        {
          kind: 'text',
          name: 'referrerName',
          label: 'Full name',
          summary: 'Referrer’s name',
          missing: you('Enter your full name', 'Enter the referrer’s full name'),
          max: 200,
          autocomplete: 'name',
        },
        {
          kind: 'text',
          name: 'referrerRole',
          label: you('Your relationship to the child', 'Their relationship to the child'),
          summary: 'Referrer’s relationship to the child',
          hint: 'For example, mother, father, grandparent or foster carer',
          missing: you('Enter your relationship to the child', 'Enter the referrer’s relationship to the child'),
          max: 100,
          width: 'two-thirds',
        },
        {
          kind: 'email',
          name: 'referrerEmail',
          label: 'Email address (optional)',
          summary: 'Referrer’s email address',
          hint: 'We will send our acknowledgement here',
          missing: '',
          optional: true,
          autocomplete: 'email',
        },
        {
          kind: 'phone',
          name: 'referrerPhone',
          label: 'Telephone number',
          summary: 'Referrer’s telephone number',
          missing: you('Enter your telephone number', 'Enter the referrer’s telephone number'),
          autocomplete: 'tel',
        },
      ],
      applies: (a) => !professional(a) && text(a, 'referrerType') !== undefined,
    },
    {
      id: 'your-practice',
      section: 'referrer',
      title: you('Which GP practice do you work at?', 'Which GP practice do they work at?'),
      fields: [
        {
          kind: 'practice',
          name: 'referrerPractice',
          label: you('Which GP practice do you work at?', 'Which GP practice do they work at?'),
          missing: you('Select your GP practice', 'Select their GP practice'),
          declared: [{ value: NOT_LISTED, text: 'It is not listed' }],
        },
      ],
      applies: (a) => ctx.practicesLoaded && referrerIs('gp')(a),
    },
    {
      id: 'your-school',
      section: 'referrer',
      title: you('Which school or college do you work at?', 'Which school or college do they work at?'),
      fields: [
        {
          kind: 'school',
          name: 'referrerSchool',
          label: you('Which school or college do you work at?', 'Which school or college do they work at?'),
          missing: you('Select your school or college', 'Select their school or college'),
          declared: [{ value: NOT_LISTED, text: 'It is not listed, or is not a school' }],
        },
      ],
      applies: (a) => ctx.schoolsLoaded && referrerIs('education-staff')(a),
    },
    {
      id: 'your-organisation',
      section: 'referrer',
      title: you('Which organisation do you work for?', 'Which organisation do they work for?'),
      fields: [
        {
          kind: 'text',
          name: 'referrerOrganisation',
          label: you('Which organisation do you work for?', 'Which organisation do they work for?'),
          hint: 'For example, the name of your GP practice, school, nursery or NHS trust',
          missing: 'Enter the name of your organisation',
          max: 200,
          autocomplete: 'organization',
        },
      ],
      applies: (a) => {
        if (!professional(a)) return false;
        if (referrerIs('gp')(a)) return !ctx.practicesLoaded || text(a, 'referrerPractice') === NOT_LISTED;
        if (referrerIs('education-staff')(a)) return !ctx.schoolsLoaded || text(a, 'referrerSchool') === NOT_LISTED;
        return true;
      },
    },
    {
      id: 'child-name',
      section: 'child',
      title: 'What is the child’s name?',
      fields: [
        {
          kind: 'text',
          name: 'childGivenName',
          label: 'First name',
          missing: 'Enter the child’s first name',
          max: 100,
          width: 'two-thirds',
          autocomplete: 'off',
        },
        {
          kind: 'text',
          name: 'childFamilyName',
          label: 'Last name',
          missing: 'Enter the child’s last name',
          max: 100,
          width: 'two-thirds',
          autocomplete: 'off',
        },
        {
          kind: 'text',
          name: 'childKnownAs',
          label: 'Name they like to be called (optional)',
          missing: '',
          optional: true,
          max: 100,
          width: 'two-thirds',
          autocomplete: 'off',
        },
      ],
    },
    {
      id: 'child-date-of-birth',
      section: 'child',
      title: 'What is the child’s date of birth?',
      fields: [
        {
          kind: 'date',
          name: 'childDateOfBirth',
          label: 'What is the child’s date of birth?',
          hint: 'For example, 27 3 2015',
          missing: 'Enter the child’s date of birth',
          what: 'Date of birth',
        },
      ],
    },
    {
      id: 'child-nhs-number',
      section: 'child',
      title: 'What is the child’s NHS number?',
      fields: [
        {
          kind: 'nhs-number',
          name: 'childNhsNumber',
          label: 'What is the child’s NHS number?',
          hint: 'This is a 10 digit number, like 485 777 3456. It is on letters from the NHS and in the red book.',
          missing: 'Enter the child’s NHS number',
        },
      ],
      applies: (a) => HEALTH_REFERRERS.has(text(a, 'referrerType') ?? ''),
    },
    {
      id: 'child-nhs-number-optional',
      section: 'child',
      title: 'What is the child’s NHS number? (optional)',
      fields: [
        {
          kind: 'nhs-number',
          name: 'childNhsNumber',
          label: 'What is the child’s NHS number? (optional)',
          hint: 'This is a 10 digit number, like 485 777 3456. Leave this blank if you do not know it.',
          missing: '',
          optional: true,
        },
      ],
      applies: (a) => text(a, 'referrerType') !== undefined && !HEALTH_REFERRERS.has(text(a, 'referrerType') ?? ''),
    },
    {
      id: 'child-sex',
      section: 'child',
      title: 'What is the child’s sex?',
      fields: [
        {
          kind: 'radios',
          name: 'childSex',
          label: 'What is the child’s sex?',
          missing: 'Select the child’s sex',
          options: [
            { value: 'female', text: 'Female' },
            { value: 'male', text: 'Male' },
            { value: 'other', text: 'Another way' },
            { value: 'unknown', text: 'Not known' },
          ],
        },
      ],
    },
    {
      id: 'child-address',
      section: 'child',
      title: 'Where does the child live?',
      fields: [
        {
          kind: 'text',
          name: 'childAddressLine1',
          label: 'Address line 1',
          missing: 'Enter the first line of the address',
          max: 100,
          autocomplete: 'off',
        },
        {
          kind: 'text',
          name: 'childAddressLine2',
          label: 'Address line 2 (optional)',
          missing: '',
          optional: true,
          max: 100,
          autocomplete: 'off',
        },
        {
          kind: 'text',
          name: 'childTown',
          label: 'Town or city',
          missing: 'Enter the town or city',
          max: 100,
          width: 'two-thirds',
          autocomplete: 'off',
        },
        {
          kind: 'postcode',
          name: 'childPostcode',
          label: 'Postcode',
          missing: 'Enter the postcode',
          autocomplete: 'off',
        },
      ],
    },
    {
      id: 'child-gp',
      section: 'child',
      title: 'Which GP practice is the child registered with?',
      fields: [
        {
          kind: 'practice',
          name: 'childGp',
          label: 'Which GP practice is the child registered with?',
          missing: 'Select the child’s GP practice, or say that you do not know it',
          declared: practiceDeclared,
        },
      ],
    },
    {
      id: 'child-gp-details',
      section: 'child',
      title: 'Enter the child’s GP practice',
      applies: (a) => isTypedPlaceAnswer(a.childGp),
      fields: placeDetailsFields('childGp', {
        what: 'GP practice',
        code: {
          name: 'childGpCode',
          label: 'ODS code (optional)',
          summary: 'GP practice ODS code',
          hint: 'The practice’s NHS code, a letter and 5 numbers, like C82044, if you know it. It helps us find the practice.',
          pattern: PRACTICE_CODE,
          invalid: 'Enter the ODS code as a letter and 5 numbers, like C82044, or leave it blank',
          upper: true,
        },
      }),
    },
    {
      id: 'child-school',
      section: 'child',
      title: 'Which school, college or early years setting does the child go to?',
      fields: [
        {
          kind: 'school',
          name: 'childSchool',
          label: 'Which school, college or early years setting does the child go to?',
          missing: 'Select the child’s school, or say that they do not go to one',
          declared: schoolDeclared,
        },
      ],
    },
    {
      id: 'child-school-details',
      section: 'child',
      title: 'Enter the child’s school, college or early years setting',
      applies: (a) => isTypedPlaceAnswer(a.childSchool),
      fields: placeDetailsFields('childSchool', {
        what: 'school, college or setting',
        code: {
          name: 'childSchoolUrn',
          label: 'URN (optional)',
          summary: 'School URN',
          hint: 'The school’s unique reference number from the Department for Education, 6 numbers, if you know it.',
          pattern: SCHOOL_URN,
          invalid: 'Enter the URN as 6 numbers, like 120278, or leave it blank',
          upper: false,
        },
      }),
    },
    {
      id: 'child-education',
      section: 'child',
      title: 'Is the young person in full-time education?',
      fields: [
        {
          kind: 'radios',
          name: 'inFullTimeEducation',
          label: 'Is the young person in full-time education?',
          hint: 'For example, at school, sixth form or college.',
          missing: 'Select yes if the young person is in full-time education',
          options: yesNo(),
        },
      ],
      applies: (a) => {
        const age = ageOf(a);
        return (
          age !== undefined && age >= eligibility.ages.alwaysUnder && age < eligibility.ages.inFullTimeEducationUnder
        );
      },
    },
    {
      id: 'child-language',
      section: 'child',
      title: 'Language',
      fields: [
        {
          kind: 'text',
          name: 'childLanguage',
          label: 'What is the main language spoken at home?',
          missing: 'Enter the main language spoken at home',
          max: 60,
          width: 'one-half',
          autocomplete: 'off',
        },
        {
          kind: 'radios',
          name: 'interpreterNeeded',
          label: 'Does the family need an interpreter?',
          missing: 'Select yes if the family needs an interpreter',
          options: yesNo(),
        },
      ],
    },
    {
      id: 'child-access-needs',
      section: 'child',
      title: 'Does the child or their family have any access or communication needs? (optional)',
      fields: [
        {
          kind: 'textarea',
          name: 'accessNeeds',
          label: 'Does the child or their family have any access or communication needs? (optional)',
          hint: 'For example, a wheelchair user, British Sign Language, or easy read letters.',
          missing: '',
          optional: true,
          max: 2000,
        },
      ],
    },
    {
      id: 'parental-responsibility',
      section: 'family',
      title: 'Who has parental responsibility for the child?',
      hint: 'Tell us about one person. You can add another on the next page.',
      fields: person(1),
    },
    {
      id: 'another-parent',
      section: 'family',
      title: 'Does anyone else have parental responsibility?',
      fields: [
        {
          kind: 'radios',
          name: 'anotherParent',
          label: 'Does anyone else have parental responsibility?',
          missing: 'Select yes if anyone else has parental responsibility',
          options: yesNo(),
        },
      ],
    },
    {
      id: 'second-parent',
      section: 'family',
      title: 'Who else has parental responsibility?',
      fields: person(2),
      applies: (a) => text(a, 'anotherParent') === 'yes',
    },
    {
      id: 'lives-with',
      section: 'family',
      title: 'Who does the child live with?',
      fields: [
        {
          kind: 'radios',
          name: 'livesWith',
          label: 'Who does the child live with?',
          missing: 'Select who the child lives with',
          options: [
            { value: 'parents', text: 'The people with parental responsibility' },
            { value: 'other', text: 'Someone else' },
          ],
        },
      ],
    },
    {
      id: 'lives-with-details',
      section: 'family',
      title: 'Who else does the child live with?',
      fields: [
        {
          kind: 'text',
          name: 'livesWithDetails',
          label: 'Who else does the child live with?',
          hint: 'For example, their grandparents, or foster carers',
          missing: 'Enter who the child lives with',
          max: 300,
        },
      ],
      applies: (a) => text(a, 'livesWith') === 'other',
    },
    {
      id: 'consent',
      section: 'consent',
      title: 'Consent to this referral',
      hint: 'A person with parental responsibility, or the young person if they are able to decide for themselves, must agree to the referral and to us sharing information about the child. If you do not have their agreement yet, ask for it before you refer.',
      fields: [
        {
          kind: 'radios',
          name: 'consentGivenBy',
          label: 'Who agreed to the referral?',
          missing: 'Select who agreed to the referral',
          options: [
            { value: 'parent', text: 'A person with parental responsibility' },
            { value: 'young-person', text: 'The young person, who is able to decide for themselves' },
          ],
        },
        {
          kind: 'text',
          name: 'consentName',
          label: 'Their full name',
          missing: 'Enter the name of the person who agreed',
          max: 200,
          autocomplete: 'off',
        },
        {
          kind: 'date',
          name: 'consentDate',
          label: 'When did they agree?',
          hint: 'For example, 3 11 2026',
          missing: 'Enter the date they agreed',
          what: 'The date they agreed',
        },
        {
          kind: 'checkboxes',
          name: 'consentSharing',
          label: 'Who did they agree we can share information with?',
          hint: 'Select all that apply.',
          missing: 'Select who we may share information with',
          options: [...SHARING, { value: EXCLUDED_NONE, text: 'Nobody else', exclusive: true }],
        },
      ],
    },
    {
      id: 'discharge',
      section: 'needs',
      title: 'When did we discharge the child?',
      fields: [
        {
          kind: 'date',
          name: 'childDischargedOn',
          label: 'When did we discharge the child?',
          hint: `A parent or carer can refer their child again within ${String(windowMonths)} months of discharge. The date is on our discharge letter.`,
          missing: 'Enter the date we discharged the child',
          what: 'Date of discharge',
        },
      ],
      applies: (a) =>
        definition.referrers.find((r) => r.id === text(a, 'referrerType'))?.mayRefer === 'within-re-referral-window',
    },
    {
      id: 'difficulties',
      section: 'needs',
      title: 'What difficulties does the child have?',
      fields: [
        {
          kind: 'checkboxes',
          name: 'difficulties',
          label: 'What difficulties does the child have?',
          hint: 'Select all that apply.',
          missing: 'Select the child’s difficulties',
          options: [
            ...eligibility.difficulties.map((d) => ({
              value: d.code,
              text: d.label.charAt(0).toUpperCase() + d.label.slice(1),
              ...(d.hint !== undefined && { hint: d.hint }),
            })),
            { value: EXCLUDED_NONE, text: 'None of these', exclusive: true },
          ],
        },
      ],
    },
    {
      id: 'impact',
      section: 'needs',
      title: 'How do the difficulties affect the child’s daily life?',
      fields: [
        {
          kind: 'checkboxes',
          name: 'impact',
          label: 'Which everyday activities are affected?',
          hint: 'Select all that apply.',
          missing: 'Select the activities that are affected',
          options: IMPACTS,
        },
        {
          kind: 'textarea',
          name: 'impactDetails',
          label: 'Tell us how (optional)',
          summary: 'How the difficulties affect daily life',
          hint: 'For example, what the child cannot do yet that others of their age can.',
          missing: '',
          optional: true,
          max: 5000,
        },
      ],
    },
    {
      id: 'duration',
      section: 'needs',
      title: 'How long has the child had these difficulties?',
      fields: [
        {
          kind: 'radios',
          name: 'duration',
          label: 'How long has the child had these difficulties?',
          missing: 'Select how long the child has had these difficulties',
          options: [
            { value: 'under-6-months', text: 'Less than 6 months' },
            { value: '6-to-12-months', text: '6 to 12 months' },
            { value: 'over-12-months', text: 'More than 12 months' },
            { value: 'since-birth', text: 'Since birth' },
          ],
        },
      ],
    },
    {
      id: 'tried',
      section: 'needs',
      title: 'What has been tried already, and by whom?',
      fields: [
        {
          kind: 'textarea',
          name: 'tried',
          label: 'What has been tried already, and by whom?',
          hint: 'For example, strategies at school, advice from a health visitor, or equipment at home.',
          missing: 'Enter what has been tried already, or say nothing has',
          max: 5000,
        },
      ],
    },
    {
      id: 'conditions',
      section: 'needs',
      title: 'Has the child been diagnosed with any of these conditions?',
      fields: [
        {
          kind: 'checkboxes',
          name: 'conditions',
          label: 'Has the child been diagnosed with any of these conditions?',
          summary: 'Diagnosed conditions',
          hint: 'Select all that apply.',
          missing: 'Select the child’s conditions',
          options: [
            ...definition.conditions.map((c) => ({ value: c.code, text: c.label })),
            { value: EXCLUDED_NONE, text: 'None of these', exclusive: true },
          ],
        },
      ],
    },
    {
      id: 'community-issue',
      section: 'needs',
      title: 'Does a serious problem stop the child getting help outside the home?',
      fields: [
        {
          kind: 'radios',
          name: 'communityIssue',
          label: 'Does a serious problem stop the child getting help outside the home?',
          hint: 'For example, the child is not able to leave home. We do not usually see children for the conditions you chose unless there is.',
          missing: 'Select yes if a serious problem stops the child getting help outside the home',
          options: yesNo(),
        },
      ],
      applies: (a) =>
        eligibility.excludedConditions.overriddenByCommunityIssue &&
        list(a, 'conditions').some((c) => eligibility.excludedConditions.codes.includes(c)),
    },
    {
      id: 'other-needs',
      section: 'needs',
      title: 'Do any of these apply?',
      fields: [
        {
          kind: 'checkboxes',
          name: 'otherNeeds',
          label: 'Do any of these apply?',
          summary: 'Other things that apply',
          hint: 'Select all that apply.',
          missing: 'Select the ones that apply',
          options: [
            ...OTHER_NEEDS.filter(
              (o) => o.value !== 'ayres-sensory-integration' || !eligibility.ayresSensoryIntegrationProvided,
            ),
            { value: EXCLUDED_NONE, text: 'None of these', exclusive: true },
          ],
        },
      ],
    },
    {
      id: 'curriculum',
      section: 'needs',
      title: 'Does the child need help with things they do at school?',
      fields: [
        {
          kind: 'radios',
          name: 'curriculum',
          label: 'Does the child need help with things they do at school?',
          hint: 'For example, with handwriting, using equipment in lessons, PE, or getting around school.',
          missing: 'Select yes if the child needs help with things they do at school',
          options: [...yesNo(), { value: 'not-known', text: 'I am not sure' }],
        },
      ],
      applies: hasSchool,
    },
    {
      id: 'other-professionals',
      section: 'needs',
      title: 'Which other professionals are involved with the child? (optional)',
      fields: [
        {
          kind: 'textarea',
          name: 'otherProfessionals',
          label: 'Which other professionals are involved with the child? (optional)',
          hint: 'For example, a physiotherapist, paediatrician or educational psychologist, with their contact details if you have them.',
          missing: '',
          optional: true,
          max: 5000,
        },
      ],
    },
    {
      id: 'safeguarding',
      section: 'needs',
      title: you(
        'Do you have any safeguarding concerns about the child?',
        'Does the referral raise any safeguarding concerns?',
      ),
      fields: [
        {
          kind: 'radios',
          name: 'safeguarding',
          label: you(
            'Do you have any safeguarding concerns about the child?',
            'Does the referral raise any safeguarding concerns?',
          ),
          hint: 'If a child is in immediate danger, call 999. This form is not watched all the time.',
          missing: 'Select yes if you have safeguarding concerns',
          options: yesNo(),
        },
      ],
    },
    {
      id: 'safeguarding-details',
      section: 'needs',
      title: 'Your safeguarding concerns',
      fields: [
        {
          kind: 'textarea',
          name: 'safeguardingDetails',
          label: 'What are your concerns?',
          missing: 'Enter your safeguarding concerns',
          max: 5000,
        },
        {
          kind: 'text',
          name: 'safeguardingContact',
          label: 'Who should we contact about them? (optional)',
          hint: 'For example, the child’s social worker, with their telephone number',
          missing: '',
          optional: true,
          max: 300,
        },
      ],
      applies: (a) => text(a, 'safeguarding') === 'yes',
    },
    {
      id: 'hopes',
      section: 'needs',
      title: you(
        'What do you hope occupational therapy will help the child to do?',
        'What does the referrer hope occupational therapy will help the child to do?',
      ),
      fields: [
        {
          kind: 'textarea',
          name: 'hopes',
          label: you(
            'What do you hope occupational therapy will help the child to do?',
            'What does the referrer hope occupational therapy will help the child to do?',
          ),
          hint: 'For example, get dressed on their own, use cutlery, or write for longer at school.',
          missing: 'Enter what you hope occupational therapy will help the child to do',
          max: 5000,
        },
      ],
    },
    {
      id: 'attachments',
      section: 'needs',
      title: you('Upload reports or letters (optional)', 'Attach the referral form and any reports'),
      // Files are not answers: the page has its own upload form, and counts as answered once visited.
      fields: [],
    },
  ];
}

/**
 * When a parent or carer's discharge date is past the re-referral window, by the eligibility engine's own rule: the
 * referral could not be sent, so the form says so straight after the date rather than at check your answers.
 * Undefined when the discharge page does not apply, has no date yet, or the date is within the window.
 */
export function dischargeWindowEnded(
  ctx: QuestionContext,
  answers: Answers,
): { dischargedOn: string; lastDay: string; months: number } | undefined {
  const dischargedOn = text(answers, 'childDischargedOn');
  const page = pagesFor(ctx, answers).find((p) => p.id === 'discharge');
  if (page === undefined || dischargedOn === undefined) return undefined;
  const months = ctx.definition.eligibility.parentReReferralWindowMonths;
  const window = reReferralWindow(dischargedOn, months, ctx.today);
  return window.state === 'ended' ? { dischargedOn, lastDay: window.lastDay, months } : undefined;
}

/** The pages that apply to the answers so far, in order. */
export function pagesFor(ctx: QuestionContext, answers: Answers): Page[] {
  return referralPages(ctx).filter((p) => p.applies?.(answers) ?? true);
}

/**
 * Whether a page has its answer: the person has been through it (`visited`, since an optional page left empty leaves
 * no answer behind) and every field it needs has a value.
 */
export function isAnswered(page: Page, answers: Answers, visited: ReadonlySet<string>): boolean {
  return visited.has(page.id) && page.fields.every((f) => f.optional === true || answers[f.name] !== undefined);
}

/** The first page that applies and has no answer yet, or undefined when every page has one. */
export function firstUnanswered(
  ctx: QuestionContext,
  answers: Answers,
  visited: ReadonlySet<string>,
): Page | undefined {
  return pagesFor(ctx, answers).find((p) => !isAnswered(p, answers, visited));
}

export type PageAnswer = { ok: true; answers: Answers } | { ok: false; problems: FieldProblem[] };

/** Every form field name a page may send. */
export function pageFieldNames(page: Page): string[] {
  return page.fields.flatMap(sentNames);
}

/**
 * The answers after a page is sent: its fields' clean values replace what was there (a field left empty is removed),
 * or every problem on the page at once.
 */
export function answerPage(page: Page, sent: Record<string, unknown>, answers: Answers, today: string): PageAnswer {
  const problems: FieldProblem[] = [];
  const next: Answers = { ...answers };
  for (const field of page.fields) {
    const parsed = parseField(field, sent, today);
    if ('message' in parsed) problems.push(parsed);
    else if (parsed.value === null) Reflect.deleteProperty(next, field.name);
    else next[field.name] = parsed.value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers: next };
}
