/** The referral form's pages: the people with parental responsibility and who the child lives with. */
import type { PageKit } from './kit.js';
import { type Page, yesNo, text } from './shared.js';

export function familyPages(kit: PageKit): Page[] {
  const { person } = kit;
  return [
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
  ];
}
