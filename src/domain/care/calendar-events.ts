/**
 * What a clinician's calendar feed says about each appointment (docs/adr/0039). The feed leaves Otway for calendars
 * on phones and in other organisations' clouds, so it carries the least that lets the clinician find their day: the
 * type of appointment, the children's initials and the appointment's reference (never a name), and where: the clinic
 * by name, or a home or school visit by its postcode district only (LE2, never the street or the full postcode).
 */
import type { CalendarEvent } from './icalendar.js';

export interface FeedAppointment {
  id: string;
  reference: string;
  typeLabel: string;
  startsAt: string;
  endsAt: string;
  /** clinic | home | school */
  place: string;
  locationName: string | null;
  /** The child's postcode for a home visit, the school's for a school visit; null when unknown. */
  postcode: string | null;
  /** booked | cancelled */
  status: string;
  version: number;
  /** The first letters of each child's given and family names, as the database gave them. */
  children: readonly { given: string; family: string }[];
}

/** More children than this in a group are counted, not listed. */
const MOST_INITIALS = 4;
const OUTWARD = /^[A-Z]{1,2}\d[A-Z\d]?$/u;

/** The first letter of a name's part, in capitals; nothing when it has no letter. */
function firstLetter(text: string): string {
  const m = /\p{L}/u.exec(text);
  return m === null ? '' : m[0].toLocaleUpperCase('en-GB');
}

export function initialsOf(child: { given: string; family: string }): string {
  const initials = `${firstLetter(child.given)}${firstLetter(child.family)}`;
  return initials === '' ? '?' : initials;
}

/** The postcode district (outward code): LE2 from "LE2 7XX" or "le27xx"; null for anything not like a postcode. */
export function postcodeDistrict(postcode: string | null): string | null {
  if (postcode === null) return null;
  const compact = postcode.replace(/\s+/gu, '').toUpperCase();
  if (compact.length < 5 || compact.length > 7) return null;
  const outward = compact.slice(0, -3);
  const inward = compact.slice(-3);
  return OUTWARD.test(outward) && /^\d[A-Z]{2}$/u.test(inward) ? outward : null;
}

export function eventLocation(place: string, locationName: string | null, postcode: string | null): string | null {
  const district = postcodeDistrict(postcode);
  switch (place) {
    case 'home':
      return district === null ? 'Home visit' : `Home visit, ${district}`;
    case 'school':
      return district === null ? 'School visit' : `School visit, ${district}`;
    default:
      return locationName;
  }
}

export function eventSummary(typeLabel: string, children: FeedAppointment['children'], reference: string): string {
  const who =
    children.length === 0
      ? ''
      : children.length > MOST_INITIALS
        ? `${String(children.length)} children`
        : children.map(initialsOf).join(', ');
  return who === '' ? `${typeLabel} (${reference})` : `${typeLabel}: ${who} (${reference})`;
}

export function calendarEventOf(appointment: FeedAppointment, host: string): CalendarEvent {
  return {
    uid: `${appointment.id}@${host}`,
    start: new Date(appointment.startsAt),
    end: new Date(appointment.endsAt),
    summary: eventSummary(appointment.typeLabel, appointment.children, appointment.reference),
    location: eventLocation(appointment.place, appointment.locationName, appointment.postcode),
    status: appointment.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    sequence: Math.max(0, appointment.version - 1),
  };
}
