/** The referral form's pages: the child. */
import type { PageKit } from './kit.js';
import {
  type Page,
  HEALTH_REFERRERS,
  isTypedPlaceAnswer,
  yesNo,
  text,
  PRACTICE_CODE,
  SCHOOL_URN,
  placeDetailsFields,
  NOT_LISTED,
} from './shared.js';

export function childPages(kit: PageKit): Page[] {
  const { eligibility, ageOf, practiceDeclared, schoolDeclared, questions } = kit;
  return [
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
      fields: [questions.dateOfBirth],
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
      fields: [questions.gp(practiceDeclared)],
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
          // Only for a practice the search could not find: a declared one ("in the area") is decided as declared.
          fact: (value, facts, answers) => {
            if (answers.childGp === NOT_LISTED && typeof value === 'string') facts.child.gpPracticeCode = value;
          },
        },
      }),
    },
    {
      id: 'child-school',
      section: 'child',
      title: 'Which school, college or early years setting does the child go to?',
      fields: [questions.school(schoolDeclared)],
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
          fact: (value, facts, answers) => {
            if (answers.childSchool === NOT_LISTED && typeof value === 'string') facts.child.schoolUrn = value;
          },
        },
      }),
    },
    {
      id: 'child-education',
      section: 'child',
      title: 'Is the young person in full-time education?',
      fields: [questions.inFullTimeEducation],
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
  ];
}
