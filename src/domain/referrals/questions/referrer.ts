/** The referral form's pages: who is referring. */
import type { PageKit } from './kit.js';
import { type Page, NOT_LISTED, text } from './shared.js';

export function referrerPages(kit: PageKit): Page[] {
  const { ctx, referrers, referrerIs, professional, windowMonths, you, questions } = kit;
  return [
    {
      id: 'who-is-referring',
      section: 'referrer',
      title: you('Who are you?', 'Who is referring?'),
      fields: [
        {
          ...questions.referrer,
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
  ];
}
