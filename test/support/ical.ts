/**
 * Reads an iCalendar text with Mozilla's ical.js, a parser independent of Otway's writer, so the feed's tests check
 * what a calendar application would see: the events' instants in UTC, their text properties and the time zones.
 */
import ICAL from 'ical.js';

export interface ParsedEvent {
  uid: string;
  start: string;
  end: string;
  startZone: string | null;
  summary: string;
  location: string | null;
  status: string | null;
  sequence: number;
}

export interface ParsedCalendar {
  properties: Record<string, string>;
  timezones: string[];
  events: ParsedEvent[];
}

export function parseCalendar(text: string): ParsedCalendar {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const timezones = calendar.getAllSubcomponents('vtimezone');
  for (const tz of timezones) ICAL.TimezoneService.register(tz);
  const properties: Record<string, string> = {};
  for (const p of calendar.getAllProperties()) properties[p.name.toUpperCase()] = String(p.getFirstValue());
  const events = calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    const location = v.getFirstPropertyValue('location');
    const status = v.getFirstPropertyValue('status');
    return {
      uid: e.uid,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      startZone: (e.startDate.zone as { tzid?: string } | null | undefined)?.tzid ?? null,
      summary: e.summary,
      location: location === null ? null : String(location),
      status: status === null ? null : String(status),
      sequence: e.sequence,
    };
  });
  return { properties, timezones: timezones.map((tz) => String(tz.getFirstPropertyValue('tzid'))), events };
}
