import { describe, expect, it } from 'vitest';
import type { AppointmentType } from '../service/care-settings.js';
import {
  appointmentReference,
  checkChoice,
  isAppointmentReference,
  parseSlot,
  slotValue,
  type BookingChoice,
} from './appointments.js';

const TYPES: AppointmentType[] = [
  {
    code: 'initial-assessment',
    label: 'Initial assessment',
    minutes: 60,
    places: ['clinic', 'home', 'school'],
    group: false,
    clinicians: 1,
    initial: true,
  },
  {
    code: 'group-session',
    label: 'Group session',
    minutes: 60,
    places: ['clinic'],
    group: true,
    clinicians: 1,
    initial: false,
  },
  {
    code: 'joint-visit',
    label: 'Joint visit',
    minutes: 60,
    places: ['clinic', 'home'],
    group: false,
    clinicians: 2,
    initial: false,
  },
];

const choice = (c: Partial<BookingChoice>): BookingChoice => ({
  type: 'initial-assessment',
  place: 'home',
  clinicianIds: ['a'],
  roomId: null,
  sessions: 1,
  everyWeeks: 1,
  capacity: null,
  ...c,
});
const fields = (c: Partial<BookingChoice>) => {
  const r = checkChoice(TYPES, choice(c));
  return r.ok ? [] : r.problems.map((p) => p.field);
};

describe('booking choices', () => {
  it('accepts a single home visit and gives its length', () => {
    const r = checkChoice(TYPES, choice({}));
    expect(r).toMatchObject({ ok: true, choice: { minutes: 60, capacity: 1, roomId: null } });
  });

  it('refuses a place the type does not allow, and a clinic without a room', () => {
    expect(fields({ type: 'group-session', place: 'home', capacity: 6 })).toEqual(['place']);
    expect(fields({ place: 'clinic' })).toEqual(['room']);
    expect(fields({ type: 'nonsense' })).toEqual(['type']);
  });

  it('needs a capacity for a group, and none for one child', () => {
    expect(fields({ type: 'group-session', place: 'clinic', roomId: 'r' })).toEqual(['capacity']);
    expect(fields({ type: 'group-session', place: 'clinic', roomId: 'r', capacity: 1 })).toEqual(['capacity']);
    expect(fields({ type: 'group-session', place: 'clinic', roomId: 'r', capacity: 6 })).toEqual([]);
    expect(fields({ capacity: 4 })).toEqual(['capacity']);
  });

  it('needs two different clinicians for a joint visit, and one otherwise', () => {
    expect(fields({ type: 'joint-visit', clinicianIds: ['a'] })).toEqual(['clinician2']);
    expect(fields({ type: 'joint-visit', clinicianIds: ['a', 'a'] })).toEqual(['clinician2']);
    expect(fields({ type: 'joint-visit', clinicianIds: ['a', 'b'] })).toEqual([]);
    expect(fields({ clinicianIds: ['a', 'b'] })).toEqual(['clinician2']);
    expect(fields({ clinicianIds: [] })).toEqual(['clinician']);
  });

  it('takes 1 to 12 sessions every 1 to 4 weeks', () => {
    expect(fields({ sessions: 12, everyWeeks: 4 })).toEqual([]);
    expect(fields({ sessions: 0 })).toEqual(['sessions']);
    expect(fields({ sessions: 13 })).toEqual(['sessions']);
    expect(fields({ everyWeeks: 5 })).toEqual(['every']);
    expect(fields({ everyWeeks: 1.5 })).toEqual(['every']);
  });
});

describe('references', () => {
  it('are the prefix, A and six digits', () => {
    expect(appointmentReference('OT', 42)).toBe('OT-A-000042');
    expect(isAppointmentReference('OT-A-000042')).toBe(true);
    expect(isAppointmentReference('OT-A-42')).toBe(false);
  });
});

describe('slots as pages send them', () => {
  const long = (d: string) => d;
  it('reads the first and second 01:30 of the night the clocks go back by their offset', () => {
    const first = parseSlot(slotValue('2026-10-25', '01:30', 'BST'), long);
    expect(first).toMatchObject({ ok: true, occurrence: 'first', zone: 'BST' });
    expect(first.ok && first.instant.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    const second = parseSlot('2026-10-25T01:30+00:00', long);
    expect(second.ok && second.instant.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(parseSlot('2026-10-25T01:30', long)).toMatchObject({ ok: true, zone: 'BST' });
  });

  it('refuses 01:30 on 29 March 2026, which London never shows, and what is not a slot', () => {
    const skipped = parseSlot('2026-03-29T01:30', long);
    expect(skipped).toEqual({
      ok: false,
      message: '01:30 on 2026-03-29 does not exist in London: the clocks go forward an hour at 01:00',
    });
    expect(parseSlot('2026-12-07T10:00+01:00', long).ok).toBe(false);
    expect(parseSlot('tomorrow', long).ok).toBe(false);
    expect(parseSlot('2026-02-30T10:00', long).ok).toBe(false);
  });
});
