/** The referral form's pages: how a paper referral came (staff only). */
import type { PageKit } from './kit.js';
import type { Page } from './shared.js';

export function receivedPages(kit: PageKit): Page[] {
  const { staff } = kit;
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
  ];
}
