import { describe, expect, it } from 'vitest';
import type { CareSettings } from '../service/care-settings.js';
import {
  familyChannel,
  firstNameOf,
  nextContactAfter,
  placeOnList,
  schoolContact,
  strategiesFor,
  weeksWaited,
} from './waiting-well.js';

const TARGETS = { urgent: 4, soon: 12, routine: 18 };
const WAITING_WELL: CareSettings['waitingWell'] = {
  everyWeeks: 12,
  answerWithinDays: 28,
  unansweredToFlag: 2,
  strategies: [
    { difficulty: 'movement', title: 'Play', text: 'Throw and catch.' },
    { difficulty: 'sensory', title: 'Calm', text: 'A quiet place.' },
    { difficulty: 'any', title: 'Changes', text: 'Tell us.' },
  ],
};

describe('waiting well', () => {
  it('moves the next contact on by the interval, once past today however long the job was stopped', () => {
    expect(nextContactAfter('2027-03-01', '2027-03-01', 12)).toBe('2027-05-24');
    expect(nextContactAfter('2027-03-01', '2027-05-24', 12)).toBe('2027-08-16');
    expect(nextContactAfter('2027-03-01', '2027-09-02', 12)).toBe('2027-11-08');
    // Across the clocks going forward (28 March 2027) the dates are calendar dates, not 24-hour steps.
    expect(nextContactAfter('2027-03-20', '2027-03-20', 1)).toBe('2027-03-27');
    expect(nextContactAfter('2027-03-27', '2027-03-27', 1)).toBe('2027-04-03');
  });

  it('counts completed weeks waited, and says where the child is in words, never a rank', () => {
    expect(weeksWaited('2026-12-07', '2026-12-13')).toBe(0);
    expect(weeksWaited('2026-12-07', '2026-12-14')).toBe(1);
    expect(weeksWaited('2026-12-07', '2027-03-01')).toBe(12);
    expect(placeOnList('Ava', 0, 'routine', TARGETS)).toBe(
      'Ava has been waiting less than a week. We aim to see children with routine needs within 18 weeks.',
    );
    expect(placeOnList('Ava', 1, 'urgent', TARGETS)).toBe(
      'Ava has been waiting 1 week. We aim to see children with urgent needs within 4 weeks.',
    );
    expect(placeOnList('Ava', 14, 'soon', TARGETS)).toBe(
      'Ava has been waiting 14 weeks. We aim to see children with needs that should be seen soon within 12 weeks. This is longer than we aim for, and we are sorry for the wait.',
    );
  });

  it('chooses the strategies for the child’s difficulties, then those for any child', () => {
    expect(strategiesFor(WAITING_WELL, ['movement']).map((s) => s.title)).toEqual(['Play', 'Changes']);
    expect(strategiesFor(WAITING_WELL, []).map((s) => s.title)).toEqual(['Changes']);
  });

  it('writes by e-mail, else a text to a mobile, else not at all', () => {
    expect(familyChannel({ parent1Email: 'a@b.test', parent1Phone: '07700 900982' })).toEqual({
      channel: 'email',
      to: 'a@b.test',
    });
    expect(familyChannel({ parent1Email: '', parent1Phone: '07700 900982' })).toEqual({
      channel: 'sms',
      to: '07700900982',
    });
    expect(familyChannel({ parent1Phone: '0116 295 0000' })).toEqual({ channel: 'none' });
  });

  it('writes to the school only with consent to share with it and a school contact on the referral', () => {
    expect(schoolContact('education-staff', 'senco@school.test', ['gp', 'school'])).toBe('senco@school.test');
    expect(schoolContact('education-staff', 'senco@school.test', ['gp'])).toBeNull();
    expect(schoolContact('gp', 'gp@nhs.test', ['school'])).toBeNull();
    expect(schoolContact('education-staff', null, ['school'])).toBeNull();
  });

  it('uses the name the child is known by, else the first word of their given name', () => {
    expect(firstNameOf({ givenName: 'Mary Ann', knownAs: null })).toBe('Mary');
    expect(firstNameOf({ givenName: 'Alexander', knownAs: 'Alex' })).toBe('Alex');
  });
});
