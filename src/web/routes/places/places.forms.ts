/**
 * The places forms as fields of the one form-component model (ADR 0026): a team, a clinic location, a room, and a
 * clinician's team, base and working pattern. A working day is two times on the 24-hour clock; a day with both left
 * empty is not worked. The pattern is then checked with the service definition's own schema.
 */
import { versionField, type Field } from '../../../domain/forms/fields.js';
import {
  WEEKDAYS,
  workingPatternSchema,
  type Weekday,
  type WorkingPattern,
} from '../../../domain/service/care-settings.js';
import type { LocationRow, TeamRow } from '../../../services/care/places.service.js';

export const DAY_NAMES: Readonly<Record<Weekday, string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** A time on the 24-hour clock; "9:00" is read as 09:00. */
export const TIME = /^([01]?\d|2[0-3]):[0-5]\d$/u;

export const padTime = (time: string) => time.padStart(5, '0');

export const timeField = (name: string, label: string, what: string, optional: boolean) =>
  ({
    kind: 'text',
    name,
    label,
    hint: optional ? undefined : 'Use the 24-hour clock, like 09:00 or 14:30',
    missing: `Enter ${what}`,
    max: 5,
    width: 'one-third',
    ...(optional && { optional: true as const }),
    pattern: { test: TIME, message: `Enter ${what} on the 24-hour clock, like 09:00 or 14:30`, upper: false },
  }) as const satisfies Field;

export const teamFields = [
  { kind: 'text', name: 'name', label: 'Team name', missing: 'Enter the team name', max: 120 },
] as const satisfies readonly Field[];

export const locationFields = [
  { kind: 'text', name: 'name', label: 'Name of the location', missing: 'Enter the name of the location', max: 120 },
  {
    kind: 'text',
    name: 'addressLine1',
    label: 'Address line 1',
    missing: 'Enter the first line of the address',
    max: 120,
    autocomplete: 'off',
  },
  {
    kind: 'text',
    name: 'addressLine2',
    label: 'Address line 2 (optional)',
    missing: '',
    optional: true,
    max: 120,
    autocomplete: 'off',
  },
  {
    kind: 'text',
    name: 'town',
    label: 'Town or city',
    missing: 'Enter the town or city',
    max: 60,
    width: 'two-thirds',
  },
  { kind: 'postcode', name: 'postcode', label: 'Postcode', missing: 'Enter the postcode', autocomplete: 'off' },
  {
    kind: 'radios',
    name: 'use',
    label: 'Are children seen here?',
    missing: 'Select whether children are seen here',
    options: [
      { value: 'clinic', text: 'Yes, it is a clinic with rooms' },
      { value: 'office', text: 'No, it is an office base only' },
    ],
  },
] as const satisfies readonly Field[];

export const roomFields = [
  { kind: 'text', name: 'name', label: 'Room name', missing: 'Enter the room name', max: 120 },
  {
    kind: 'text',
    name: 'capacity',
    label: 'Capacity',
    hint: 'How many children a group session in this room can hold, from 1 to 30',
    missing: 'Enter the capacity',
    max: 2,
    width: 'one-third',
    pattern: { test: /^\d{1,2}$/u, message: 'Capacity must be a whole number from 1 to 30', upper: false },
  },
] as const satisfies readonly Field[];

export const NO_TEAM = 'none';

/** A clinician's profile: team and base from this service's lists, then each day's hours. */
export function staffFields(teams: readonly TeamRow[], locations: readonly LocationRow[]) {
  return [
    {
      kind: 'radios',
      name: 'team',
      label: 'Team',
      missing: 'Select a team, or no team',
      options: [...teams.map((t) => ({ value: t.id, text: t.name })), { value: NO_TEAM, text: 'No team' }],
    },
    {
      kind: 'radios',
      name: 'base',
      label: 'Base',
      hint: 'Where they work from when not seeing children',
      missing: 'Select a base, or no base',
      options: [...locations.map((l) => ({ value: l.id, text: l.name })), { value: NO_TEAM, text: 'No base' }],
    },
    ...WEEKDAYS.flatMap((day) => [
      timeField(`${day}-start`, 'Start time', `${DAY_NAMES[day]}'s start time`, true),
      timeField(`${day}-end`, 'End time', `${DAY_NAMES[day]}'s end time`, true),
    ]),
    versionField,
  ] as const satisfies readonly Field[];
}

export type PatternResult =
  { ok: true; pattern: WorkingPattern } | { ok: false; problems: [field: string, message: string][] };

/** The days' times as a working pattern, or a message beside each day that is half filled in or ends too soon. */
export function patternFrom(values: Record<string, unknown>): PatternResult {
  const pattern: WorkingPattern = {};
  const problems: [string, string][] = [];
  for (const day of WEEKDAYS) {
    const start = values[`${day}-start`];
    const end = values[`${day}-end`];
    const s = typeof start === 'string' ? padTime(start) : undefined;
    const e = typeof end === 'string' ? padTime(end) : undefined;
    if (s === undefined && e === undefined) continue;
    if (s === undefined) problems.push([`${day}-start`, `Enter ${DAY_NAMES[day]}'s start time, or leave both empty`]);
    else if (e === undefined) problems.push([`${day}-end`, `Enter ${DAY_NAMES[day]}'s end time, or leave both empty`]);
    else if (e <= s) problems.push([`${day}-end`, `${DAY_NAMES[day]}'s end time must be after its start time`]);
    else pattern[day] = { start: s, end: e };
  }
  if (problems.length > 0) return { ok: false, problems };
  const checked = workingPatternSchema.safeParse(pattern);
  return checked.success
    ? { ok: true, pattern: checked.data }
    : { ok: false, problems: [['mon-start', 'Enter working hours that end after they start']] };
}
