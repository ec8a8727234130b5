/**
 * What a diary page shows, from the use case's page: each London day of the day or week with its working hours, its
 * appointments (time, type, place, the children's initials only, a link) and its blocks, earliest first; previous
 * and next links; and, in a week that holds a clock change, each time marked GMT or BST and a line saying when the
 * clocks change. Pure: unit-tested in diary.view-models.test.ts under any process time zone.
 */
import { addDays, londonInstant, londonWallTime } from '../../../domain/care/london-time.js';
import { WEEKDAYS } from '../../../domain/service/care-settings.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import type { DiaryPage } from '../../../services/care/diary.service.js';
import { paths } from '../../paths.js';
import { DAY_NAMES } from '../places/places.forms.js';
import { BLOCK_LABELS } from './diary.forms.js';

const midnight = (date: string): Date => {
  const at = londonInstant(date, '00:00');
  if (!at.ok) throw new RangeError(`No London midnight on ${date}`);
  return at.instant;
};

/** "Monday 26 October 2026". */
export function dayHeading(date: string): string {
  const day = WEEKDAYS[londonWallTime(midnight(date)).weekday] ?? 'mon';
  return `${DAY_NAMES[day]} ${formatLongDate(date)}`;
}

/** The clock change inside these dates, if any: the day and which way the clocks go. */
export function clockChange(dates: readonly string[]): { date: string; text: string } | null {
  for (const date of dates) {
    const before = londonWallTime(midnight(date)).zone;
    const after = londonWallTime(midnight(addDays(date, 1))).zone;
    if (before !== after) {
      const text =
        after === 'GMT'
          ? `The clocks go back an hour at 02:00 on ${dayHeading(date)}. Times are marked BST (British Summer Time) or GMT.`
          : `The clocks go forward an hour at 01:00 on ${dayHeading(date)}. Times are marked GMT or BST (British Summer Time).`;
      return { date, text };
    }
  }
  return null;
}

/** An item's time on one day: clipped to the day, "All day" when it covers it, with the zone when asked. */
export function timeOnDay(date: string, start: Date, end: Date, withZone: boolean): string {
  const dayStart = midnight(date);
  const dayEnd = midnight(addDays(date, 1));
  if (start.getTime() <= dayStart.getTime() && end.getTime() >= dayEnd.getTime()) return 'All day';
  const show = (instant: Date, fallback: string) => {
    if (fallback !== '') return fallback;
    const wall = londonWallTime(instant);
    return withZone ? `${wall.time} ${wall.zone}` : wall.time;
  };
  const from = show(start, start.getTime() <= dayStart.getTime() ? '00:00' : '');
  const to = show(end, end.getTime() >= dayEnd.getTime() ? '24:00' : '');
  return `${from} to ${to}`;
}

const PLACES: Readonly<Record<string, string>> = { clinic: 'Clinic', home: 'Home visit', school: 'School' };

export interface DiaryOptions {
  /** The page's own address, without the query: the diary of whom or of which room. */
  baseHref: string;
  /** Whether the person looking may add and remove blocks here. */
  canEdit: boolean;
  /** "My diary" for one's own. */
  mine: boolean;
}

export type DiaryItem =
  | {
      kind: 'appointment';
      sortKey: number;
      time: string;
      title: string;
      place: string;
      children: string;
      href: string;
    }
  | { kind: 'block'; sortKey: number; time: string; title: string; note: string | null; removeAction: string | null };

export function diaryView(page: DiaryPage, options: DiaryOptions) {
  const { owner, view, dates } = page;
  const change = clockChange(dates);
  const withZone = change !== null;
  const href = (v: string, date: string) => `${options.baseHref}?view=${v}&date=${date}`;
  const step = view === 'week' ? 7 : 1;

  const days = dates.map((date) => {
    const from = midnight(date).getTime();
    const to = midnight(addDays(date, 1)).getTime();
    const overlaps = (i: { startsAt: Date; endsAt: Date }) => i.startsAt.getTime() < to && i.endsAt.getTime() > from;
    const items: DiaryItem[] = [
      ...page.appointments.filter(overlaps).map((a): DiaryItem => ({
        kind: 'appointment',
        sortKey: a.startsAt.getTime(),
        time: timeOnDay(date, a.startsAt, a.endsAt, withZone),
        title: a.typeLabel,
        place:
          a.place === 'clinic'
            ? [a.roomName, a.locationName].filter((x) => x !== null).join(', ') || 'Clinic'
            : (PLACES[a.place] ?? a.place),
        children: a.children.length === 0 ? 'No children' : a.children.join(', '),
        href: paths.appointments.appointment.build({ appointmentId: a.id }),
      })),
      ...page.blocks.filter(overlaps).map((b): DiaryItem => ({
        kind: 'block',
        sortKey: b.startsAt.getTime(),
        time: timeOnDay(date, b.startsAt, b.endsAt, withZone),
        title: BLOCK_LABELS[b.kind] ?? b.kind,
        note: b.note,
        removeAction: options.canEdit ? paths.diary.removeBlock.build({ blockId: b.id }) : null,
      })),
    ].sort((x, y) => x.sortKey - y.sortKey);
    const weekday = WEEKDAYS[londonWallTime(midnight(date)).weekday] ?? 'mon';
    const hours = owner.kind === 'clinician' ? owner.workingPattern[weekday] : undefined;
    return {
      date,
      heading: dayHeading(date),
      isToday: date === page.today,
      dayHref: href('day', date),
      hours:
        owner.kind === 'room' ? null : hours === undefined ? 'Not working' : `Working ${hours.start} to ${hours.end}`,
      items,
    };
  });

  const title =
    owner.kind === 'clinician'
      ? options.mine
        ? 'My diary'
        : `Diary of ${owner.name}`
      : `Diary of ${owner.name}, ${owner.locationName}`;
  return {
    title,
    ownerName: owner.name,
    range: view === 'week' ? `Week from ${dayHeading(dates[0] ?? page.date)}` : dayHeading(dates[0] ?? page.date),
    clockChange: change?.text ?? null,
    days,
    view,
    previous: { href: href(view, addDays(page.date, -step)), text: view === 'week' ? 'Previous week' : 'Previous day' },
    next: { href: href(view, addDays(page.date, step)), text: view === 'week' ? 'Next week' : 'Next day' },
    current: { href: href(view, page.today), text: view === 'week' ? 'This week' : 'Today' },
    other:
      view === 'week'
        ? { href: href('day', page.date), text: 'Day view' }
        : { href: href('week', page.date), text: 'Week view' },
    blockHref: options.canEdit && owner.kind === 'clinician' ? paths.diary.block.build({ userId: owner.id }) : null,
  };
}

/** Links to the other diaries of the service: its clinicians and rooms. */
export function directoryView(
  clinicians: readonly { id: string; name: string }[],
  rooms: readonly { id: string; name: string; location: { name: string } }[],
) {
  return {
    clinicians: clinicians.map((c) => ({ text: c.name, href: paths.diary.clinician.build({ userId: c.id }) })),
    rooms: rooms.map((r) => ({
      text: `${r.name}, ${r.location.name}`,
      href: paths.diary.room.build({ roomId: r.id }),
    })),
  };
}
