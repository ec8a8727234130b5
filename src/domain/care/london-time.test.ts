import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, londonInstant, londonWallTime, recurringInstants } from './london-time.js';

describe('londonInstant', () => {
  it('reads winter times as GMT and summer times as BST', () => {
    expect(londonInstant('2026-12-07', '10:00')).toEqual({
      ok: true,
      instant: new Date('2026-12-07T10:00:00Z'),
      ambiguous: false,
      zone: 'GMT',
    });
    expect(londonInstant('2026-07-01', '10:00')).toEqual({
      ok: true,
      instant: new Date('2026-07-01T09:00:00Z'),
      ambiguous: false,
      zone: 'BST',
    });
  });

  it('takes 01:30 on the night the clocks go back as the first 01:30 (BST) and says it happens twice', () => {
    const first = londonInstant('2026-10-25', '01:30');
    expect(first).toEqual({ ok: true, instant: new Date('2026-10-25T00:30:00Z'), ambiguous: true, zone: 'BST' });
    const second = londonInstant('2026-10-25', '01:30', 'second');
    expect(second).toEqual({ ok: true, instant: new Date('2026-10-25T01:30:00Z'), ambiguous: true, zone: 'GMT' });
  });

  it('refuses 01:30 on the night the clocks go forward, which London never shows', () => {
    expect(londonInstant('2026-03-29', '01:30')).toEqual({ ok: false, reason: 'skipped-by-clock-change' });
    expect(londonInstant('2026-03-29', '00:59').ok).toBe(true);
    expect(londonInstant('2026-03-29', '02:00')).toMatchObject({ ok: true, zone: 'BST' });
  });

  it('refuses what is not a date or a 24-hour time', () => {
    for (const [date, time] of [
      ['2026-02-30', '10:00'],
      ['26-01-01', '10:00'],
      ['2026-01-01', '24:00'],
      ['2026-01-01', '9:00'],
      ['2026-01-01', '10:60'],
      ['2026-01-01', ' 10:00'],
    ] as const) {
      expect(londonInstant(date, time).ok).toBe(false);
    }
  });

  it('gives back the wall time it was given, for every minute of every day of 2026', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 1439 }), (day, minute) => {
        const date = addDays('2026-01-01', day);
        const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        const at = londonInstant(date, time);
        if (!at.ok) {
          // Only the hour the clocks skip.
          expect(date).toBe('2026-03-29');
          expect(time.startsWith('01:')).toBe(true);
          return;
        }
        const wall = londonWallTime(at.instant);
        expect(wall.date).toBe(date);
        expect(wall.time).toBe(time);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('londonWallTime', () => {
  it('says the weekday (Monday 0) and the zone', () => {
    expect(londonWallTime(new Date('2026-12-07T10:00:00Z'))).toEqual({
      date: '2026-12-07',
      time: '10:00',
      weekday: 0,
      zone: 'GMT',
    });
    expect(londonWallTime(new Date('2026-06-28T23:30:00Z'))).toEqual({
      date: '2026-06-29',
      time: '00:30',
      weekday: 0,
      zone: 'BST',
    });
  });
});

describe('recurringInstants', () => {
  it('keeps a weekly 16:00 at 16:00 London on both sides of the clocks going back', () => {
    const block = recurringInstants('2026-10-14', '16:00', 6);
    expect(block.ok).toBe(true);
    if (!block.ok) return;
    expect(block.instants.map((i) => i.toISOString())).toEqual([
      '2026-10-14T15:00:00.000Z',
      '2026-10-21T15:00:00.000Z',
      '2026-10-28T16:00:00.000Z',
      '2026-11-04T16:00:00.000Z',
      '2026-11-11T16:00:00.000Z',
      '2026-11-18T16:00:00.000Z',
    ]);
    for (const i of block.instants) expect(londonWallTime(i).time).toBe('16:00');
  });

  it('refuses the whole block when one session falls in the hour the clocks skip', () => {
    expect(recurringInstants('2026-03-15', '01:30', 4, 1)).toEqual({
      ok: false,
      reason: 'skipped-by-clock-change',
      date: '2026-03-29',
    });
  });

  it('counts every other week when asked', () => {
    const block = recurringInstants('2026-01-05', '09:00', 3, 2);
    expect(block.ok && block.instants.map((i) => i.toISOString().slice(0, 10))).toEqual([
      '2026-01-05',
      '2026-01-19',
      '2026-02-02',
    ]);
  });
});

describe('calendar days', () => {
  it('adds and counts days across months, years and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2026-03-29', '2026-03-28')).toBe(-1);
  });
});
