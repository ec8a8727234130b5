import { describe, expect, it } from 'vitest';
import type { ChildOutcomes, GoalRatingRow, GoalRow, TomsRow } from '../../../services/record/goals.service.js';
import { datedRatings, goalName, tomsSummaryOf } from '../../../services/record/goals.service.js';
import { outcomeChartGroups } from '../../../domain/record/outcome-series.js';
import { changeText, childOutcomesPage, goalAnswers, ratingText, signed } from './goals.view-models.js';

const goal = (over: Partial<GoalRow> = {}): GoalRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  childId: '00000000-0000-4000-8000-0000000000c1',
  episodeId: null,
  text: 'Ruby will fasten her buttons',
  area: 'self-care',
  measure: 'gas',
  agreedWith: ['child', 'school'],
  setOn: '2026-11-02',
  reviewOn: '2027-02-01',
  status: 'active',
  createdBy: 'u1',
  createdAt: '2026-11-02T10:00:00.000Z',
  updatedByName: 'Cerys Clinician',
  updatedAt: '2026-11-02T10:00:00.000Z',
  version: 1,
  ...over,
});

const rating = (over: Partial<GoalRatingRow>): GoalRatingRow => ({
  id: 'r',
  goalId: goal().id,
  ratedOn: '2026-11-02',
  kind: 'set',
  gasLevel: null,
  copmPerformance: null,
  copmSatisfaction: null,
  byName: 'Cerys Clinician',
  createdAt: '2026-11-02T10:00:00.000Z',
  ...over,
});

const toms = (stage: string, ratedOn: string, scores: number[], scale = 'core'): TomsRow => ({
  id: `${stage}-${ratedOn}`,
  episodeId: null,
  stage,
  scale,
  ratedOn,
  impairment: scores[0] ?? 0,
  activity: scores[1] ?? 0,
  participation: scores[2] ?? 0,
  wellbeing: scores[3] ?? 0,
  carerWellbeing: null,
  byName: 'Cerys Clinician',
  createdAt: `${ratedOn}T10:00:00.000Z`,
});

describe('goals and outcomes, in words', () => {
  it('signs changes with a true minus sign', () => {
    expect([signed(3), signed(-1), signed(0), signed(1.5, true), signed(-2, true)]).toEqual([
      '+3',
      '\u22121',
      '0',
      '+1.5',
      '\u22122.0',
    ]);
  });

  it('says a rating and a change by the goal’s measure', () => {
    expect(ratingText('gas', rating({ gasLevel: -1 }))).toBe('\u22121 (Somewhat less than expected)');
    expect(ratingText('copm', rating({ copmPerformance: 6, copmSatisfaction: 7 }))).toBe(
      'Performance 6, satisfaction 7',
    );
    expect(changeText(null)).toBeNull();
    expect(changeText({ gas: 3 })).toBe('+3 from the baseline');
    expect(
      changeText({
        copm: { performance: { change: 2, important: true }, satisfaction: { change: -1, important: false } },
      }),
    ).toBe('Performance +2.0 (clinically important), satisfaction \u22121.0');
  });

  it('names a goal by its number and the start of its words', () => {
    expect(goalName(2, 'Short goal')).toBe('Goal 2: Short goal');
    expect(goalName(1, 'x'.repeat(60))).toBe(`Goal 1: ${'x'.repeat(47)}…`);
  });

  it('gives a goal’s saved answers to its edit form', () => {
    expect(goalAnswers(goal())).toMatchObject({ agreedBy: ['child', 'school'], setOn: '2026-11-02', version: '1' });
  });
});

describe('the chart’s ratings', () => {
  it('takes GAS per goal, COPM as the mean of the goals rated each day, and every TOMs rating', () => {
    const copmA = goal({ id: 'a', measure: 'copm' });
    const copmB = goal({ id: 'b', measure: 'copm' });
    const rated = datedRatings(
      [
        { goal: goal(), number: 1, ratings: [rating({ gasLevel: -2 })], change: null },
        {
          goal: copmA,
          number: 2,
          ratings: [rating({ goalId: 'a', copmPerformance: 3, copmSatisfaction: 4 })],
          change: null,
        },
        {
          goal: copmB,
          number: 3,
          ratings: [rating({ goalId: 'b', copmPerformance: 4, copmSatisfaction: 4 })],
          change: null,
        },
      ],
      [toms('start', '2026-11-03', [2, 2.5, 1.5, 3])],
    );
    expect(rated).toEqual([
      {
        measure: 'gas',
        goalId: goal().id,
        goalName: 'Goal 1: Ruby will fasten her buttons',
        date: '2026-11-02',
        level: -2,
      },
      { measure: 'copm', date: '2026-11-02', scores: { performance: 3.5, satisfaction: 4 } },
      {
        measure: 'toms',
        date: '2026-11-03',
        scores: { impairment: 2, activity: 2.5, participation: 1.5, wellbeing: 3, carerWellbeing: null },
      },
    ]);
    expect(outcomeChartGroups(rated).map((g) => g.measure)).toEqual(['gas', 'copm', 'toms']);
  });

  it('compares the latest start and end TOMs on one scale only', () => {
    const start = toms('start', '2026-11-03', [2, 2.5, 1.5, 3]);
    const end = toms('end', '2026-12-02', [2.5, 4, 3.5, 3]);
    expect(tomsSummaryOf([start, end]).change).toEqual({
      impairment: 0.5,
      activity: 1.5,
      participation: 2,
      wellbeing: 0,
      carerWellbeing: null,
    });
    expect(tomsSummaryOf([start, toms('end', '2026-12-02', [3, 3, 3, 3], 'ddc')]).change).toBeNull();
    expect(tomsSummaryOf([start])).toEqual({ start, end: null, change: null });
  });
});

describe('the child’s goals and outcomes page', () => {
  const found: ChildOutcomes = {
    child: { childId: goal().childId, givenName: 'Ruby', familyName: 'Jones', openEpisodeId: null },
    goals: [
      {
        goal: goal(),
        number: 1,
        ratings: [rating({ gasLevel: -2 }), rating({ id: 'r2', kind: 'review', ratedOn: '2026-12-01', gasLevel: 1 })],
        change: { gas: 3 },
      },
    ],
    toms: [],
    tomsSummary: { start: null, end: null, change: null },
    charts: [],
    today: '2026-12-03',
  };

  it('offers the forms only to someone who may write the clinical record', () => {
    const writer = childOutcomesPage(found, true, null);
    expect(writer.setHref).toBe(`/staff/children/${goal().childId}/goals/new`);
    expect(writer.goals[0]?.rateHref).toBe(`/staff/goals/${goal().id}/rate`);
    const reader = childOutcomesPage(found, false, null);
    expect([reader.setHref, reader.tomsHref, reader.goals[0]?.rateHref, reader.goals[0]?.editHref]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('shows a goal’s latest rating, its change and who agreed it', () => {
    const [card] = childOutcomesPage(found, true, 'Goal set').goals;
    expect(card).toMatchObject({
      heading: 'Goal 1',
      area: 'Self-care',
      agreed: 'Agreed with the child or young person and school',
      latest: '+1 (Somewhat more than expected) on 1 December 2026',
      change: '+3 from the baseline',
      status: 'Being worked on',
    });
    expect(card?.ratingRows).toHaveLength(2);
  });
});
