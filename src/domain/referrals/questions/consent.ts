/** The referral form's pages: consent. */
import type { PageKit } from './kit.js';
import { type Page, EXCLUDED_NONE, SHARING } from './shared.js';

export function consentPages(_kit: PageKit): Page[] {
  return [
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
  ];
}
