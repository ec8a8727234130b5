/**
 * What the booking pages and the appointment page show: the choice form's items, the week's free slots as radios
 * grouped by day (times in London, with "BST" or "GMT" on the days the clocks change and on a time that happens
 * twice), and an appointment's when, where and who. Plain functions of the use cases' answers.
 */
import { PLACE_LABELS, slotValue, type BookingChoice } from '../../../domain/care/appointments.js';
import type { FreeSlot } from '../../../domain/care/free-slots.js';
import { addDays, londonInstant, londonWallTime } from '../../../domain/care/london-time.js';
import type { FieldProblem } from '../../../domain/forms/fields.js';
import type { AppointmentType } from '../../../domain/service/care-settings.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import type { AppointmentRecord } from '../../../services/care/booking.service.js';
import { pageErrors } from '../../forms/field-models.js';
import { isAppointmentOutcome, OUTCOME_LABELS } from '../../../domain/care/outcomes.js';
import { paths } from '../../paths.js';
import { choiceParams } from './booking.forms.js';

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Do London's clocks change on this date? */
export function clocksChangeOn(date: string): boolean {
  const start = londonInstant(date, '00:00');
  const end = londonInstant(date, '23:59', 'second');
  return start.ok && end.ok && start.zone !== end.zone;
}

export function dayHeading(date: string): string {
  const wall = londonInstant(date, '12:00');
  const weekday = wall.ok ? (WEEKDAY_NAMES[londonWallTime(wall.instant).weekday] ?? '') : '';
  return `${weekday} ${formatLongDate(date)}`;
}

/** A time as shown: "16:00", or "01:30 BST" on a day the clocks change. */
export function shownTime(instant: Date): string {
  const wall = londonWallTime(instant);
  return clocksChangeOn(wall.date) ? `${wall.time} ${wall.zone}` : wall.time;
}

export interface ChoiceOptions {
  types: readonly AppointmentType[];
  clinicians: readonly { id: string; displayName: string }[];
  rooms: readonly { id: string; name: string; locationName: string }[];
}

const text = (values: Record<string, unknown>, name: string) => {
  const v = values[name];
  return typeof v === 'string' ? v : '';
};

/** The first page's form: its choices, what was chosen, and each field's error. */
export function choiceFormModel(
  options: ChoiceOptions,
  values: Record<string, unknown>,
  problems: readonly FieldProblem[] = [],
) {
  const errors = pageErrors(problems, { type: 'type', place: 'place' });
  const error = (name: string) => errors.fields[name];
  const chosen = (name: string) => text(values, name);
  const select = (name: string, none: string | null, items: { value: string; text: string }[]) => [
    ...(none === null ? [] : [{ value: '', text: none, selected: chosen(name) === '' }]),
    ...items.map((i) => ({ ...i, selected: chosen(name) === i.value })),
  ];
  const clinicians = options.clinicians.map((c) => ({ value: c.id, text: c.displayName }));
  return {
    errors: problems.length > 0 ? errors : undefined,
    type: {
      items: options.types.map((t) => ({
        value: t.code,
        text: t.label,
        hint: {
          text: `${String(t.minutes)} minutes; ${t.places.map((p) => PLACE_LABELS[p].toLowerCase()).join(', ')}${t.group ? '; a group' : ''}${t.clinicians === 2 ? '; two clinicians' : ''}`,
        },
        checked: chosen('type') === t.code,
      })),
      error: error('type'),
    },
    place: {
      items: (['clinic', 'home', 'school'] as const).map((p) => ({
        value: p,
        text: PLACE_LABELS[p],
        checked: chosen('place') === p,
      })),
      error: error('place'),
    },
    clinician: { items: select('clinician', 'Choose a clinician', clinicians), error: error('clinician') },
    clinician2: { items: select('clinician2', 'None', clinicians), error: error('clinician2') },
    room: {
      items: select(
        'room',
        'None (not in clinic)',
        options.rooms.map((r) => ({ value: r.id, text: `${r.locationName}: ${r.name}` })),
      ),
      error: error('room'),
    },
    sessions: { value: chosen('sessions') || '1', error: error('sessions') },
    every: { value: chosen('every') || '1', error: error('every') },
    capacity: { value: chosen('capacity'), error: error('capacity') },
  };
}

/** The week's free slots as one radios group per day that has any. */
export function slotDays(slots: readonly FreeSlot[], chosen: string | undefined) {
  const days = new Map<string, { value: string; text: string; checked: boolean }[]>();
  for (const s of slots) {
    const value = slotValue(s.date, s.time, s.zone);
    const changes = clocksChangeOn(s.date);
    const label = changes || s.ambiguous ? `${s.time} ${s.zone}` : s.time;
    const list = days.get(s.date) ?? [];
    list.push({
      value,
      text: s.ambiguous ? `${label} (the first ${s.time}: the clocks go back an hour at 02:00)` : label,
      checked: chosen === value,
    });
    days.set(s.date, list);
  }
  return [...days].map(([date, items], i) => ({
    id: i === 0 ? 'slot' : `slot-${date}`,
    legend: dayHeading(date),
    note: clocksChangeOn(date) ? 'The clocks change on this day: times show BST or GMT.' : undefined,
    items,
  }));
}

export function weekLinks(episodeId: string, choice: BookingChoice, week: string, thisWeek: string) {
  const href = (w: string) => {
    const params = new URLSearchParams([...choiceParams(choice), ['week', w]]);
    return `${paths.appointments.slots.build({ episodeId })}?${params.toString()}`;
  };
  return {
    heading: `Week beginning ${dayHeading(week)}`,
    previous: week > thisWeek ? { href: href(addDays(week, -7)), text: 'Previous week' } : undefined,
    next: { href: href(addDays(week, 7)), text: 'Next week' },
  };
}

const STATUS_LABELS: Record<string, string> = { booked: 'Booked', cancelled: 'Cancelled' };

/** The appointment page: when, where, who, the children and their outcomes so far. */
export function appointmentModel(a: AppointmentRecord, types: readonly AppointmentType[]) {
  const start = new Date(a.startsAt);
  const end = new Date(a.endsAt);
  const wall = londonWallTime(start);
  const type = types.find((t) => t.code === a.type);
  const place = (PLACE_LABELS as Record<string, string | undefined>)[a.place] ?? a.place;
  const where = [a.where.name, a.where.room, a.where.postcode].filter((v): v is string => v !== null && v !== '');
  return {
    reference: a.reference,
    title: `${type?.label ?? a.type} ${a.reference}`,
    status: STATUS_LABELS[a.status] ?? a.status,
    cancelled: a.status === 'cancelled',
    cancelledReason: a.cancelledReason,
    version: a.version,
    rows: [
      { key: { text: 'Type' }, value: { text: type?.label ?? a.type } },
      { key: { text: 'Date' }, value: { text: dayHeading(wall.date) } },
      { key: { text: 'Time' }, value: { text: `${shownTime(start)} to ${shownTime(end)} (London time)` } },
      { key: { text: 'Where' }, value: { text: `${place}: ${where.join(', ')}` } },
      { key: { text: 'With' }, value: { text: a.staff.map((s) => s.displayName).join(' and ') } },
      ...(a.capacity > 1
        ? [{ key: { text: 'Places' }, value: { text: `${String(a.children.length)} of ${String(a.capacity)} taken` } }]
        : []),
      { key: { text: 'Status' }, value: { text: STATUS_LABELS[a.status] ?? a.status } },
    ],
    children: a.children.map((c) => ({
      reference: c.referralReference,
      name: `${c.givenName} ${c.familyName}`,
      outcome:
        c.outcome === null
          ? 'Not recorded yet'
          : isAppointmentOutcome(c.outcome)
            ? OUTCOME_LABELS[c.outcome]
            : c.outcome.replace(/-/gu, ' '),
      outcomeHref: paths.appointments.outcome.build({ appointmentId: a.id, episodeId: c.episodeId }),
      // The next appointment for this child (a review, a block of sessions), from their appointment.
      bookHref: paths.appointments.book.build({ episodeId: c.episodeId }),
    })),
    canAddChild: a.status === 'booked' && a.capacity > 1 && a.children.length < a.capacity,
    rebookHref:
      a.status === 'cancelled' && a.children[0] !== undefined
        ? `${paths.appointments.book.build({ episodeId: a.children[0].episodeId })}?from=${encodeURIComponent(a.id)}`
        : undefined,
    cancelAction: paths.appointments.cancel.build({ appointmentId: a.id }),
    addChildAction: paths.appointments.addChild.build({ appointmentId: a.id }),
  };
}
