import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../../test/support/ical.js';
import { escapeText, foldLine, londonDateTime, writeCalendar, type CalendarEvent } from './icalendar.js';
import { londonInstant, recurringInstants } from './london-time.js';

const at = (date: string, time: string, occurrence: 'first' | 'second' = 'first') => {
  const found = londonInstant(date, time, occurrence);
  if (!found.ok) throw new Error(`${date} ${time}: ${found.reason}`);
  return found.instant;
};

const event = (over: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: 'a1@otway.example',
  start: at('2026-01-15', '10:00'),
  end: at('2026-01-15', '11:00'),
  summary: 'Review: AB (OT-A-000001)',
  location: 'Hill Street Clinic',
  status: 'CONFIRMED',
  sequence: 0,
  ...over,
});

const doc = (events: CalendarEvent[]) =>
  writeCalendar({
    product: 'calendar feed',
    name: 'Children OT diary',
    stamp: new Date('2026-12-03T08:00:00Z'),
    events,
  });

describe('the calendar text', () => {
  it('has the calendar properties, a Europe/London time zone and CRLF line ends', () => {
    const text = doc([event()]);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/gu, '')).not.toMatch(/[\r\n]/u);
    const parsed = parseCalendar(text);
    expect(parsed.properties).toMatchObject({
      VERSION: '2.0',
      CALSCALE: 'GREGORIAN',
      METHOD: 'PUBLISH',
      'X-WR-TIMEZONE': 'Europe/London',
    });
    expect(parsed.properties.PRODID).toContain('Otway');
    expect(parsed.timezones).toEqual(['Europe/London']);
    expect(text).toContain('RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    expect(text).toContain('RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU');
  });

  it('gives 10:00 in winter as 10:00Z and 10:00 in summer as 09:00Z, written in London time', () => {
    const winter = event({ uid: 'w@h', start: at('2026-01-15', '10:00'), end: at('2026-01-15', '11:00') });
    const summer = event({ uid: 's@h', start: at('2026-07-15', '10:00'), end: at('2026-07-15', '10:45') });
    const text = doc([winter, summer]);
    expect(text).toContain('DTSTART;TZID=Europe/London:20260115T100000');
    expect(text).toContain('DTSTART;TZID=Europe/London:20260715T100000');
    const [w, s] = parseCalendar(text).events;
    expect(w).toMatchObject({ start: '2026-01-15T10:00:00.000Z', end: '2026-01-15T11:00:00.000Z' });
    expect(w?.startZone).toBe('Europe/London');
    expect(s).toMatchObject({ start: '2026-07-15T09:00:00.000Z', end: '2026-07-15T09:45:00.000Z' });
  });

  it('keeps the first and the second 01:30 of 25 October 2026 apart, in UTC', () => {
    const first = event({ uid: 'f@h', start: at('2026-10-25', '01:30'), end: at('2026-10-25', '02:00') });
    const second = event({
      uid: 's@h',
      start: at('2026-10-25', '01:30', 'second'),
      end: at('2026-10-25', '02:30'),
    });
    const text = doc([first, second]);
    expect(text).toContain('DTSTART:20261025T003000Z');
    expect(text).toContain('DTSTART:20261025T013000Z');
    // 02:00 happens once (GMT): it keeps the London form.
    expect(text).toContain('DTEND;TZID=Europe/London:20261025T020000');
    const [f, s] = parseCalendar(text).events;
    expect(f).toMatchObject({ start: '2026-10-25T00:30:00.000Z', end: '2026-10-25T02:00:00.000Z' });
    expect(s).toMatchObject({ start: '2026-10-25T01:30:00.000Z', end: '2026-10-25T02:30:00.000Z' });
  });

  it('writes the hour before the clocks go forward and the hour after in London time', () => {
    expect(londonDateTime('DTSTART', at('2026-03-29', '00:30'))).toBe('DTSTART;TZID=Europe/London:20260329T003000');
    expect(londonDateTime('DTSTART', at('2026-03-29', '02:00'))).toBe('DTSTART;TZID=Europe/London:20260329T020000');
    const text = doc([event({ start: at('2026-03-29', '00:30'), end: at('2026-03-29', '02:30') })]);
    expect(parseCalendar(text).events[0]).toMatchObject({
      start: '2026-03-29T00:30:00.000Z',
      end: '2026-03-29T01:30:00.000Z',
    });
  });

  it('keeps a weekly 16:00 session at 16:00 local on both sides of the clock change', () => {
    const weekly = recurringInstants('2026-10-14', '16:00', 4);
    if (!weekly.ok) throw new Error(weekly.reason);
    const events = weekly.instants.map((start, i) =>
      event({ uid: `s${String(i)}@h`, start, end: new Date(start.getTime() + 45 * 60_000) }),
    );
    const text = doc(events);
    for (const day of ['20261014', '20261021', '20261028', '20261104'])
      expect(text).toContain(`DTSTART;TZID=Europe/London:${day}T160000`);
    expect(parseCalendar(text).events.map((e) => e.start)).toEqual([
      '2026-10-14T15:00:00.000Z',
      '2026-10-21T15:00:00.000Z',
      '2026-10-28T16:00:00.000Z',
      '2026-11-04T16:00:00.000Z',
    ]);
  });

  it('says a cancelled appointment is cancelled, with its sequence', () => {
    const text = doc([event({ status: 'CANCELLED', sequence: 3 })]);
    expect(parseCalendar(text).events[0]).toMatchObject({ status: 'CANCELLED', sequence: 3 });
  });
});

describe('text values', () => {
  it('escapes backslash, semicolon, comma and newlines, and the parser gives them back', () => {
    const awkward = 'A, B; C \\ D\nE\r\nF';
    expect(escapeText(awkward)).toBe('A\\, B\\; C \\\\ D\\nE\\nF');
    const parsed = parseCalendar(doc([event({ summary: awkward, location: 'Room 1, Hill St; rear' })]));
    expect(parsed.events[0]).toMatchObject({ summary: 'A, B; C \\ D\nE\nF', location: 'Room 1, Hill St; rear' });
  });

  it('drops control characters', () => {
    expect(escapeText('a\u0000b\u0007c\td')).toBe('abc\td');
  });
});

describe('line folding', () => {
  const octets = (s: string) => new TextEncoder().encode(s).length;

  it('leaves a short line alone', () => {
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
  });

  it('folds at 75 octets, never splitting a character, and the parser unfolds it', () => {
    const summary = `${'Ł'.repeat(50)} 😀😀 ${'x'.repeat(60)} Zoë Ångström`;
    const folded = foldLine(`SUMMARY:${summary}`);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
      // No lone surrogate: each line is whole characters.
      expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(line))).toBe(line);
    }
    for (const line of lines.slice(1)) expect(line.startsWith(' ')).toBe(true);
    expect(parseCalendar(doc([event({ summary })])).events[0]?.summary).toBe(summary);
  });

  it('folds every long line of the calendar', () => {
    const text = doc([event({ summary: 'x'.repeat(300), location: 'y'.repeat(200) })]);
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
  });
});
