import { describe, expect, it } from 'vitest';
import {
  AGREED_BY,
  AGREED_BY_LABELS,
  agreedByText,
  GOAL_MEASURE_LABELS,
  GOAL_MEASURES,
  GOAL_TEXT_MAX,
  OCCUPATION_AREA_LABELS,
  OCCUPATION_AREAS,
  parseGoal,
} from './goals.js';

const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year };
};

const form = (overrides: Record<string, unknown> = {}) => ({
  text: 'By the end of March, Amira will fasten the buttons on her school shirt on her own in under 5 minutes.',
  area: 'self-care',
  agreedBy: ['child', 'parent-carer'],
  measure: 'gas',
  ...date('setOn', '2026-12-03'),
  ...date('reviewOn', '2027-03-31'),
  ...overrides,
});

const problemsOf = (input: unknown) => {
  const parsed = parseGoal(input);
  return parsed.ok ? [] : parsed.problems;
};

describe('a goal agreed with the child and family', () => {
  it('has three occupation areas and two measures, each with a label', () => {
    expect(OCCUPATION_AREAS).toEqual(['self-care', 'productivity', 'leisure']);
    expect(Object.keys(OCCUPATION_AREA_LABELS).sort()).toEqual([...OCCUPATION_AREAS].sort());
    expect(GOAL_MEASURES).toEqual(['gas', 'copm']);
    expect(GOAL_MEASURE_LABELS.copm).toBe('Canadian Occupational Performance Measure (COPM)');
    expect(Object.keys(AGREED_BY_LABELS).sort()).toEqual([...AGREED_BY].sort());
  });

  it('parses a whole form into a goal with clean values', () => {
    expect(parseGoal(form({ text: '  Amira will fasten her buttons.  ' }))).toEqual({
      ok: true,
      value: {
        text: 'Amira will fasten her buttons.',
        area: 'self-care',
        agreedBy: ['child', 'parent-carer'],
        setOn: '2026-12-03',
        reviewOn: '2027-03-31',
        measure: 'gas',
      },
    });
  });

  it('takes one person who agreed as a single value, and keeps each once in a fixed order', () => {
    const one = parseGoal(form({ agreedBy: 'school' }));
    expect(one.ok && one.value.agreedBy).toEqual(['school']);
    const all = parseGoal(form({ agreedBy: ['school', 'child', 'school', 'parent-carer'] }));
    expect(all.ok && all.value.agreedBy).toEqual(['child', 'parent-carer', 'school']);
  });

  it('accepts goal text of 1 and of 1,000 characters, counting an emoji once', () => {
    expect(parseGoal(form({ text: 'x' })).ok).toBe(true);
    expect(parseGoal(form({ text: 'a'.repeat(GOAL_TEXT_MAX) })).ok).toBe(true);
    expect(parseGoal(form({ text: '🙂'.repeat(GOAL_TEXT_MAX) })).ok).toBe(true);
  });

  it('refuses empty, blank and over-long goal text', () => {
    expect(problemsOf(form({ text: '' }))).toEqual([{ field: 'text', message: 'Enter the goal' }]);
    expect(problemsOf(form({ text: '   \n ' }))).toEqual([{ field: 'text', message: 'Enter the goal' }]);
    expect(problemsOf(form({ text: undefined }))).toEqual([{ field: 'text', message: 'Enter the goal' }]);
    expect(problemsOf(form({ text: ['a', 'b'] }))).toEqual([{ field: 'text', message: 'Enter the goal' }]);
    expect(problemsOf(form({ text: 'a'.repeat(GOAL_TEXT_MAX + 1) }))).toEqual([
      { field: 'text', message: 'Goal must be 1,000 characters or fewer' },
    ]);
  });

  it('refuses an area or a measure that is not on the list', () => {
    expect(problemsOf(form({ area: 'sleep' }))).toEqual([
      { field: 'area', message: 'Select the area of occupation the goal is about' },
    ]);
    expect(problemsOf(form({ area: undefined }))).toHaveLength(1);
    expect(problemsOf(form({ measure: 'toms' }))).toEqual([
      { field: 'measure', message: 'Select how the goal will be measured' },
    ]);
    expect(problemsOf(form({ measure: ['gas', 'copm'] }))).toHaveLength(1);
  });

  it('needs at least one person who agreed, each from the list', () => {
    expect(problemsOf(form({ agreedBy: undefined }))).toEqual([
      { field: 'agreedBy', message: 'Select who agreed the goal' },
    ]);
    expect(problemsOf(form({ agreedBy: [] }))).toEqual([{ field: 'agreedBy', message: 'Select who agreed the goal' }]);
    expect(problemsOf(form({ agreedBy: ['child', 'grandparent'] }))).toEqual([
      { field: 'agreedBy', message: 'Select who agreed the goal from the list' },
    ]);
    expect(problemsOf(form({ agreedBy: [7] }))).toHaveLength(1);
  });

  it('needs a review date after the set date: the next day is the earliest', () => {
    expect(parseGoal(form(date('reviewOn', '2026-12-04'))).ok).toBe(true);
    expect(problemsOf(form(date('reviewOn', '2026-12-03')))).toEqual([
      { field: 'reviewOn', message: 'Review date must be after the date the goal was set', part: 'day' },
    ]);
    expect(problemsOf(form(date('reviewOn', '2026-11-30')))).toHaveLength(1);
  });

  it('says which date is missing or not real, linked to the box to fix', () => {
    expect(problemsOf(form(date('setOn', '--')))).toEqual([
      { field: 'setOn', message: 'Enter the date the goal was set', part: 'day' },
    ]);
    expect(problemsOf(form(date('reviewOn', '2027-02-30')))).toEqual([
      { field: 'reviewOn', message: 'Review date must be a real date', part: 'day' },
    ]);
    expect(problemsOf(form(date('reviewOn', '2027--31')))).toEqual([
      { field: 'reviewOn', message: 'Review date must include a month', part: 'month' },
    ]);
  });

  it('gives every problem on the form at once, and never throws on input that is not a form', () => {
    expect(problemsOf({}).map((p) => p.field)).toEqual(['text', 'area', 'agreedBy', 'setOn', 'reviewOn', 'measure']);
    for (const junk of [null, undefined, 'goal', 42, ['text']]) {
      expect(parseGoal(junk).ok).toBe(false);
    }
  });

  it('says who agreed the goal in a sentence', () => {
    expect(agreedByText(['child'])).toBe('Agreed with the child or young person');
    expect(agreedByText(['parent-carer', 'school'])).toBe('Agreed with parent or carer and school');
    expect(agreedByText(['child', 'parent-carer', 'school'])).toBe(
      'Agreed with the child or young person, parent or carer and school',
    );
  });
});
