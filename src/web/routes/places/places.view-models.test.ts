import { describe, expect, it } from 'vitest';
import type { Clinician } from '../../../services/care/places.service.js';
import { patternFrom } from './places.forms.js';
import { clinicianRow, dayRows, boxes, patternLines, placesView, profileAnswers } from './places.view-models.js';
import { staffFields } from './places.forms.js';

const cerys: Clinician = {
  id: 'u1',
  name: 'Cerys Clinician',
  active: true,
  team: { id: 't1', name: 'North team' },
  base: null,
  workingPattern: { mon: { start: '09:00', end: '17:00' }, fri: { start: '08:00', end: '12:00' } },
  ownPattern: true,
  version: 3,
};

describe('the places view model', () => {
  it('writes a working pattern one day a line, Monday first', () => {
    expect(patternLines({ fri: { start: '08:00', end: '12:00' }, mon: { start: '09:00', end: '17:00' } })).toEqual([
      'Monday 09:00 to 17:00',
      'Friday 08:00 to 12:00',
    ]);
    expect(patternLines({})).toEqual(['No days worked']);
  });

  it('lists teams, locations with their rooms, and clinicians with links', () => {
    const overview = {
      teams: [{ id: 't1', name: 'North team' }],
      locations: [
        {
          id: 'l1',
          name: 'Loughborough Clinic',
          addressLine1: '1 Baxter Gate',
          addressLine2: null,
          town: 'Loughborough',
          postcode: 'LE11 1TG',
          isClinic: true,
          rooms: [{ id: 'r1', name: 'Gym', capacity: 1, locationId: 'l1', locationName: 'Loughborough Clinic' }],
        },
      ],
      clinicians: [{ ...cerys, ownPattern: false, active: false }],
    };
    const view = placesView(overview, { mayReadDiaries: true });
    expect(view.teams).toEqual(['North team']);
    expect(view.locations[0]).toMatchObject({
      address: '1 Baxter Gate, Loughborough, LE11 1TG',
      use: 'Clinic',
      addRoomHref: '/staff/places/locations/l1/rooms/new',
      rooms: [{ name: 'Gym', capacity: '1 child', diaryHref: '/staff/diary/rooms/r1' }],
    });
    expect(view.clinicians[0]).toMatchObject({
      name: 'Cerys Clinician',
      inactive: true,
      team: 'North team',
      base: 'No base',
      defaultPattern: true,
      editHref: '/staff/places/staff/u1',
    });
    expect(clinicianRow(cerys).defaultPattern).toBe(false);
    // An administrator sets up places but may not read diaries: no link to a page that would refuse them.
    expect(placesView(overview, { mayReadDiaries: false }).locations[0]?.rooms[0]?.diaryHref).toBeNull();
  });

  it('fills the profile form from the saved profile, a row per day', () => {
    const answers = profileAnswers(cerys);
    expect(answers).toEqual({
      team: 't1',
      base: 'none',
      'mon-start': '09:00',
      'mon-end': '17:00',
      'fri-start': '08:00',
      'fri-end': '12:00',
    });
    const rows = dayRows(boxes(staffFields([], []), answers, undefined, undefined));
    expect(rows.map((r) => [r.day, r.start?.value, r.end?.value])).toEqual([
      ['Monday', '09:00', '17:00'],
      ['Tuesday', '', ''],
      ['Wednesday', '', ''],
      ['Thursday', '', ''],
      ['Friday', '08:00', '12:00'],
      ['Saturday', '', ''],
      ['Sunday', '', ''],
    ]);
  });

  it('reads the days’ times as a pattern: both empty is a day off, one empty or backwards is a problem', () => {
    expect(patternFrom({ 'mon-start': '9:00', 'mon-end': '17:00', 'sun-start': '10:00', 'sun-end': '11:00' })).toEqual({
      ok: true,
      pattern: { mon: { start: '09:00', end: '17:00' }, sun: { start: '10:00', end: '11:00' } },
    });
    expect(patternFrom({})).toEqual({ ok: true, pattern: {} });
    expect(patternFrom({ 'tue-start': '09:00', 'wed-end': '10:00', 'thu-start': '12:00', 'thu-end': '12:00' })).toEqual(
      {
        ok: false,
        problems: [
          ['tue-end', "Enter Tuesday's end time, or leave both empty"],
          ['wed-start', "Enter Wednesday's start time, or leave both empty"],
          ['thu-end', "Thursday's end time must be after its start time"],
        ],
      },
    );
  });
});
