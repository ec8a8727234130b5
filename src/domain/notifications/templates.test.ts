import { describe, expect, it } from 'vitest';
import { placeholdersIn, renderMessage } from './render.js';
import {
  isTemplateKey,
  TEMPLATE_KEYS,
  TEMPLATES,
  templateChannels,
  templateLabel,
  templateSlots,
} from './templates.js';

const RECEIVED = {
  reference: 'OT-7KQ4-M2XD',
  child_initials: 'A B',
  service_name: "Children's Occupational Therapy",
  service_telephone: '0116 295 0000',
};

describe('templates', () => {
  it('uses every field it requires, and no other, in each channel it goes by', () => {
    for (const key of TEMPLATE_KEYS) {
      for (const channel of templateChannels(key)) {
        const wording = (TEMPLATES[key].wording as Record<string, { subject?: string; body: string }>)[channel]!;
        const used = placeholdersIn(`${wording.subject ?? ''} ${wording.body}`).sort();
        expect(used, `${key} by ${channel}`).toEqual([...TEMPLATES[key].fields].sort());
      }
    }
  });

  it('gives e-mails a subject and text messages none, and text messages fit in three SMS fragments', () => {
    for (const { template, channel } of templateSlots()) {
      const wording = (TEMPLATES[template].wording as Record<string, { subject?: string; body: string }>)[channel]!;
      expect(wording.subject === undefined, `${template} by ${channel}`).toBe(channel === 'sms');
      if (channel === 'sms') expect(wording.body.length).toBeLessThanOrEqual(459);
    }
  });

  it('lists the templates and their channels', () => {
    expect(templateSlots()).toEqual([
      { template: 'referral-received-referrer', channel: 'email' },
      { template: 'referral-received-family', channel: 'email' },
      { template: 'referral-received-family', channel: 'sms' },
      { template: 'referral-draft-link', channel: 'email' },
      { template: 'password-reset-link', channel: 'email' },
      { template: 'audit-trail-broken', channel: 'email' },
      { template: 'decision-letter', channel: 'email' },
      { template: 'feedback', channel: 'email' },
      { template: 'waiting-well-contact', channel: 'email' },
      { template: 'waiting-well-check-in', channel: 'sms' },
      { template: 'waiting-well-school', channel: 'email' },
      { template: 'appointment-booked', channel: 'email' },
      { template: 'appointment-reminder', channel: 'email' },
      { template: 'appointment-reminder', channel: 'sms' },
      { template: 'appointment-cancelled', channel: 'email' },
      { template: 'ehcp-advice', channel: 'email' },
      { template: 'ehcp-advice-family', channel: 'email' },
    ]);
    expect(isTemplateKey('referral-draft-link')).toBe(true);
    expect(isTemplateKey('toString')).toBe(false);
    expect(templateLabel('referral-draft-link')).toBe('Link to a saved referral');
    expect(templateLabel('a-removed-template')).toBe('a-removed-template');
  });
});

describe('renderMessage', () => {
  it('fills the placeholders with the values as plain text', () => {
    const { subject, body } = renderMessage('referral-received-referrer', 'email', RECEIVED);
    expect(subject).toBe('Referral received: OT-7KQ4-M2XD');
    expect(body).toContain('the child with the initials A B. Its reference is OT-7KQ4-M2XD.');
    expect(body).toContain('call 0116 295 0000 and give the reference OT-7KQ4-M2XD.');
    expect(body).not.toContain('((');
  });

  it('leaves markup and placeholder-like text in a value exactly as it was, escaping nothing', () => {
    const { body } = renderMessage('referral-received-family', 'sms', {
      ...RECEIVED,
      service_name: '<script>alert(1)</script> & ((reference))',
    });
    expect(body.startsWith('<script>alert(1)</script> & ((reference)) has received')).toBe(true);
  });

  it('refuses a channel the template does not go by, and a missing value', () => {
    expect(() => renderMessage('referral-draft-link', 'sms', {})).toThrow('not sent by sms');
    expect(() => renderMessage('referral-draft-link', 'email', { link: 'https://x.test' })).toThrow(
      'No value for the placeholder',
    );
  });
});
