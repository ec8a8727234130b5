/**
 * The booking pages' parameters (docs/adr/0037). The choice (type, place, clinicians, room, sessions, weeks apart,
 * places) travels from the first page to the slots page in the query string, and to the confirmation in the form;
 * each value is checked against an allow-list or a shape here (a type from the definition, a place from the three,
 * ids shaped as ids, small whole numbers, a week as an ISO date), so only clean values reach the use case, which checks
 * the ids against the service's own clinicians and rooms. A parameter the page does not know is refused outright.
 */
import { APPOINTMENT_PLACES, type AppointmentPlace, type BookingChoice } from '../../../domain/care/appointments.js';
import { addDays, londonWallTime } from '../../../domain/care/london-time.js';
import type { FieldProblem } from '../../../domain/forms/fields.js';
import type { AppointmentType } from '../../../domain/service/care-settings.js';
import { isIsoDate } from '../../../domain/shared/dates.js';
import { UnexpectedFieldsError } from '../../forms/form.js';

export const CHOICE_FIELDS = ['type', 'place', 'clinician', 'clinician2', 'room', 'sessions', 'every', 'capacity'];
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
const SMALL_NUMBER = /^\d{1,2}$/u;

export const isId = (value: unknown): value is string => typeof value === 'string' && ID.test(value);

/** Refuses a request carrying fields the page does not send. */
export function refuseUnexpected(values: Record<string, unknown>, allowed: readonly string[]): void {
  const unexpected = Object.keys(values).filter((k) => !allowed.includes(k));
  if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
}

/** One value of a parameter: '' when absent, null when sent twice or not text. */
function single(values: Record<string, unknown>, name: string): string | null {
  const v = values[name];
  if (v === undefined) return '';
  return typeof v === 'string' ? v.trim() : null;
}

export type ChoiceInput = { ok: true; choice: BookingChoice } | { ok: false; problems: FieldProblem[] };

/** The booking choice from what was sent, each value against its allow-list or shape. */
export function parseChoice(types: readonly AppointmentType[], values: Record<string, unknown>): ChoiceInput {
  const problems: FieldProblem[] = [];
  const text = (name: string, message: string, ok: (v: string) => boolean, optional = false): string => {
    const v = single(values, name);
    if (v === null || (v === '' && !optional) || (v !== '' && !ok(v))) {
      problems.push({ field: name, message });
      return '';
    }
    return v;
  };
  const type = text('type', 'Select the type of appointment', (v) => types.some((t) => t.code === v));
  const place = text('place', 'Select where the appointment is', (v) =>
    (APPOINTMENT_PLACES as readonly string[]).includes(v),
  );
  const clinician = text('clinician', 'Select the clinician', (v) => ID.test(v));
  const clinician2 = text('clinician2', 'Select a second clinician from the list', (v) => ID.test(v), true);
  const room = text('room', 'Select a room from the list', (v) => ID.test(v), true);
  const sessions = text('sessions', 'Enter how many sessions, from 1 to 12', (v) => SMALL_NUMBER.test(v), true);
  const every = text('every', 'Enter how many weeks apart, from 1 to 4', (v) => SMALL_NUMBER.test(v), true);
  const capacity = text(
    'capacity',
    'Enter how many children the group can take, as a number',
    (v) => SMALL_NUMBER.test(v),
    true,
  );
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    choice: {
      type,
      place: place as AppointmentPlace,
      clinicianIds: clinician2 === '' ? [clinician] : [clinician, clinician2],
      roomId: room === '' ? null : room,
      sessions: sessions === '' ? 1 : Number(sessions),
      everyWeeks: every === '' ? 1 : Number(every),
      capacity: capacity === '' ? null : Number(capacity),
    },
  };
}

/** The choice as query parameters (for the week links) or hidden fields (for the confirmation). */
export function choiceParams(choice: BookingChoice): [string, string][] {
  const params: [string, string][] = [
    ['type', choice.type],
    ['place', choice.place],
    ['clinician', choice.clinicianIds[0] ?? ''],
  ];
  if (choice.clinicianIds[1] !== undefined) params.push(['clinician2', choice.clinicianIds[1]]);
  if (choice.roomId !== null) params.push(['room', choice.roomId]);
  params.push(['sessions', String(choice.sessions)], ['every', String(choice.everyWeeks)]);
  if (choice.capacity !== null && choice.capacity > 1) params.push(['capacity', String(choice.capacity)]);
  return params;
}

/** The Monday on or before a London date. */
export function mondayOf(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/** How far ahead the slots page looks: two years of weeks. */
const WEEKS_AHEAD = 104;

/**
 * The week asked for (`?week=YYYY-MM-DD`, any day of it), as its Monday; this week when none is asked; null for a
 * value that is not a date, or a week before this one or more than two years ahead.
 */
export function parseWeek(value: unknown, now: Date): string | null {
  const thisWeek = mondayOf(londonWallTime(now).date);
  if (value === undefined || value === '') return thisWeek;
  if (typeof value !== 'string' || !isIsoDate(value)) return null;
  const week = mondayOf(value);
  if (week < thisWeek || week > addDays(thisWeek, WEEKS_AHEAD * 7)) return null;
  return week;
}

export const WEEK_MESSAGE = 'Choose a week from this week on, within two years, like 2026-12-07';
