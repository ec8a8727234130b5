import { describe, expect, it } from 'vitest';
import type { Letter } from '../../../domain/letters/compose.js';
import type { LetterSummary, StoredLetter } from '../../../services/letters/decision-letters.service.js';
import { formatDateTime } from '../../plugins/views.js';
import { howSent, letterModel, printQueueRows, referralLetterRows } from './letters.view-models.js';

const SUMMARY: LetterSummary = {
  id: 'letter-1',
  referralId: 'referral-1',
  reference: 'OT-7K3M-9QX2',
  recipient: 'gp',
  recipientName: 'EMPINGHAM MEDICAL CENTRE',
  channel: 'print',
  subject: 'For information',
  createdAt: '2026-11-27T10:00:00.000Z',
  printedAt: null,
  outboxStatus: null,
};

const LETTER: Letter = {
  recipient: 'gp',
  recipientName: 'EMPINGHAM MEDICAL CENTRE',
  email: null,
  addressLines: ['MAIN STREET', 'LE15 8PR'],
  date: '27 November 2026',
  subject: 'For information',
  paragraphs: ['Dear colleague,', 'Patient: Ivy Okoro\nOur reference: OT-7K3M-9QX2'],
  sender: { serviceName: 'OT', organisationName: 'LPT', telephone: '0116 295 2495' },
};

describe('howSent', () => {
  it('says how each letter travelled and whether it has gone', () => {
    expect(howSent(SUMMARY)).toBe('By post: waiting to be printed');
    expect(howSent({ ...SUMMARY, printedAt: '2026-11-28T09:15:00.000Z' })).toBe(
      `By post: printed ${formatDateTime('2026-11-28T09:15:00.000Z')}`,
    );
    expect(howSent({ ...SUMMARY, channel: 'email', outboxStatus: 'pending' })).toBe('By email: waiting to be sent');
    expect(howSent({ ...SUMMARY, channel: 'email', outboxStatus: 'sent' })).toBe('By email: sent');
    expect(howSent({ ...SUMMARY, channel: 'email', outboxStatus: 'dead' })).toMatch(/^By email: not sent/u);
  });
});

describe('letter view models', () => {
  it('links each of a referral’s letters to its page and its PDF', () => {
    expect(referralLetterRows([SUMMARY])).toEqual([
      {
        recipient: 'The GP',
        toWhom: 'the GP',
        name: 'EMPINGHAM MEDICAL CENTRE',
        how: 'By post: waiting to be printed',
        created: formatDateTime('2026-11-27T10:00:00.000Z'),
        href: '/staff/triage/referrals/referral-1/letters/letter-1',
        pdfHref: '/staff/triage/referrals/referral-1/letters/letter-1/pdf',
      },
    ]);
  });

  it('gives a letter’s paragraphs as lines, and the print queue each address and action', () => {
    const stored: StoredLetter = { ...SUMMARY, letter: LETTER, html: '', storedAs: 'x' };
    expect(letterModel(stored)).toMatchObject({
      to: ['EMPINGHAM MEDICAL CENTRE', 'MAIN STREET', 'LE15 8PR'],
      paragraphs: [['Dear colleague,'], ['Patient: Ivy Okoro', 'Our reference: OT-7K3M-9QX2']],
    });
    expect(printQueueRows([stored], 'token')[0]).toMatchObject({
      addressLines: ['MAIN STREET', 'LE15 8PR'],
      pdfHref: '/staff/letters/print/letter-1/pdf',
      printedAction: '/staff/letters/print/letter-1/printed',
      csrfToken: 'token',
    });
  });
});
