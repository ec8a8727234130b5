/**
 * An RFC 5545 calendar (text/calendar) of a clinician's appointments, for the secret feed their calendar application
 * reads (docs/adr/0039). Pure: the events come in as UTC instants and leave as Europe/London wall-clock times, with
 * the zone itself described in a VTIMEZONE so that any client shows them right across the clock changes.
 *
 * - Times are written `DTSTART;TZID=Europe/London:YYYYMMDDTHHMMSS`, from `londonWallTime`, never the process zone.
 * - When the clocks go back (last Sunday of October) the local hour from 01:00 happens twice. RFC 5545 §3.3.5 says a
 *   TZID time that occurs twice "refers to the first occurrence", so `01:30` with the TZID would be 00:30Z (BST), and
 *   the second 01:30 (01:30Z, GMT) cannot be written with the TZID at all. Clients do not all follow the RFC here
 *   (Mozilla's ical.js, behind Thunderbird, reads the TZID form as the second occurrence), so an instant whose London
 *   time happens twice, first or second, is written in UTC with a `Z`, which every client reads as one instant.
 * - TEXT values escape `\`, `;`, `,` and newlines; content lines are folded at 75 octets without splitting a UTF-8
 *   character; every line ends with CRLF.
 */
import { londonInstant, londonWallTime } from './london-time.js';

export const LONDON_TZID = 'Europe/London';

export interface CalendarEvent {
  /** Unique and stable for the appointment: `<appointment id>@<host>`. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location: string | null;
  status: 'CONFIRMED' | 'CANCELLED';
  /** Goes up each time the appointment changes, so that clients replace their copy (the appointment's version). */
  sequence: number;
}

export interface CalendarDocument {
  /** PRODID's product name: `-//NHS//Otway <name>//EN`. */
  product: string;
  /** X-WR-CALNAME: what a calendar application calls the subscribed calendar. */
  name: string;
  /** DTSTAMP of every event: when the feed was made. */
  stamp: Date;
  events: readonly CalendarEvent[];
}

const CRLF = '\r\n';
const FOLD_AT = 75;

/**
 * Europe/London since 1996 (EU rules): BST from 01:00 UTC on the last Sunday of March, GMT from 01:00 UTC on the last
 * Sunday of October. Each DTSTART is local time before the change: 01:00 GMT in March, 02:00 BST in October.
 */
const VTIMEZONE_LONDON = [
  'BEGIN:VTIMEZONE',
  `TZID:${LONDON_TZID}`,
  `X-LIC-LOCATION:${LONDON_TZID}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped; other controls dropped. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\r\n?/gu, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/gu, '')
      .replace(/\\/gu, '\\\\')
      .replace(/;/gu, '\\;')
      .replace(/,/gu, '\\,')
      .replace(/\n/gu, '\\n')
  );
}

const utf8Octets = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * A content line folded at 75 octets (RFC 5545 §3.1): each continuation starts with one space, which counts towards
 * its 75. A character is never split, so a line never ends in the middle of a UTF-8 sequence or a surrogate pair.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = FOLD_AT;
  for (const char of line) {
    const size = utf8Octets(char.codePointAt(0) ?? 0);
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = FOLD_AT - 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

const two = (n: number) => String(n).padStart(2, '0');

/** YYYYMMDDTHHMMSSZ. */
export function utcStamp(instant: Date): string {
  return (
    `${String(instant.getUTCFullYear()).padStart(4, '0')}${two(instant.getUTCMonth() + 1)}${two(instant.getUTCDate())}` +
    `T${two(instant.getUTCHours())}${two(instant.getUTCMinutes())}${two(instant.getUTCSeconds())}Z`
  );
}

/**
 * A DATE-TIME property for an instant: London wall-clock time with the TZID, or UTC with a `Z` when that wall-clock
 * time happens twice (the hour the clocks go back), whose TZID form clients resolve differently. London's offset is
 * whole hours, so the seconds are the instant's own.
 */
export function londonDateTime(name: string, instant: Date): string {
  const wall = londonWallTime(instant);
  const seconds = instant.getUTCSeconds();
  const at = londonInstant(wall.date, wall.time);
  if (!at.ok || at.ambiguous) return `${name}:${utcStamp(instant)}`;
  const local = `${wall.date.replace(/-/gu, '')}T${wall.time.replace(':', '')}${two(seconds)}`;
  return `${name};TZID=${LONDON_TZID}:${local}`;
}

function eventLines(event: CalendarEvent, stamp: Date): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utcStamp(stamp)}`,
    londonDateTime('DTSTART', event.start),
    londonDateTime('DTEND', event.end),
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.location === null || event.location === '' ? [] : [`LOCATION:${escapeText(event.location)}`]),
    `STATUS:${event.status}`,
    `SEQUENCE:${String(Math.max(0, Math.trunc(event.sequence)))}`,
    'TRANSP:OPAQUE',
    // A feed carries the clinician's own diary: nothing in it is to be shared onwards from their calendar.
    'CLASS:PRIVATE',
    'END:VEVENT',
  ];
}

/** The whole calendar as text: CRLF line ends, folded, ending with a CRLF. */
export function writeCalendar(doc: CalendarDocument): string {
  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:-//NHS//Otway ${escapeText(doc.product)}//EN`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(doc.name)}`,
    `X-WR-TIMEZONE:${LONDON_TZID}`,
    // How often a client should read the feed again (RFC 7986, and the older Microsoft name).
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...VTIMEZONE_LONDON,
    ...doc.events.flatMap((event) => eventLines(event, doc.stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
