import { describe, expect, it } from 'vitest';
import {
  daysAwayWithin,
  describeException,
  EXCEPTION_HINTS,
  EXCEPTION_KINDS,
  EXCEPTION_LABELS,
  exceptionApplies,
  parseException,
} from './exceptions.js';

/** Received on 2 November 2026, due on 14 December 2026: 43 days, both counted. */
const PERIOD = { receivedOn: '2026-11-02', dueOn: '2026-12-14' };
const EVIDENCE = 'Parent telephoned on 3 November: the family are staying with relatives in Scotland.';

const dateOf = (name: string, iso: string | undefined) => {
  if (iso === undefined) return {};
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year };
};
const sent = (kind: string, startsOn?: string, endsOn?: string, evidence: unknown = EVIDENCE) => ({
  kind,
  ...dateOf('startsOn', startsOn),
  ...dateOf('endsOn', endsOn),
  evidence,
});

const problemsOf = (input: Record<string, unknown>, today?: string) => {
  const parsed = parseException(input, PERIOD, today);
  return parsed.ok ? [] : parsed.problems.map((p) => [p.field, p.message]);
};

describe('the kinds of exception', () => {
  it('names each in plain words, with the regulation in its hint', () => {
    for (const kind of EXCEPTION_KINDS) {
      expect(EXCEPTION_LABELS[kind].length).toBeGreaterThan(20);
      expect(EXCEPTION_HINTS[kind]).toMatch(/^Regulation 8\(2\)\([abc]\)/u);
    }
  });

  it('refuses a kind not on the list', () => {
    expect(problemsOf(sent('holiday', '2026-11-10'))).toEqual([['kind', 'Select which exception applies']]);
    expect(problemsOf({ ...sent('away-from-area', '2026-11-03', '2026-12-10'), kind: ['away-from-area'] })).toEqual([
      ['kind', 'Select which exception applies'],
    ]);
  });
});

describe('exceptional personal circumstances', () => {
  it('takes circumstances that began within the period, with or without an end', () => {
    expect(parseException(sent('personal-circumstances', '2026-11-10'), PERIOD)).toEqual({
      ok: true,
      value: { kind: 'personal-circumstances', startsOn: '2026-11-10', endsOn: null, evidence: EVIDENCE },
    });
    expect(parseException(sent('personal-circumstances', '2026-11-10', '2026-11-20'), PERIOD)).toMatchObject({
      ok: true,
      value: { startsOn: '2026-11-10', endsOn: '2026-11-20' },
    });
  });

  it('takes circumstances that began before the request and went on into it, or began on the due date', () => {
    expect(parseException(sent('personal-circumstances', '2026-09-01'), PERIOD).ok).toBe(true);
    expect(parseException(sent('personal-circumstances', '2026-09-01', '2026-11-02'), PERIOD).ok).toBe(true);
    expect(parseException(sent('personal-circumstances', '2026-12-14'), PERIOD).ok).toBe(true);
  });

  it('refuses circumstances outside the period', () => {
    expect(problemsOf(sent('personal-circumstances', '2026-12-15'))).toEqual([
      ['startsOn', 'Date the circumstances began must be on or before 14 December 2026, the date the advice is due'],
    ]);
    expect(problemsOf(sent('personal-circumstances', '2026-09-01', '2026-11-01'))).toEqual([
      ['endsOn', 'Date the circumstances ended must be on or after 2 November 2026, the date the request was received'],
    ]);
  });

  it('refuses an end before the start, a missing start and impossible dates', () => {
    expect(problemsOf(sent('personal-circumstances', '2026-11-20', '2026-11-19'))).toEqual([
      ['endsOn', 'Date the circumstances ended must be the same as or after the date the circumstances began'],
    ]);
    expect(problemsOf(sent('personal-circumstances'))).toEqual([
      ['startsOn', 'Enter the date the circumstances began'],
    ]);
    expect(
      problemsOf({ ...sent('personal-circumstances', '2026-11-10'), 'startsOn[day]': '31', 'startsOn[month]': '11' }),
    ).toEqual([['startsOn', 'Date the circumstances began must be a real date']]);
    expect(problemsOf({ ...sent('personal-circumstances', '2026-11-10', '2026-11-20'), 'endsOn[year]': '' })).toEqual([
      ['endsOn', 'Date the circumstances ended must include a year'],
    ]);
  });
});

describe('away from the area for at least four continuous weeks', () => {
  it('takes 28 days away, all within the period', () => {
    expect(parseException(sent('away-from-area', '2026-11-03', '2026-11-30'), PERIOD)).toEqual({
      ok: true,
      value: { kind: 'away-from-area', startsOn: '2026-11-03', endsOn: '2026-11-30', evidence: EVIDENCE },
    });
  });

  it('counts only the days within the period: 28 of them at either end of it', () => {
    // Away from 1 October, back after 29 November: 29 November is the 28th day from 2 November.
    expect(parseException(sent('away-from-area', '2026-10-01', '2026-11-29'), PERIOD).ok).toBe(true);
    // Away from 17 November (the 28th day before the due date, counting both) into the new year.
    expect(parseException(sent('away-from-area', '2026-11-17', '2027-01-31'), PERIOD).ok).toBe(true);
    // Away for longer than the whole period.
    expect(parseException(sent('away-from-area', '2026-10-01', '2027-01-31'), PERIOD).ok).toBe(true);
  });

  it('refuses 27 days away', () => {
    expect(problemsOf(sent('away-from-area', '2026-11-03', '2026-11-29'))).toEqual([
      ['endsOn', 'The time away must be at least 4 weeks (28 days) in a row: these dates are 27 days'],
    ]);
  });

  it('refuses 28 days away or more of which fewer than 28 fall within the period', () => {
    // 28 days away, but only the last 20 (2 to 21 November) after the request was received.
    expect(problemsOf(sent('away-from-area', '2026-10-25', '2026-11-21'))).toEqual([
      [
        'startsOn',
        'At least 28 days of the time away must fall between 2 November 2026 and 14 December 2026: only 20 days do',
      ],
    ]);
    // 27 days of a long absence at the start of the period, and one at the end.
    expect(problemsOf(sent('away-from-area', '2026-09-01', '2026-11-28'))[0]?.[1]).toMatch(/only 27 days do$/u);
    expect(problemsOf(sent('away-from-area', '2026-12-14', '2027-02-28'))[0]?.[1]).toMatch(/only 1 day does$/u);
    expect(problemsOf(sent('away-from-area', '2026-12-15', '2027-02-28'))[0]?.[1]).toMatch(/none do$/u);
  });

  it('needs both dates, the end on or after the start', () => {
    expect(problemsOf(sent('away-from-area', '2026-11-03'))).toEqual([['endsOn', 'Enter the last day away']]);
    expect(problemsOf(sent('away-from-area', undefined, '2026-11-30'))).toEqual([
      ['startsOn', 'Enter the first day away'],
    ]);
    expect(problemsOf(sent('away-from-area', '2026-11-30', '2026-11-03'))).toEqual([
      ['endsOn', 'Last day away must be the same as or after the first day away'],
    ]);
    expect(problemsOf({ ...sent('away-from-area', '2026-11-03', '2026-11-30'), 'endsOn[month]': '13' })).toEqual([
      ['endsOn', 'Last day away must be a real date'],
    ]);
  });

  it('counts the days within a period', () => {
    expect(daysAwayWithin({ startsOn: '2026-11-02', endsOn: '2026-12-14' }, PERIOD)).toBe(43);
    expect(daysAwayWithin({ startsOn: '2026-10-01', endsOn: '2026-11-02' }, PERIOD)).toBe(1);
    expect(daysAwayWithin({ startsOn: '2026-10-01', endsOn: '2026-11-01' }, PERIOD)).toBe(0);
    // Across the clocks going back (25 October 2026): whole days.
    expect(
      daysAwayWithin(
        { startsOn: '2026-10-20', endsOn: '2026-10-30' },
        { receivedOn: '2026-10-20', dueOn: '2026-12-01' },
      ),
    ).toBe(11);
  });
});

describe('a missed appointment for an examination or test', () => {
  it('takes an appointment within the period, its first and last day included', () => {
    expect(parseException(sent('missed-appointment', '2026-11-18'), PERIOD)).toEqual({
      ok: true,
      value: { kind: 'missed-appointment', startsOn: '2026-11-18', endsOn: null, evidence: EVIDENCE },
    });
    expect(parseException(sent('missed-appointment', '2026-11-02'), PERIOD).ok).toBe(true);
    expect(parseException(sent('missed-appointment', '2026-12-14'), PERIOD).ok).toBe(true);
  });

  it('ignores an end date sent with it', () => {
    expect(parseException(sent('missed-appointment', '2026-11-18', '2026-11-01'), PERIOD)).toMatchObject({
      ok: true,
      value: { endsOn: null },
    });
  });

  it('refuses an appointment outside the period, in the future or missing', () => {
    const outside = 'Date of the appointment must be between 2 November 2026 and 14 December 2026';
    expect(problemsOf(sent('missed-appointment', '2026-11-01'))).toEqual([['startsOn', outside]]);
    expect(problemsOf(sent('missed-appointment', '2026-12-15'))).toEqual([['startsOn', outside]]);
    expect(problemsOf(sent('missed-appointment', '2026-11-20'), '2026-11-19')).toEqual([
      ['startsOn', 'Date of the appointment must be today or in the past'],
    ]);
    expect(parseException(sent('missed-appointment', '2026-11-19'), PERIOD, '2026-11-19').ok).toBe(true);
    expect(problemsOf(sent('missed-appointment'))).toEqual([['startsOn', 'Enter the date of the appointment']]);
  });
});

describe('the evidence', () => {
  it('is trimmed and normalised', () => {
    const parsed = parseException(
      sent('missed-appointment', '2026-11-18', undefined, '  Did not attend.\u202E  '),
      PERIOD,
    );
    expect(parsed).toMatchObject({ ok: true, value: { evidence: 'Did not attend.' } });
  });

  it.each([
    [undefined, 'Enter the evidence that the exception applies'],
    ['   ', 'Enter the evidence that the exception applies'],
    ['Too short', 'Evidence must be 10 characters or more'],
    ['x'.repeat(2001), 'Evidence must be 2,000 characters or fewer'],
    [['one piece of evidence', 'and another'], 'Enter the evidence once'],
  ])('refuses %o', (evidence, message) => {
    expect(problemsOf({ ...sent('missed-appointment', '2026-11-18'), evidence })).toEqual([['evidence', message]]);
  });

  it('takes 10 and 2,000 characters, counting an emoji once', () => {
    expect(parseException(sent('missed-appointment', '2026-11-18', undefined, '1234567890'), PERIOD).ok).toBe(true);
    expect(parseException(sent('missed-appointment', '2026-11-18', undefined, '😀'.repeat(2000)), PERIOD).ok).toBe(
      true,
    );
  });
});

it('lists every problem on the form at once, in the form’s order', () => {
  expect(problemsOf(sent('away-from-area', '2026-11-03', '2026-11-10', 'short'))).toEqual([
    ['endsOn', 'The time away must be at least 4 weeks (28 days) in a row: these dates are 8 days'],
    ['evidence', 'Evidence must be 10 characters or more'],
  ]);
  expect(problemsOf({})).toEqual([
    ['kind', 'Select which exception applies'],
    ['startsOn', 'Enter the date the circumstances began'],
    ['evidence', 'Enter the evidence that the exception applies'],
  ]);
});

describe('exceptionApplies', () => {
  it('applies when any exception is recorded and not withdrawn', () => {
    expect(exceptionApplies([])).toBe(false);
    expect(exceptionApplies([{ kind: 'away-from-area', withdrawnAt: null }])).toBe(true);
    expect(exceptionApplies([{ kind: 'away-from-area', withdrawnAt: '2026-11-20T10:00:00.000Z' }])).toBe(false);
    expect(
      exceptionApplies([
        { kind: 'personal-circumstances', withdrawnAt: '2026-11-20T10:00:00.000Z' },
        { kind: 'missed-appointment', withdrawnAt: null },
      ]),
    ).toBe(true);
    expect(exceptionApplies([{ kind: 'holiday', withdrawnAt: null }])).toBe(false);
  });
});

describe('describeException', () => {
  it('says what happened and when', () => {
    expect(describeException({ kind: 'away-from-area', startsOn: '2026-11-03', endsOn: '2026-11-30' })).toBe(
      'Away from the area from 3 November 2026 to 30 November 2026',
    );
    expect(describeException({ kind: 'personal-circumstances', startsOn: '2026-11-03', endsOn: null })).toBe(
      'Exceptional personal circumstances from 3 November 2026',
    );
    expect(describeException({ kind: 'personal-circumstances', startsOn: '2026-11-03', endsOn: '2026-11-04' })).toBe(
      'Exceptional personal circumstances from 3 November 2026 to 4 November 2026',
    );
    expect(describeException({ kind: 'missed-appointment', startsOn: '2026-11-18', endsOn: null })).toBe(
      'Did not attend an appointment for an examination or test on 18 November 2026',
    );
  });
});
