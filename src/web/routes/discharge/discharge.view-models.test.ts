import { describe, expect, it } from 'vitest';
import type { DischargeLetterRow, DischargeRow } from '../../../services/record/discharge.service.js';
import { dischargePage, howSent, letterStatus, retentionText } from './discharge.view-models.js';

const letter: DischargeLetterRow = {
  id: '22222222-2222-4222-8222-222222222222',
  dischargeId: '33333333-3333-4333-8333-333333333333',
  childId: 'c',
  recipient: 'gp',
  recipientName: 'Granby Street Surgery',
  channel: 'print',
  subject: 'Discharge',
  content: '{}',
  storedAs: 'x',
  outboxStatus: null,
  createdAt: '2026-12-03T10:00:00.000Z',
  printedAt: null,
};

describe('discharge view models', () => {
  it('says how each letter travels', () => {
    expect(howSent({ channel: 'email', to: 'a@example.org' })).toBe('By e-mail to a@example.org');
    expect(howSent({ channel: 'print', forFile: false })).toBe('Printed and posted (the print list)');
    expect(howSent({ channel: 'print', forFile: true })).toBe('No address: print for the file');
    expect(letterStatus(letter)).toBe('Waiting to be printed');
    expect(letterStatus({ ...letter, printedAt: '2026-12-04T09:00:00.000Z' })).toBe('Printed 4 December 2026');
    expect(letterStatus({ ...letter, channel: 'email', outboxStatus: 'sent' })).toBe('E-mailed');
  });

  it('shows the re-referral and retention review dates of a discharge', () => {
    expect(retentionText('2035-06-15', 25)).toBe('15 June 2035 (the 25th birthday)');
    const discharge: DischargeRow = {
      id: letter.dischargeId,
      childId: '44444444-4444-4444-8444-444444444444',
      episodeId: 'e',
      reasonCode: 'goals-met',
      summary: 'Done',
      dischargedOn: '2026-12-03',
      reReferralUntil: '2027-06-03',
      retentionReviewOn: '2036-06-15',
      retentionBirthday: 26,
      recordedBy: 'u',
      recordedByName: 'Cerys Clinician',
      recordedAt: '2026-12-03T10:00:00.000Z',
    };
    const page = dischargePage({ discharge, reasonLabel: 'Goals met', letters: [letter] });
    expect(page.summaryRows).toContainEqual({ key: 'A parent may re-refer directly until', value: '3 June 2027' });
    expect(page.summaryRows).toContainEqual({
      key: 'Retention review date',
      value: '15 June 2036 (the 26th birthday)',
    });
    expect(page.letters[0]).toMatchObject({ to: 'GP', how: 'Post', status: 'Waiting to be printed' });
  });
});
