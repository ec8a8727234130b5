import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  daysLeft,
  daysLeftText,
  dueOnOf,
  isRequestKind,
  needsEscalation,
  parseAuthorityDueOn,
  parseReceived,
  ragOf,
  RAG_LABELS,
  REQUEST_KIND_LABELS,
  REQUEST_KINDS,
  statutoryDueOn,
} from './clock.js';

const DEFAULTS = { amberAtDaysLeft: 10, redAtDaysLeft: 5 };

describe('statutoryDueOn', () => {
  it('is six weeks after the date received, across months, years and 29 February', () => {
    expect(statutoryDueOn('2026-11-02')).toBe('2026-12-14');
    expect(statutoryDueOn('2026-12-01')).toBe('2027-01-12');
    expect(statutoryDueOn('2028-01-20')).toBe('2028-03-02');
    expect(statutoryDueOn('2027-01-20')).toBe('2027-03-03');
    expect(statutoryDueOn('2028-02-29')).toBe('2028-04-11');
  });

  it('refuses what is not a date', () => {
    for (const bad of ['2026-02-30', '2026-1-1', '', '2026-11-02T00:00:00Z']) {
      expect(() => statutoryDueOn(bad)).toThrow(RangeError);
    }
  });
});

describe('daysLeft', () => {
  it('is 0 on the due date, positive before it and negative once overdue', () => {
    expect(daysLeft('2026-12-14', '2026-12-14')).toBe(0);
    expect(daysLeft('2026-12-14', '2026-12-04')).toBe(10);
    expect(daysLeft('2026-12-14', '2026-12-15')).toBe(-1);
    expect(daysLeft('2027-01-12', '2026-12-01')).toBe(42);
    // Across the clocks going back and forward: whole days, never 23 or 25 hours.
    expect(daysLeft('2026-11-01', '2026-10-24')).toBe(8);
    expect(daysLeft('2026-04-02', '2026-03-27')).toBe(6);
  });

  it('counts 42 from the day received for every day of a decade', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3652 }), (n) => {
        const received = new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);
        expect(daysLeft(statutoryDueOn(received), received)).toBe(42);
      }),
    );
  });

  it('refuses what is not a date', () => {
    expect(() => daysLeft('2026-12-32', '2026-12-01')).toThrow(RangeError);
    expect(() => daysLeft('2026-12-14', 'today')).toThrow(RangeError);
  });

  it.each([
    [12, '12 days left'],
    [1, '1 day left'],
    [0, 'Due today'],
    [-1, 'Overdue by 1 day'],
    [-3, 'Overdue by 3 days'],
  ])('reads %i as "%s"', (days, text) => {
    expect(daysLeftText(days)).toBe(text);
  });
});

describe('ragOf', () => {
  it.each([
    [42, 'green'],
    [11, 'green'],
    [10, 'amber'],
    [6, 'amber'],
    [5, 'red'],
    [1, 'red'],
    [0, 'red'],
    [-1, 'red'],
    [-30, 'red'],
  ] as const)('with amber at 10 and red at 5, %i days left is %s', (days, rag) => {
    expect(ragOf(days, DEFAULTS)).toBe(rag);
  });

  it('follows other settings', () => {
    const strict = { amberAtDaysLeft: 21, redAtDaysLeft: 14 };
    expect(ragOf(22, strict)).toBe('green');
    expect(ragOf(21, strict)).toBe('amber');
    expect(ragOf(15, strict)).toBe('amber');
    expect(ragOf(14, strict)).toBe('red');
    const late = { amberAtDaysLeft: 1, redAtDaysLeft: 0 };
    expect(ragOf(2, late)).toBe('green');
    expect(ragOf(1, late)).toBe('amber');
    expect(ragOf(0, late)).toBe('red');
    expect(ragOf(-1, late)).toBe('red');
  });

  it('never goes back from red to amber or amber to green as the days run out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 41 }), (red, amberOffset) => {
        const settings = { redAtDaysLeft: red, amberAtDaysLeft: Math.min(41, red + amberOffset) };
        const order = { green: 0, amber: 1, red: 2 };
        for (let d = 42; d > -5; d -= 1) {
          expect(order[ragOf(d - 1, settings)]).toBeGreaterThanOrEqual(order[ragOf(d, settings)]);
        }
      }),
    );
  });

  it('has words for every status, so that colour is never the only sign', () => {
    expect(Object.keys(RAG_LABELS).sort()).toEqual(['amber', 'green', 'red']);
    expect(new Set(Object.values(RAG_LABELS)).size).toBe(3);
  });
});

describe('needsEscalation', () => {
  const open = { status: 'open', dueOn: '2026-12-14', today: '2026-12-09', hasDraft: false, escalatedAt: null };

  it('escalates an open request that has turned red with no draft advice', () => {
    expect(needsEscalation(open, DEFAULTS)).toBe(true);
    expect(needsEscalation({ ...open, today: '2026-12-14' }, DEFAULTS)).toBe(true);
    expect(needsEscalation({ ...open, today: '2026-12-20' }, DEFAULTS)).toBe(true);
  });

  it('does not escalate while the request is amber or green', () => {
    expect(needsEscalation({ ...open, today: '2026-12-08' }, DEFAULTS)).toBe(false);
    expect(needsEscalation({ ...open, today: '2026-11-02' }, DEFAULTS)).toBe(false);
  });

  it('does not escalate a request with draft advice, already escalated, answered or withdrawn', () => {
    expect(needsEscalation({ ...open, hasDraft: true }, DEFAULTS)).toBe(false);
    expect(needsEscalation({ ...open, escalatedAt: '2026-12-09T08:00:00.000Z' }, DEFAULTS)).toBe(false);
    expect(needsEscalation({ ...open, status: 'answered' }, DEFAULTS)).toBe(false);
    expect(needsEscalation({ ...open, status: 'withdrawn' }, DEFAULTS)).toBe(false);
  });

  it('follows the service’s red setting', () => {
    const settings = { amberAtDaysLeft: 20, redAtDaysLeft: 14 };
    expect(needsEscalation({ ...open, today: '2026-11-30' }, settings)).toBe(true);
    expect(needsEscalation({ ...open, today: '2026-11-29' }, settings)).toBe(false);
  });
});

describe('request kinds', () => {
  it('names each kind', () => {
    expect(REQUEST_KINDS.map((k) => REQUEST_KIND_LABELS[k])).toEqual(['EHC needs assessment', 'Annual review']);
    expect(isRequestKind('annual-review')).toBe(true);
    expect(isRequestKind('review')).toBe(false);
    expect(isRequestKind(undefined)).toBe(false);
  });

  it('dues a needs assessment in six weeks and an annual review on the authority’s date', () => {
    expect(dueOnOf('needs-assessment', '2026-11-02', null)).toBe('2026-12-14');
    expect(dueOnOf('needs-assessment', '2026-11-02', '2026-11-20')).toBe('2026-12-14');
    expect(dueOnOf('annual-review', '2026-11-02', '2026-11-20')).toBe('2026-11-20');
    expect(() => dueOnOf('annual-review', '2026-11-02', null)).toThrow(RangeError);
    expect(() => dueOnOf('annual-review', '2026-11-02', '2026-11-02')).toThrow(RangeError);
  });
});

const TODAY = '2026-12-07';
const NOW = new Date('2026-12-07T10:00:00Z');
const received = (day: string, month: string, year: string, time?: unknown) => ({
  'receivedOn[day]': day,
  'receivedOn[month]': month,
  'receivedOn[year]': year,
  ...(time !== undefined && { receivedTime: time }),
});

describe('parseReceived', () => {
  it('takes a date without a time', () => {
    expect(parseReceived(received('2', '11', '2026'), TODAY, NOW)).toEqual({
      ok: true,
      value: { receivedOn: '2026-11-02', receivedAt: null },
    });
    expect(parseReceived(received(' 7 ', '12', '2026', ''), TODAY, NOW)).toEqual({
      ok: true,
      value: { receivedOn: '2026-12-07', receivedAt: null },
    });
  });

  it('reads the time as London time: just after midnight in summer is the evening before in UTC', () => {
    const summer = parseReceived(received('1', '8', '2026', '00:30'), TODAY, NOW);
    expect(summer).toEqual({ ok: true, value: { receivedOn: '2026-08-01', receivedAt: '2026-07-31T23:30:00.000Z' } });
    const winter = parseReceived(received('30', '11', '2026', '23:59'), TODAY, NOW);
    expect(winter).toEqual({ ok: true, value: { receivedOn: '2026-11-30', receivedAt: '2026-11-30T23:59:00.000Z' } });
    for (const typed of ['9:05', '09:05', '09.05', '0905']) {
      expect(parseReceived(received('2', '11', '2026', typed), TODAY, NOW)).toMatchObject({
        value: { receivedAt: '2026-11-02T09:05:00.000Z' },
      });
    }
  });

  it('takes the first of the two 01:30s when the clocks go back', () => {
    expect(parseReceived(received('25', '10', '2026', '01:30'), TODAY, NOW)).toEqual({
      ok: true,
      value: { receivedOn: '2026-10-25', receivedAt: '2026-10-25T00:30:00.000Z' },
    });
  });

  it.each([
    [{}, 'receivedOn', 'Enter the date the request was received'],
    [received('', '11', '2026'), 'receivedOn', 'Date received must include a day'],
    [received('31', '11', '2026'), 'receivedOn', 'Date received must be a real date'],
    [received('29', '2', '2026'), 'receivedOn', 'Date received must be a real date'],
    [received('2', '11', '26'), 'receivedOn', 'Year must include 4 numbers'],
    [received('8', '12', '2026'), 'receivedOn', 'Date received must be today or in the past'],
    [received('6', '12', '2025'), 'receivedOn', 'Date received must be on or after 7 December 2025, a year ago'],
    [
      { ...received('2', '11', '2026'), 'receivedOn[day]': ['2', '3'] },
      'receivedOn',
      'Date received must be a real date',
    ],
    [
      received('2', '11', '2026', '24:00'),
      'receivedTime',
      'Time received must be a real time on the 24-hour clock, like 09:30 or 16:45',
    ],
    [
      received('2', '11', '2026', '9am'),
      'receivedTime',
      'Time received must be a real time on the 24-hour clock, like 09:30 or 16:45',
    ],
    [
      received('2', '11', '2026', '12:60'),
      'receivedTime',
      'Time received must be a real time on the 24-hour clock, like 09:30 or 16:45',
    ],
    [received('2', '11', '2026', ['09:00', '10:00']), 'receivedTime', 'Enter the time received once, like 09:30'],
    [received('7', '12', '2026', '10:01'), 'receivedTime', 'Time received must be in the past'],
    [
      received('29', '3', '2026', '01:30'),
      'receivedTime',
      'Time received does not exist on 29 March 2026: the clocks went forward at 1am',
    ],
  ])('refuses %o (%s: %s)', (sent, field, message) => {
    const parsed = parseReceived(sent, TODAY, NOW);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems).toEqual([expect.objectContaining({ field, message })]);
  });

  it('accepts today up to now, and a date exactly a year ago', () => {
    expect(parseReceived(received('7', '12', '2026', '10:00'), TODAY, NOW).ok).toBe(true);
    expect(parseReceived(received('7', '12', '2025'), TODAY, NOW).ok).toBe(true);
  });

  it('reports a bad date and a bad time together', () => {
    const parsed = parseReceived(received('40', '11', '2026', 'noon'), TODAY, NOW);
    expect(parsed).toEqual({
      ok: false,
      problems: [
        { field: 'receivedOn', message: 'Date received must be a real date', part: 'day' },
        {
          field: 'receivedTime',
          message: 'Time received must be a real time on the 24-hour clock, like 09:30 or 16:45',
        },
      ],
    });
  });
});

describe('parseAuthorityDueOn', () => {
  const due = (day: string, month: string, year: string) => ({
    'dueOn[day]': day,
    'dueOn[month]': month,
    'dueOn[year]': year,
  });

  it('takes a date after the date received, up to a year after', () => {
    expect(parseAuthorityDueOn(due('20', '11', '2026'), '2026-11-02')).toEqual({ ok: true, value: '2026-11-20' });
    expect(parseAuthorityDueOn(due('3', '11', '2026'), '2026-11-02')).toEqual({ ok: true, value: '2026-11-03' });
    expect(parseAuthorityDueOn(due('2', '11', '2027'), '2026-11-02')).toEqual({ ok: true, value: '2027-11-02' });
  });

  it.each([
    [{}, 'Enter the date the authority needs the advice by'],
    [due('2', '11', '2026'), 'Date advice is due must be after 2 November 2026, the date the request was received'],
    [due('3', '11', '2027'), 'Date advice is due must be on or before 2 November 2027'],
    [due('31', '4', '2027'), 'Date advice is due must be a real date'],
  ])('refuses %o', (sent, message) => {
    expect(parseAuthorityDueOn(sent, '2026-11-02')).toEqual({
      ok: false,
      problems: [expect.objectContaining({ field: 'dueOn', message })],
    });
  });
});
