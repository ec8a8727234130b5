import { describe, expect, it } from 'vitest';
import type { DiaryPage } from '../../../services/care/diary.service.js';
import { clockChange, dayHeading, diaryView, timeOnDay } from './diary.view-models.js';

const at = (iso: string) => new Date(iso);

const page = (over: Partial<DiaryPage> = {}): DiaryPage => ({
  owner: {
    kind: 'clinician',
    id: 'u1',
    name: 'Cerys Clinician',
    workingPattern: { mon: { start: '09:00', end: '17:00' }, sat: { start: '10:00', end: '12:00' } },
  },
  view: 'week',
  date: '2026-10-21',
  dates: ['2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25'],
  today: '2026-10-20',
  appointments: [],
  blocks: [],
  ...over,
});

describe('the diary view model', () => {
  it('names days in London, whatever the process time zone', () => {
    expect(dayHeading('2026-10-25')).toBe('Sunday 25 October 2026');
    expect(dayHeading('2026-03-29')).toBe('Sunday 29 March 2026');
    expect(dayHeading('2024-02-29')).toBe('Thursday 29 February 2024');
  });

  it('finds the clocks going back and going forward, and no change in an ordinary week', () => {
    expect(clockChange(['2026-10-24', '2026-10-25', '2026-10-26'])?.text).toBe(
      'The clocks go back an hour at 02:00 on Sunday 25 October 2026. Times are marked BST (British Summer Time) or GMT.',
    );
    expect(clockChange(['2026-03-29'])?.date).toBe('2026-03-29');
    expect(clockChange(['2026-03-29'])?.text).toContain('go forward an hour at 01:00');
    expect(clockChange(['2026-11-02', '2026-11-03'])).toBeNull();
  });

  it('gives times in London, with the zone when asked, clipped to the day, and all day when it covers it', () => {
    expect(timeOnDay('2026-10-24', at('2026-10-24T08:00:00Z'), at('2026-10-24T09:00:00Z'), true)).toBe(
      '09:00 BST to 10:00 BST',
    );
    expect(timeOnDay('2026-10-25', at('2026-10-25T09:00:00Z'), at('2026-10-25T10:00:00Z'), true)).toBe(
      '09:00 GMT to 10:00 GMT',
    );
    expect(timeOnDay('2026-11-02', at('2026-11-02T09:00:00Z'), at('2026-11-02T10:30:00Z'), false)).toBe(
      '09:00 to 10:30',
    );
    // The night of the change: 00:00 BST to 03:00 GMT is four hours, still shown by the clock on the wall.
    expect(timeOnDay('2026-10-25', at('2026-10-24T23:00:00Z'), at('2026-10-25T03:00:00Z'), true)).toBe(
      '00:00 to 03:00 GMT',
    );
    expect(timeOnDay('2026-11-03', at('2026-11-02T00:00:00Z'), at('2026-11-05T00:00:00Z'), false)).toBe('All day');
    expect(timeOnDay('2026-11-02', at('2026-11-02T20:00:00Z'), at('2026-11-03T02:00:00Z'), false)).toBe(
      '20:00 to 24:00',
    );
  });

  it('lays out a week: each day’s hours, items by time, initials only, links, and the way to other weeks', () => {
    const view = diaryView(
      page({
        appointments: [
          {
            id: 'a1',
            type: 'review',
            typeLabel: 'Review',
            startsAt: at('2026-10-24T10:00:00Z'),
            endsAt: at('2026-10-24T11:00:00Z'),
            place: 'home',
            locationName: null,
            roomName: null,
            children: ['AN', 'BQ'],
          },
        ],
        blocks: [
          {
            id: 'b1',
            kind: 'admin',
            startsAt: at('2026-10-24T08:00:00Z'),
            endsAt: at('2026-10-24T09:00:00Z'),
            note: null,
          },
        ],
      }),
      { baseHref: '/staff/diary', canEdit: true, mine: true },
    );
    expect(view.title).toBe('My diary');
    expect(view.range).toBe('Week from Monday 19 October 2026');
    expect(view.clockChange).toContain('25 October 2026');
    expect(view.days.map((d) => d.hours)).toEqual([
      'Working 09:00 to 17:00',
      'Not working',
      'Not working',
      'Not working',
      'Not working',
      'Working 10:00 to 12:00',
      'Not working',
    ]);
    expect(view.days[1]?.isToday).toBe(true);
    const saturday = view.days[5]!;
    expect(saturday.items.map((i) => [i.kind, i.time, i.title])).toEqual([
      ['block', '09:00 BST to 10:00 BST', 'Admin'],
      ['appointment', '11:00 BST to 12:00 BST', 'Review'],
    ]);
    expect(saturday.items[0]).toMatchObject({ removeAction: '/staff/diary/blocks/b1/remove' });
    expect(saturday.items[1]).toMatchObject({
      place: 'Home visit',
      children: 'AN, BQ',
      href: '/staff/appointments/a1',
    });
    expect(view.previous.href).toBe('/staff/diary?view=week&date=2026-10-14');
    expect(view.next.href).toBe('/staff/diary?view=week&date=2026-10-28');
    expect(view.current.href).toBe('/staff/diary?view=week&date=2026-10-20');
    expect(view.other.href).toBe('/staff/diary?view=day&date=2026-10-21');
    expect(view.blockHref).toBe('/staff/diary/clinicians/u1/blocks/new');
  });

  it('offers no removal or adding to someone who may not, and no hours for a room', () => {
    const clinicianView = diaryView(
      page({
        blocks: [
          {
            id: 'b1',
            kind: 'leave',
            startsAt: at('2026-10-19T00:00:00Z'),
            endsAt: at('2026-10-20T00:00:00Z'),
            note: 'x',
          },
        ],
      }),
      { baseHref: '/x', canEdit: false, mine: false },
    );
    expect(clinicianView.title).toBe('Diary of Cerys Clinician');
    expect(clinicianView.blockHref).toBeNull();
    // Midnight to midnight in BST is 23:00 to 23:00 UTC: not this block, which is 01:00 to 01:00 BST.
    expect(clinicianView.days[0]?.items[0]).toMatchObject({ time: '01:00 BST to 24:00', removeAction: null });

    const roomView = diaryView(
      page({
        owner: { kind: 'room', id: 'r1', name: 'Sensory room', locationName: 'Loughborough Clinic', capacity: 4 },
        view: 'day',
        date: '2026-11-02',
        dates: ['2026-11-02'],
      }),
      { baseHref: '/room', canEdit: true, mine: false },
    );
    expect(roomView.title).toBe('Diary of Sensory room, Loughborough Clinic');
    expect(roomView.days.map((d) => d.hours)).toEqual([null]);
    expect(roomView.range).toBe('Monday 2 November 2026');
    expect(roomView.previous.href).toBe('/room?view=day&date=2026-11-01');
    expect(roomView.blockHref).toBeNull();
    expect(roomView.clockChange).toBeNull();
  });
});
