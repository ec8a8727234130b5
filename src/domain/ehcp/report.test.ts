import { describe, expect, it } from 'vitest';
import { statutoryDueOn } from './clock.js';
import { lastMonths, monthLabel, monthsSpan, sharePercent, timelinessReport, type ReportRequest } from './report.js';

/** A needs assessment received on a date, answered on another (or open), with its exceptions. */
function request(receivedOn: string, answeredOn: string | null, extra: Partial<ReportRequest> = {}): ReportRequest {
  return {
    kind: 'needs-assessment',
    receivedOn,
    dueOn: statutoryDueOn(receivedOn),
    status: answeredOn === null ? 'open' : 'answered',
    answeredOn,
    exceptionKinds: [],
    ...extra,
  };
}

const row = (report: ReturnType<typeof timelinessReport>, month: string) => {
  const found = report.months.find((m) => m.month === month);
  if (found === undefined) throw new Error(`No row for ${month}`);
  return found;
};

describe('timelinessReport', () => {
  it('has a row for each month of the range, oldest first, and a total', () => {
    const report = timelinessReport([], '2026-11', '2027-02');
    expect(report.months.map((m) => [m.month, m.label])).toEqual([
      ['2026-11', 'November 2026'],
      ['2026-12', 'December 2026'],
      ['2027-01', 'January 2027'],
      ['2027-02', 'February 2027'],
    ]);
    expect(report.total).toMatchObject({
      month: 'total',
      label: 'Total',
      received: 0,
      answered: 0,
      sharePercent: null,
    });
    expect(report.annualReviews).toEqual({ received: 0, answered: 0, onTime: 0 });
  });

  it('counts advice given on the due date as within six weeks, and a day after as late', () => {
    // Received 2 November 2026: due 14 December 2026.
    const report = timelinessReport(
      [request('2026-11-02', '2026-12-14'), request('2026-11-02', '2026-12-15'), request('2026-11-03', '2026-12-10')],
      '2026-11',
      '2026-12',
    );
    expect(row(report, '2026-11')).toMatchObject({ received: 3, answered: 0, sharePercent: null });
    expect(row(report, '2026-12')).toMatchObject({
      received: 0,
      answered: 3,
      answeredWithinSixWeeks: 2,
      answeredLateWithoutException: 1,
      answeredLateWithException: 0,
      sharePercent: 67,
    });
    expect(report.total).toMatchObject({ received: 3, answered: 3, answeredWithinSixWeeks: 2, sharePercent: 67 });
  });

  it('shows no share for a month with nothing answered, and 0% or 100% only when all are late or on time', () => {
    const report = timelinessReport(
      [request('2026-09-01', '2026-10-20'), request('2026-10-01', '2026-11-01'), request('2026-11-05', null)],
      '2026-10',
      '2026-12',
    );
    expect(row(report, '2026-10')).toMatchObject({ answered: 1, answeredWithinSixWeeks: 0, sharePercent: 0 });
    expect(row(report, '2026-11')).toMatchObject({ answered: 1, answeredWithinSixWeeks: 1, sharePercent: 100 });
    expect(row(report, '2026-12')).toMatchObject({ received: 0, answered: 0, sharePercent: null });
    expect(report.total.sharePercent).toBe(50);
  });

  it('counts withdrawn requests as received but never as answered', () => {
    const report = timelinessReport(
      [
        request('2026-11-02', null, { status: 'withdrawn' }),
        // A withdrawn request that somehow carries a date is still not answered.
        request('2026-11-03', '2026-11-20', { status: 'withdrawn' }),
        request('2026-11-04', '2026-11-20'),
      ],
      '2026-11',
      '2026-11',
    );
    expect(report.total).toMatchObject({ received: 3, answered: 1, answeredWithinSixWeeks: 1, sharePercent: 100 });
  });

  it('keeps annual reviews apart from the statutory figures', () => {
    const review = (receivedOn: string, dueOn: string, answeredOn: string | null): ReportRequest => ({
      ...request(receivedOn, answeredOn),
      kind: 'annual-review',
      dueOn,
    });
    const report = timelinessReport(
      [
        review('2026-11-02', '2026-11-16', '2026-11-16'),
        review('2026-11-09', '2026-11-20', '2026-11-23'),
        review('2026-11-10', '2026-12-01', null),
        review('2026-10-01', '2026-10-15', '2026-10-14'),
        request('2026-11-02', '2026-11-30'),
      ],
      '2026-11',
      '2026-11',
    );
    expect(report.total).toMatchObject({ received: 1, answered: 1, answeredWithinSixWeeks: 1 });
    expect(report.annualReviews).toEqual({ received: 3, answered: 2, onTime: 1 });
  });

  it('counts the exceptions used on the requests answered each month, by kind, withdrawn ones left out by the caller', () => {
    const report = timelinessReport(
      [
        request('2026-10-01', '2026-11-20', { exceptionKinds: ['away-from-area'] }),
        request('2026-10-02', '2026-11-25', { exceptionKinds: ['missed-appointment', 'personal-circumstances'] }),
        // The same kind twice on one request counts once: the request used it.
        request('2026-10-05', '2026-11-10', { exceptionKinds: ['missed-appointment', 'missed-appointment'] }),
        // Exceptions on a request answered in time are still exceptions used.
        request('2026-11-02', '2026-11-30', { exceptionKinds: ['personal-circumstances'] }),
        // Not answered yet: its exception is not used in any month.
        request('2026-11-03', null, { exceptionKinds: ['away-from-area'] }),
        // Late, with none.
        request('2026-10-06', '2026-11-30'),
      ],
      '2026-11',
      '2026-11',
    );
    expect(row(report, '2026-11')).toMatchObject({
      received: 2,
      answered: 5,
      answeredWithinSixWeeks: 2,
      answeredLateWithException: 2,
      answeredLateWithoutException: 1,
      sharePercent: 40,
      exceptionsUsed: { 'personal-circumstances': 2, 'away-from-area': 1, 'missed-appointment': 2 },
    });
    expect(report.total.exceptionsUsed).toEqual({
      'personal-circumstances': 2,
      'away-from-area': 1,
      'missed-appointment': 2,
    });
  });

  it('places requests by their London dates at the edges of months and leaves out those outside the range', () => {
    const report = timelinessReport(
      [
        request('2026-10-31', '2026-11-01'),
        request('2026-11-01', '2026-11-30'),
        request('2026-11-30', '2026-12-01'),
        request('2026-12-31', '2027-01-01'),
        request('2026-09-30', '2026-10-31'),
      ],
      '2026-11',
      '2026-12',
    );
    expect(report.months.map((m) => [m.received, m.answered])).toEqual([
      [2, 2],
      [1, 1],
    ]);
    expect(report.total).toMatchObject({ received: 3, answered: 3 });
  });

  it('rounds the share to a whole percent, never 100% with one late nor 0% with one on time', () => {
    expect(sharePercent(2, 3)).toBe(67);
    expect(sharePercent(1, 3)).toBe(33);
    expect(sharePercent(1, 8)).toBe(13);
    expect(sharePercent(199, 200)).toBe(99);
    expect(sharePercent(1, 201)).toBe(1);
    expect(sharePercent(5, 5)).toBe(100);
    expect(sharePercent(0, 5)).toBe(0);
    expect(sharePercent(0, 0)).toBeNull();
    const many = Array.from({ length: 200 }, (_, i) => request('2026-11-02', i === 0 ? '2026-12-15' : '2026-12-14'));
    expect(timelinessReport(many, '2026-12', '2026-12').total.sharePercent).toBe(99);
  });

  it('refuses a range that is not one', () => {
    expect(() => timelinessReport([], '2026-12', '2026-11')).toThrow(RangeError);
    expect(() => timelinessReport([], '2026-13', '2026-12')).toThrow(RangeError);
    expect(() => timelinessReport([], '2026-1', '2026-12')).toThrow(RangeError);
    expect(() => timelinessReport([], '2016-01', '2026-01')).toThrow(RangeError);
    expect(timelinessReport([], '2016-02', '2026-01').months).toHaveLength(120);
  });
});

describe('lastMonths', () => {
  it('ends with the month of today', () => {
    expect(lastMonths('2026-12-07', 12)).toEqual({ from: '2026-01', to: '2026-12' });
    expect(lastMonths('2026-03-31', 6)).toEqual({ from: '2025-10', to: '2026-03' });
    expect(lastMonths('2026-01-01', 1)).toEqual({ from: '2026-01', to: '2026-01' });
    expect(lastMonths('2026-01-01', 13)).toEqual({ from: '2025-01', to: '2026-01' });
  });

  it('refuses what is not a date or a number of months', () => {
    expect(() => lastMonths('2026-02-30', 12)).toThrow(RangeError);
    expect(() => lastMonths('2026-02-01', 0)).toThrow(RangeError);
    expect(() => lastMonths('2026-02-01', 1.5)).toThrow(RangeError);
  });
});

describe('months', () => {
  it('names a month and spans a range of them', () => {
    expect(monthLabel('2026-11')).toBe('November 2026');
    expect(monthLabel('2027-01')).toBe('January 2027');
    expect(() => monthLabel('2026-00')).toThrow(RangeError);
    expect(monthsSpan('2027-11', '2028-02')).toEqual({ firstDay: '2027-11-01', lastDay: '2028-02-29' });
    expect(monthsSpan('2026-01', '2026-04')).toEqual({ firstDay: '2026-01-01', lastDay: '2026-04-30' });
  });
});
