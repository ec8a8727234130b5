import { describe, expect, it } from 'vitest';
import {
  bookedLetter,
  cancelledLetter,
  isLateCancellation,
  linkExpiry,
  mobileOf,
  reminderDue,
  reminderPersonalisation,
  whenText,
  type NoticeSession,
} from './appointment-notice.js';

const service = { serviceName: 'Children’s OT', organisationName: 'LPT', telephone: '0116 295 2495' };
const family = { parentName: 'Grace Ndiaye', email: 'g@family.test', addressLines: ['12 Granby Street', 'LE1 6FB'] };
const home: NoticeSession = {
  startsAt: '2027-10-31T01:30:00.000Z',
  endsAt: '2027-10-31T02:15:00.000Z',
  typeLabel: 'Review',
  place: 'home',
  placeName: '',
  placeAddressLines: [],
  clinicians: ['Jo Therapist'],
};

describe('appointment notices', () => {
  it('says London time and which, on both sides of the clock changes', () => {
    expect(whenText('2027-03-28T00:30:00.000Z')).toBe('Sunday 28 March 2027 at 12:30am (GMT)');
    expect(whenText('2027-03-28T01:30:00.000Z')).toBe('Sunday 28 March 2027 at 2:30am (BST)');
    // 01:30 happens twice on 31 October 2027: once in BST, then again in GMT.
    expect(whenText('2027-10-31T00:30:00.000Z')).toBe('Sunday 31 October 2027 at 1:30am (BST)');
    expect(whenText('2027-10-31T01:30:00.000Z')).toBe('Sunday 31 October 2027 at 1:30am (GMT)');
    expect(whenText('2027-07-01T11:00:00.000Z')).toBe('Thursday 1 July 2027 at 12:00pm (BST)');
  });

  it('writes a letter whose words carry the first name and "at your home", never the address', () => {
    const letter = bookedLetter({
      firstName: 'Amara',
      sessions: [home],
      family,
      service,
      today: '2027-10-01',
      byEmail: true,
      lateCancellationHours: 24,
    });
    const words = [letter.subject, ...letter.paragraphs].join('\n');
    expect(words).toContain('Where: At your home');
    expect(words).toContain('at least 24 hours before');
    expect(words).not.toContain('Granby');
    expect(words).not.toContain('Ndiaye');
    // An e-mailed letter has no postal address; a posted one has the family's own.
    expect(letter.addressLines).toEqual([]);
    const posted = bookedLetter({
      firstName: 'Amara',
      sessions: [home],
      family,
      service,
      today: '2027-10-01',
      byEmail: false,
      lateCancellationHours: 24,
    });
    expect(posted.addressLines).toEqual(family.addressLines);
    expect(posted.paragraphs.join('\n')).not.toContain('Granby');
    const cancelled = cancelledLetter({
      firstName: 'Amara',
      session: { ...home, place: 'school', placeName: 'Granby Primary' },
      reason: 'Unwell',
      family,
      service,
      today: '2027-10-01',
      byEmail: true,
    });
    expect(cancelled.paragraphs.join('\n')).toContain('Where: At Granby Primary');
  });

  it('reminds from the London day a number of days before, until the start; never for a fresh booking', () => {
    const a = { startsAt: '2027-04-08T09:00:00.000Z', createdAt: '2027-03-01T09:00:00.000Z' };
    expect(reminderDue(a, new Date('2027-03-31T22:59:00.000Z'), 7)).toBe(false);
    // 23:00 UTC on 31 March is midnight on 1 April in London (BST).
    expect(reminderDue(a, new Date('2027-03-31T23:00:00.000Z'), 7)).toBe(true);
    expect(reminderDue(a, new Date('2027-04-08T09:00:00.000Z'), 7)).toBe(false);
    expect(reminderDue(a, new Date('2027-04-07T09:00:00.000Z'), 0)).toBe(false);
    expect(reminderDue({ ...a, createdAt: '2027-04-02T09:00:00.000Z' }, new Date('2027-04-03T09:00:00.000Z'), 7)).toBe(
      false,
    );
  });

  it('keeps reminders minimal, marks late cancellations, and takes only mobiles for text messages', () => {
    const fields = reminderPersonalisation('Amara', home, service);
    expect(fields.place).toBe('your home');
    expect(JSON.stringify(fields)).not.toMatch(/Ndiaye|Granby/u);
    expect(isLateCancellation('2027-04-08T09:00:00.000Z', new Date('2027-04-07T09:00:01.000Z'), 24)).toBe(true);
    expect(isLateCancellation('2027-04-08T09:00:00.000Z', new Date('2027-04-07T09:00:00.000Z'), 24)).toBe(false);
    expect(mobileOf('07700 900982')).toBe('07700900982');
    expect(mobileOf('0116 295 2495')).toBeNull();
    expect(mobileOf(null)).toBeNull();
    expect(linkExpiry('2027-04-08T10:00:00.000Z', 1)).toBe('2027-04-09T10:00:00.000Z');
  });
});
