/**
 * Appointments (issue 13 item 4, docs/adr/0037): their statuses, places and references, and what makes a booking
 * request acceptable before any time is looked for: the type allows the place; a group session has a capacity; a
 * joint visit has two different clinicians; a clinic appointment has a room; a recurring block is 1 to 12 sessions,
 * every 1 to 4 weeks. Pure.
 */
import { APPOINTMENT_PLACES, type AppointmentPlace, type AppointmentType } from '../service/care-settings.js';
import type { FieldProblem } from '../forms/fields.js';
import { londonInstant } from './london-time.js';

export { APPOINTMENT_PLACES, type AppointmentPlace };

export const APPOINTMENT_STATUSES = ['booked', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** What each child's row records when the service cancels. */
export const CANCELLED_BY_SERVICE = 'cancelled-by-service';

export const PLACE_LABELS: Record<AppointmentPlace, string> = {
  clinic: 'In clinic',
  home: 'At home',
  school: 'At school',
};

export const MAX_SESSIONS = 12;
export const MAX_EVERY_WEEKS = 4;
export const MIN_GROUP_CAPACITY = 2;
export const MAX_GROUP_CAPACITY = 20;

/** An appointment's reference: the service's prefix, "A", and six digits (OT-A-123456). */
export function appointmentReference(prefix: string, sixDigits: number): string {
  return `${prefix}-A-${String(Math.abs(Math.trunc(sixDigits)) % 1_000_000).padStart(6, '0')}`;
}

export function isAppointmentReference(value: string): boolean {
  return /^[A-Z]{2,6}-A-\d{6}$/u.test(value);
}

/** What is booked, before the time: the type, where, with whom, how many sessions. */
export interface BookingChoice {
  type: string;
  place: AppointmentPlace;
  /** One clinician, or two (different) for a joint visit. */
  clinicianIds: string[];
  /** The room, for a clinic appointment. */
  roomId: string | null;
  /** Sessions in the block (1 for a single appointment), every this many weeks. */
  sessions: number;
  everyWeeks: number;
  /** Places in a group session; null otherwise. */
  capacity: number | null;
}

export interface CheckedChoice extends BookingChoice {
  appointmentType: AppointmentType;
  minutes: number;
}

export type ChoiceCheck = { ok: true; choice: CheckedChoice } | { ok: false; problems: FieldProblem[] };

/** Checks a booking choice against the service's appointment types. */
export function checkChoice(types: readonly AppointmentType[], c: BookingChoice): ChoiceCheck {
  const problems: FieldProblem[] = [];
  const type = types.find((t) => t.code === c.type);
  if (type === undefined)
    return { ok: false, problems: [{ field: 'type', message: 'Select the type of appointment' }] };
  if (!(APPOINTMENT_PLACES as readonly string[]).includes(c.place) || !type.places.includes(c.place)) {
    const where = type.places.map((p) => PLACE_LABELS[p].toLowerCase()).join(' or ');
    problems.push({ field: 'place', message: `${type.label} can only be ${where}` });
  }
  const clinicians = c.clinicianIds.filter((id) => id !== '');
  if (clinicians.length === 0) problems.push({ field: 'clinician', message: 'Select the clinician' });
  else if (type.clinicians === 2) {
    if (clinicians.length < 2) problems.push({ field: 'clinician2', message: 'Select the second clinician' });
    else if (clinicians[0] === clinicians[1])
      problems.push({ field: 'clinician2', message: 'Select a second clinician who is not the first' });
  } else if (clinicians.length > 1) {
    problems.push({ field: 'clinician2', message: `${type.label} is with one clinician: leave the second empty` });
  }
  if (c.place === 'clinic' && (c.roomId === null || c.roomId === '')) {
    problems.push({ field: 'room', message: 'Select the room' });
  }
  if (!Number.isInteger(c.sessions) || c.sessions < 1 || c.sessions > MAX_SESSIONS) {
    problems.push({ field: 'sessions', message: `Enter how many sessions, from 1 to ${String(MAX_SESSIONS)}` });
  }
  if (!Number.isInteger(c.everyWeeks) || c.everyWeeks < 1 || c.everyWeeks > MAX_EVERY_WEEKS) {
    problems.push({ field: 'every', message: `Enter how many weeks apart, from 1 to ${String(MAX_EVERY_WEEKS)}` });
  }
  if (type.group) {
    if (
      c.capacity === null ||
      !Number.isInteger(c.capacity) ||
      c.capacity < MIN_GROUP_CAPACITY ||
      c.capacity > MAX_GROUP_CAPACITY
    ) {
      problems.push({
        field: 'capacity',
        message: `Enter how many children the group can take, from ${String(MIN_GROUP_CAPACITY)} to ${String(MAX_GROUP_CAPACITY)}`,
      });
    }
  } else if (c.capacity !== null && c.capacity !== 1) {
    problems.push({ field: 'capacity', message: `${type.label} is for one child: leave the places empty` });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    choice: {
      ...c,
      clinicianIds: clinicians,
      roomId: c.place === 'clinic' ? c.roomId : null,
      capacity: type.group ? c.capacity : 1,
      appointmentType: type,
      minutes: type.minutes,
    },
  };
}

/** A slot as pages send it: the London date and time with the offset it has then (2026-10-25T01:30+01:00). */
const SLOT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?:([+]0[01]:00))?$/u;

export type SlotStart =
  | { ok: true; date: string; time: string; occurrence: 'first' | 'second'; instant: Date; zone: 'GMT' | 'BST' }
  | { ok: false; message: string };

/** The slot's value as the radios carry it: the date, the time and, where it happens twice, which of the two. */
export function slotValue(date: string, time: string, zone: 'GMT' | 'BST'): string {
  return `${date}T${time}${zone === 'BST' ? '+01:00' : '+00:00'}`;
}

/**
 * A start in London: the date and time, and the offset when the time happens twice. A time the clocks skip is
 * refused in words a person understands.
 */
export function parseSlot(value: string, formatLong: (date: string) => string): SlotStart {
  const m = SLOT.exec(value);
  if (m === null) return { ok: false, message: 'Select a time' };
  const [, date, time, offset] = m as unknown as [string, string, string, string | undefined];
  const first = londonInstant(date, time, 'first');
  if (!first.ok) {
    return first.reason === 'skipped-by-clock-change'
      ? {
          ok: false,
          message: `${time} on ${formatLong(date)} does not exist in London: the clocks go forward an hour at 01:00`,
        }
      : { ok: false, message: 'Select a time' };
  }
  const wantsGmt = offset === '+00:00';
  const occurrence = first.ambiguous && wantsGmt ? 'second' : 'first';
  const at = londonInstant(date, time, occurrence);
  if (!at.ok) return { ok: false, message: 'Select a time' };
  if (offset !== undefined && (offset === '+01:00') !== (at.zone === 'BST'))
    return { ok: false, message: 'Select a time' };
  return { ok: true, date, time, occurrence, instant: at.instant, zone: at.zone };
}
