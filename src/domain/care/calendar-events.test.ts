import { describe, expect, it } from 'vitest';
import {
  calendarEventOf,
  eventLocation,
  eventSummary,
  initialsOf,
  postcodeDistrict,
  type FeedAppointment,
} from './calendar-events.js';

describe('what the feed says about an appointment', () => {
  it('takes the postcode district only', () => {
    expect(postcodeDistrict('LE2 7XX')).toBe('LE2');
    expect(postcodeDistrict('le27xx')).toBe('LE2');
    expect(postcodeDistrict('LE12 9AB')).toBe('LE12');
    expect(postcodeDistrict('EC1A 1BB')).toBe('EC1A');
    expect(postcodeDistrict('M1 1AE')).toBe('M1');
    expect(postcodeDistrict('12 Hill Street')).toBeNull();
    expect(postcodeDistrict('')).toBeNull();
    expect(postcodeDistrict(null)).toBeNull();
  });

  it('names a clinic, and a home or school visit by its district', () => {
    expect(eventLocation('clinic', 'Hill Street Clinic', null)).toBe('Hill Street Clinic');
    expect(eventLocation('home', null, 'LE2 7XX')).toBe('Home visit, LE2');
    expect(eventLocation('school', null, 'LE3 0AB')).toBe('School visit, LE3');
    expect(eventLocation('school', null, null)).toBe('School visit');
    expect(eventLocation('home', null, 'not a postcode')).toBe('Home visit');
  });

  it('gives initials, never more of a name', () => {
    expect(initialsOf({ given: 'z', family: 'Ö' })).toBe('ZÖ');
    expect(initialsOf({ given: '', family: '' })).toBe('?');
    expect(eventSummary('Review', [{ given: 'A', family: 'B' }], 'OT-A-000001')).toBe('Review: AB (OT-A-000001)');
    expect(
      eventSummary(
        'Group session',
        [
          { given: 'A', family: 'B' },
          { given: 'C', family: 'D' },
        ],
        'OT-A-2',
      ),
    ).toBe('Group session: AB, CD (OT-A-2)');
    const many = Array.from({ length: 6 }, () => ({ given: 'A', family: 'B' }));
    expect(eventSummary('Group session', many, 'OT-A-3')).toBe('Group session: 6 children (OT-A-3)');
  });

  it('makes an event with a stable UID, its status and a sequence from the version', () => {
    const appointment: FeedAppointment = {
      id: 'apt-1',
      reference: 'OT-A-000007',
      typeLabel: 'Home visit assessment',
      startsAt: '2026-07-15T09:00:00.000Z',
      endsAt: '2026-07-15T10:00:00.000Z',
      place: 'home',
      locationName: null,
      postcode: 'LE2 7XX',
      status: 'cancelled',
      version: 3,
      children: [{ given: 'J', family: 'S' }],
    };
    expect(calendarEventOf(appointment, 'otway.example')).toEqual({
      uid: 'apt-1@otway.example',
      start: new Date('2026-07-15T09:00:00.000Z'),
      end: new Date('2026-07-15T10:00:00.000Z'),
      summary: 'Home visit assessment: JS (OT-A-000007)',
      location: 'Home visit, LE2',
      status: 'CANCELLED',
      sequence: 2,
    });
  });
});
