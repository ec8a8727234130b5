import { describe, expect, it } from 'vitest';
import type { WorkingPattern } from '../service/care-settings.js';
import { freeSlots, mergeBusy, overlapsAny, sharedHours, weekdayOf, type FreeSlotQuery } from './free-slots.js';

const WEEKDAYS_9_TO_5: WorkingPattern = {
  mon: { start: '09:00', end: '17:00' },
  tue: { start: '09:00', end: '17:00' },
  wed: { start: '09:00', end: '17:00' },
  thu: { start: '09:00', end: '17:00' },
  fri: { start: '09:00', end: '17:00' },
};
const ms = (iso: string) => new Date(iso).getTime();

function query(q: Partial<FreeSlotQuery>): FreeSlotQuery {
  return {
    patterns: [WEEKDAYS_9_TO_5],
    busy: [],
    minutes: 60,
    stepMinutes: 15,
    from: '2026-12-07',
    to: '2026-12-07',
    nowMs: ms('2026-12-01T00:00:00Z'),
    ...q,
  };
}

describe('free slots', () => {
  it('offers every step inside the working day that leaves room for the whole length', () => {
    const slots = freeSlots(query({}));
    expect(slots[0]).toMatchObject({ date: '2026-12-07', time: '09:00', zone: 'GMT', ambiguous: false });
    expect(slots.at(-1)?.time).toBe('16:00');
    expect(slots).toHaveLength(29);
    expect(slots[0]?.start.toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });

  it('leaves out busy time of any resource, touching intervals allowed', () => {
    const busy = [
      { startMs: ms('2026-12-07T10:00:00Z'), endMs: ms('2026-12-07T11:00:00Z') },
      { startMs: ms('2026-12-07T10:30:00Z'), endMs: ms('2026-12-07T12:00:00Z') },
    ];
    const times = freeSlots(query({ busy })).map((s) => s.time);
    expect(times).toContain('09:00');
    expect(times).not.toContain('09:15');
    expect(times).not.toContain('11:45');
    expect(times).toContain('12:00');
  });

  it('needs every clinician to be working: a joint visit is inside the hours both share', () => {
    const late: WorkingPattern = { mon: { start: '12:00', end: '18:00' } };
    const times = freeSlots(query({ patterns: [WEEKDAYS_9_TO_5, late] })).map((s) => s.time);
    expect(times[0]).toBe('12:00');
    expect(times.at(-1)).toBe('16:00');
    expect(freeSlots(query({ patterns: [WEEKDAYS_9_TO_5, { tue: { start: '09:00', end: '17:00' } }] }))).toEqual([]);
  });

  it('never offers the past', () => {
    const times = freeSlots(query({ nowMs: ms('2026-12-07T14:05:00Z') })).map((s) => s.time);
    expect(times[0]).toBe('14:15');
  });

  it('offers nothing on days not worked', () => {
    expect(freeSlots(query({ from: '2026-12-05', to: '2026-12-06' }))).toEqual([]);
  });

  it('keeps London wall-clock hours in a week with a clock change (25 October 2026)', () => {
    const pattern: WorkingPattern = {
      fri: { start: '09:00', end: '17:00' },
      sat: { start: '00:00', end: '04:00' },
      sun: { start: '00:00', end: '04:00' },
      mon: { start: '09:00', end: '17:00' },
    };
    const slots = freeSlots(
      query({ patterns: [pattern], from: '2026-10-23', to: '2026-10-26', nowMs: 0, minutes: 30, stepMinutes: 30 }),
    );
    const friday = slots.filter((s) => s.date === '2026-10-23');
    expect(friday[0]).toMatchObject({ time: '09:00', zone: 'BST' });
    expect(friday[0]?.start.toISOString()).toBe('2026-10-23T08:00:00.000Z');
    const monday = slots.filter((s) => s.date === '2026-10-26');
    expect(monday[0]).toMatchObject({ time: '09:00', zone: 'GMT' });
    expect(monday[0]?.start.toISOString()).toBe('2026-10-26T09:00:00.000Z');
    // 01:30 happens twice on the Sunday: offered once, as the first (BST), and marked.
    const sunday = slots.filter((s) => s.date === '2026-10-25');
    const half1 = sunday.filter((s) => s.time === '01:30');
    expect(half1).toHaveLength(1);
    expect(half1[0]).toMatchObject({ zone: 'BST', ambiguous: true });
    expect(half1[0]?.start.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(sunday.find((s) => s.time === '02:00')).toMatchObject({ zone: 'GMT', ambiguous: false });
  });

  it('never offers a time the clocks skip (29 March 2026, 01:00 to 02:00)', () => {
    const pattern: WorkingPattern = { sun: { start: '00:00', end: '04:00' } };
    const times = freeSlots(
      query({ patterns: [pattern], from: '2026-03-29', to: '2026-03-29', nowMs: 0, minutes: 30 }),
    ).map((s) => `${s.time} ${s.zone}`);
    expect(times).toContain('00:30 GMT');
    expect(times.filter((t) => t.startsWith('01:'))).toEqual([]);
    expect(times).toContain('02:00 BST');
  });

  it('offers a recurring block only where every session is free, each at the same wall-clock time', () => {
    // Weekly at 16:00 for six weeks from Monday 12 October 2026, across the clock change of 25 October.
    const sixth = ms('2026-11-16T16:00:00Z'); // 16:00 GMT on the sixth Monday
    const q = query({ from: '2026-10-12', to: '2026-10-12', nowMs: 0, sessions: 6, everyWeeks: 1 });
    expect(freeSlots(q).map((s) => s.time)).toContain('16:00');
    const blocked = freeSlots({ ...q, busy: [{ startMs: sixth, endMs: sixth + 3_600_000 }] }).map((s) => s.time);
    expect(blocked).not.toContain('16:00');
    expect(blocked).not.toContain('15:15');
    expect(blocked).toContain('15:00');
    // The same block's BST instant an hour earlier (15:00 GMT) is not busy time at 16:00 London.
    const gmtHour = ms('2026-11-16T15:00:00Z');
    const atFour = freeSlots({ ...q, busy: [{ startMs: gmtHour - 3_600_000, endMs: gmtHour }] }).map((s) => s.time);
    expect(atFour).toContain('16:00');
  });
});

describe('helpers', () => {
  it('names weekdays of London dates', () => {
    expect(weekdayOf('2026-12-07')).toBe('mon');
    expect(weekdayOf('2026-10-25')).toBe('sun');
  });

  it('merges busy time and finds overlaps', () => {
    const merged = mergeBusy([
      { startMs: 5, endMs: 10 },
      { startMs: 0, endMs: 3 },
      { startMs: 3, endMs: 6 },
    ]);
    expect(merged).toEqual([{ startMs: 0, endMs: 10 }]);
    expect(overlapsAny(merged, 10, 20)).toBe(false);
    expect(overlapsAny(merged, 9, 20)).toBe(true);
    expect(overlapsAny([], 0, 1)).toBe(false);
  });

  it('shares hours between patterns', () => {
    expect(sharedHours([WEEKDAYS_9_TO_5], '2026-12-07')).toEqual({ start: 540, end: 1020 });
    expect(sharedHours([], '2026-12-07')).toBeNull();
  });
});
