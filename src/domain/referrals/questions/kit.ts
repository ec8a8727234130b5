/**
 * What the pages of every section are built from: the service definition's parts and the small rules over the answers
 * so far (who is referring, the child's age, whether they have a school), for one question context.
 */
import { eligibilityQuestions } from '../../eligibility/questions.js';
import { ageInYears } from '../../shared/dates.js';
import { type Answers, type Field, type Option } from '../../forms/fields.js';
import { type QuestionContext, NOT_LISTED, text } from './shared.js';

export function pageKit(ctx: QuestionContext) {
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
  return {
    ctx,
    questions: eligibilityQuestions(definition),
    definition,
    eligibility,
    referrers,
    referrerIs,
    professional,
    windowMonths,
    area,
    ageOf,
    person,
    practiceDeclared,
    schoolDeclared,
    hasSchool,
    staff,
    you,
  };
}

export type PageKit = ReturnType<typeof pageKit>;
