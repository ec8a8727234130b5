import { describe, expect, it } from 'vitest';
import {
  COPM_MAX_PROBLEMS,
  copmChange,
  copmField,
  copmScores,
  formatCopmScore,
  parseCopmInitial,
  parseCopmReassessment,
  type CopmAssessment,
} from './copm.js';

const dated = (iso: string) => {
  const [year, month, day] = iso.split('-');
  return { 'assessedOn[day]': day, 'assessedOn[month]': month, 'assessedOn[year]': year };
};

const row = (n: number, problem: string, importance: string, performance: string, satisfaction: string) => ({
  [copmField('problem', n)]: problem,
  [copmField('importance', n)]: importance,
  [copmField('performance', n)]: performance,
  [copmField('satisfaction', n)]: satisfaction,
});

const assessment = (date: string, ratings: [number, number][]): CopmAssessment => ({
  date,
  ratings: ratings.map(([performance, satisfaction]) => ({ performance, satisfaction })),
});

const problemsOf = (parsed: { ok: true } | { ok: false; problems: unknown[] }) => (parsed.ok ? [] : parsed.problems);

describe('the COPM initial assessment form', () => {
  it('reads the date and each problem with its importance, performance and satisfaction', () => {
    const parsed = parseCopmInitial({
      ...dated('2026-12-03'),
      ...row(1, ' Dressing for PE ', '9', '3', '2'),
      ...row(2, 'Using a knife and fork', '7', '4', '3'),
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        problems: [
          { description: 'Dressing for PE', importance: 9 },
          { description: 'Using a knife and fork', importance: 7 },
        ],
        initial: {
          date: '2026-12-03',
          ratings: [
            { performance: 3, satisfaction: 2 },
            { performance: 4, satisfaction: 3 },
          ],
        },
      },
    });
  });

  it('skips rows left wholly empty, so problems 1 and 4 make two', () => {
    const parsed = parseCopmInitial({
      ...dated('2026-12-03'),
      ...row(1, 'a', '1', '1', '1'),
      ...row(4, 'b', '10', '10', '10'),
    });
    expect(parsed.ok && parsed.value.problems.map((p) => p.description)).toEqual(['a', 'b']);
    expect(parsed.ok && parsed.value.initial.ratings).toEqual([
      { performance: 1, satisfaction: 1 },
      { performance: 10, satisfaction: 10 },
    ]);
  });

  it('takes at most five problems and reads no sixth', () => {
    expect(COPM_MAX_PROBLEMS).toBe(5);
    const rows = Object.assign({}, ...[1, 2, 3, 4, 5, 6].map((n) => row(n, `p${String(n)}`, '5', '5', '5')));
    const parsed = parseCopmInitial({ ...dated('2026-12-03'), ...rows });
    expect(parsed.ok && parsed.value.problems).toHaveLength(5);
  });

  it('needs at least one problem', () => {
    expect(problemsOf(parseCopmInitial(dated('2026-12-03')))).toEqual([
      { field: 'problem1', message: 'Enter at least one occupational performance problem' },
    ]);
  });

  it('refuses ratings of 0, 11, 2.5, -1 and words, naming each field', () => {
    const parsed = parseCopmInitial({ ...dated('2026-12-03'), ...row(1, 'Handwriting', '0', '11', '2.5') });
    expect(problemsOf(parsed)).toEqual([
      { field: 'importance1', message: 'Importance must be a whole number from 1 to 10' },
      { field: 'performance1', message: 'Performance must be a whole number from 1 to 10' },
      { field: 'satisfaction1', message: 'Satisfaction must be a whole number from 1 to 10' },
    ]);
    expect(problemsOf(parseCopmInitial({ ...dated('2026-12-03'), ...row(1, 'a', '-1', 'x', '5') }))).toHaveLength(2);
  });

  it('says what is missing in a row that was started', () => {
    const parsed = parseCopmInitial({ ...dated('2026-12-03'), ...row(2, '', '5', '', '5') });
    expect(problemsOf(parsed)).toEqual([
      { field: 'problem2', message: 'Describe occupational performance problem 2' },
      { field: 'performance2', message: 'Enter the performance rating' },
    ]);
    expect(problemsOf(parseCopmInitial({ ...dated('2026-12-03'), ...row(1, 'x'.repeat(301), '5', '5', '5') }))).toEqual(
      [{ field: 'problem1', message: 'Problem 1 must be 300 characters or fewer' }],
    );
  });

  it('needs a real date and never throws on input that is not a form', () => {
    expect(problemsOf(parseCopmInitial(row(1, 'a', '5', '5', '5')))).toEqual([
      { field: 'assessedOn', message: 'Enter the date of the assessment', part: 'day' },
    ]);
    expect(parseCopmInitial(null).ok).toBe(false);
    expect(parseCopmInitial('copm').ok).toBe(false);
  });
});

describe('the COPM reassessment form', () => {
  const named = [
    { description: 'Dressing for PE', importance: 9 },
    { description: 'Using a knife and fork', importance: 7 },
  ];

  it('reads a new performance and satisfaction rating for each problem named at first', () => {
    const sent = {
      ...dated('2027-03-03'),
      performance1: '7',
      satisfaction1: '8',
      performance2: '6',
      satisfaction2: '6',
    };
    expect(parseCopmReassessment(sent, named, '2026-12-03')).toEqual({
      ok: true,
      value: assessment('2027-03-03', [
        [7, 8],
        [6, 6],
      ]),
    });
  });

  it('needs every problem rated again, on a date after the initial assessment', () => {
    const sent = { ...dated('2026-12-03'), performance1: '7', satisfaction1: '8' };
    expect(problemsOf(parseCopmReassessment(sent, named, '2026-12-03'))).toEqual([
      { field: 'assessedOn', message: 'Date of the reassessment must be after the initial assessment', part: 'day' },
      { field: 'performance2', message: 'Enter the performance rating' },
      { field: 'satisfaction2', message: 'Enter the satisfaction rating' },
    ]);
  });
});

describe('COPM scores and change (Law et al.)', () => {
  it('scores performance and satisfaction as the mean of the problems, to one decimal place', () => {
    const initial = assessment('2026-12-03', [
      [3, 2],
      [4, 3],
      [2, 2],
    ]);
    // Performance 9/3 = 3.0; satisfaction 7/3 = 2.333 → 2.3.
    expect(copmScores(initial)).toEqual({ performance: 3, satisfaction: 2.3 });
  });

  it('rounds a half up: 9 over 4 problems is 2.3, 11 over 4 is 2.8, and 20 over 3 is 6.7', () => {
    expect(
      copmScores(
        assessment('2026-12-03', [
          [2, 2],
          [2, 3],
          [2, 3],
          [3, 3],
        ]),
      ),
    ).toEqual({ performance: 2.3, satisfaction: 2.8 });
    expect(
      copmScores(
        assessment('2026-12-03', [
          [7, 1],
          [7, 1],
          [6, 1],
        ]),
      ),
    ).toEqual({ performance: 6.7, satisfaction: 1 });
  });

  it('has no score for an assessment with no ratings', () => {
    expect(copmScores(assessment('2026-12-03', []))).toBeNull();
  });

  it('flags a change of 2 or more as clinically important, and 1.8 as not', () => {
    const initial = assessment('2026-12-03', [
      [3, 2],
      [4, 3],
    ]);
    // Performance 3.5 → 5.5 (+2.0); satisfaction 2.5 → 4.0 (+1.5).
    const later = assessment('2027-03-03', [
      [5, 4],
      [6, 4],
    ]);
    expect(copmChange(initial, later)).toEqual({
      performance: { change: 2, important: true },
      satisfaction: { change: 1.5, important: false },
    });
    // Over five problems: 2.0 → 3.8 (19/5) is +1.8, not important; 2.0 → 4.0 is.
    const five = (p: number[]) =>
      assessment(
        '2027-03-03',
        p.map((v) => [v, v] as [number, number]),
      );
    expect(copmChange(five([2, 2, 2, 2, 2]), five([4, 4, 4, 4, 3]))?.performance).toEqual({
      change: 1.8,
      important: false,
    });
    expect(copmChange(five([2, 2, 2, 2, 2]), five([4, 4, 4, 4, 4]))?.performance).toEqual({
      change: 2,
      important: true,
    });
  });

  it('gives the change from the scores as reported, free of floating-point dust', () => {
    // 2.3 → 4.3 would be 1.9999999999999996 in floating point; it is 2.0, and important.
    const before = assessment('2026-12-03', [
      [2, 1],
      [2, 1],
      [2, 1],
      [3, 1],
    ]);
    const after = assessment('2027-03-03', [
      [4, 1],
      [4, 1],
      [4, 1],
      [5, 1],
    ]);
    expect(copmChange(before, after)).toEqual({
      performance: { change: 2, important: true },
      satisfaction: { change: 0, important: false },
    });
  });

  it('shows a fall as a negative change, never important', () => {
    const change = copmChange(assessment('2026-12-03', [[8, 8]]), assessment('2027-03-03', [[5, 9]]));
    expect(change).toEqual({
      performance: { change: -3, important: false },
      satisfaction: { change: 1, important: false },
    });
  });

  it('has no change between assessments of different numbers of problems or with no ratings', () => {
    expect(
      copmChange(
        assessment('2026-12-03', [[3, 3]]),
        assessment('2027-03-03', [
          [5, 5],
          [5, 5],
        ]),
      ),
    ).toBeNull();
    expect(copmChange(assessment('2026-12-03', []), assessment('2027-03-03', []))).toBeNull();
  });

  it('reports a score with its decimal', () => {
    expect(formatCopmScore(7)).toBe('7.0');
    expect(formatCopmScore(2.3)).toBe('2.3');
  });
});
