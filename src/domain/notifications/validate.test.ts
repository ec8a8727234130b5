import { describe, expect, it } from 'vitest';
import { maskRecipient, isValidRecipient } from './recipient.js';
import { linkPlaceholder } from './one-time-links.js';
import { messageProblems } from './validate.js';

const DRAFT = {
  template: 'referral-draft-link',
  channel: 'email',
  recipient: 'jane@example.com',
  personalisation: {
    link: linkPlaceholder('https://otway.test/refer/resume/'),
    expiry_date: '5 December 2026',
    service_name: 'LLR OT',
  },
  subjectId: 'draft-1',
};

describe('messageProblems', () => {
  it('accepts a message with exactly the fields its template needs', () => {
    expect(messageProblems(DRAFT)).toEqual([]);
  });

  it('names each problem: an unknown template, a channel it does not go by, fields missing, blank or extra', () => {
    expect(messageProblems({ ...DRAFT, template: 'nope' })).toEqual(['unknown template "nope"']);
    expect(messageProblems({ ...DRAFT, channel: 'sms', recipient: '07700900123' })).toEqual([
      'referral-draft-link is not sent by "sms"',
    ]);
    expect(messageProblems({ ...DRAFT, channel: 'letter' })).toEqual(['referral-draft-link is not sent by "letter"']);
    expect(
      messageProblems({
        ...DRAFT,
        recipient: 'not an address',
        personalisation: { link: ' ', expiry_date: 5, nhs_number: '9434765919' },
      }),
    ).toEqual([
      'the recipient is not a valid email address',
      'link is missing',
      'expiry_date is missing',
      'service_name is missing',
      'nhs_number is not a field of referral-draft-link',
    ]);
  });

  it('refuses a one-time link itself, and a link message with nothing to mint it from (docs/adr/0029)', () => {
    const link = 'https://otway.test/refer/resume/1mV5N2y2b0yXhJ8cS4r6aTqk3pLw9ZsD0eFgHiJkLmN';
    expect(messageProblems({ ...DRAFT, personalisation: { ...DRAFT.personalisation, link } })).toEqual([
      'link is a one-time link: queue its placeholder, never the link',
    ]);
    expect(messageProblems({ ...DRAFT, subjectId: null })).toEqual([
      'referral-draft-link needs a subject to make its one-time link from',
    ]);
  });

  it('refuses a value too long to send', () => {
    expect(
      messageProblems({ ...DRAFT, personalisation: { ...DRAFT.personalisation, service_name: 'x'.repeat(2001) } }),
    ).toEqual(['service_name is too long']);
  });
});

describe('recipients', () => {
  it('accepts UK mobile numbers as Notify does, and e-mail addresses', () => {
    for (const phone of ['07700900123', '07700 900123', '+44 7700 900123', '447700900123', '(07700) 900-123']) {
      expect(isValidRecipient('sms', phone), phone).toBe(true);
    }
    for (const phone of ['01162950000', '0770090012', '+33 6 12 34 56 78', 'seven']) {
      expect(isValidRecipient('sms', phone), phone).toBe(false);
    }
    expect(isValidRecipient('email', 'jane@example.com')).toBe(true);
    expect(isValidRecipient('email', '07700900123')).toBe(false);
  });

  it('masks all but the first letter of an address and the last three digits of a number', () => {
    expect(maskRecipient('email', 'jane.doe@example.com')).toBe('j***@example.com');
    expect(maskRecipient('email', 'élodie@example.com')).toBe('é***@example.com');
    expect(maskRecipient('email', 'e\u0301lodie@example.com')).toBe('e\u0301***@example.com');
    expect(maskRecipient('email', '@example.com')).toBe('***');
    expect(maskRecipient('sms', '07700 900123')).toBe('07*** ***123');
    expect(maskRecipient('sms', '+44 7700 900123')).toBe('07*** ***123');
    expect(maskRecipient('sms', '123')).toBe('***');
  });
});
