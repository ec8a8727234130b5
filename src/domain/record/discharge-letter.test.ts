import { describe, expect, it } from 'vitest';
import { dischargeLetter, type DischargeLetterInput } from './discharge-letter.js';

const base: DischargeLetterInput = {
  to: 'family',
  name: 'Ann Parent',
  addressLines: ['1 High Street', 'Leicester', 'LE1 1AA'],
  email: 'ann@example.org',
  child: { givenName: 'Sam', familyName: 'Smith', dateOfBirth: '2010-06-15', nhsNumber: '9434765919' },
  reasonLabel: 'Goals met',
  summary: 'Sam met both goals.',
  dischargedOn: '2026-12-01',
  reReferralUntil: '2027-06-01',
  today: '2026-12-03',
  sender: { serviceName: 'Children’s OT', organisationName: 'NHS Trust', telephone: '0116 000 0000' },
};

describe('dischargeLetter', () => {
  it('tells the family the date, the reason, the summary and until when they may refer again', () => {
    const letter = dischargeLetter(base);
    expect(letter).toMatchObject({ recipient: 'family', recipientName: 'Ann Parent', date: '3 December 2026' });
    expect(letter.subject).toBe('Discharge from Children’s OT: Sam Smith');
    const text = letter.paragraphs.join('\n');
    expect(text).toContain('Dear Ann Parent');
    expect(text).toContain('discharged from Children’s OT on 1 December 2026');
    expect(text).toContain('Reason for discharge: Goals met.');
    expect(text).toContain('Sam met both goals.');
    expect(text).toContain('refer Sam to us again yourself until 1 June 2027');
    expect(text).not.toContain('9434765919');
  });

  it('gives the GP the NHS number and no e-mail', () => {
    const letter = dischargeLetter({ ...base, to: 'gp', name: 'The Surgery', email: null, addressLines: ['A road'] });
    expect(letter.email).toBeNull();
    expect(letter.paragraphs[0]).toBe('Dear Doctor');
    expect(letter.paragraphs.join('\n')).toContain('NHS number 9434765919');
  });

  it('writes to the school’s SENCo', () => {
    const letter = dischargeLetter({ ...base, to: 'school', name: 'Hill School', email: null, addressAsTyped: true });
    expect(letter.paragraphs[0]).toBe('Dear Special Educational Needs Co-ordinator');
    expect(letter.addressAsTyped).toBe(true);
  });
});
