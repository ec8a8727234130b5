import { describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../service/record-settings.js';
import {
  ageFit,
  checkEquipmentEvent,
  equipmentStatus,
  issueEquipment,
  recallList,
  type EquipmentEvent,
  type EquipmentIssue,
} from './equipment.js';

const TODAY = '2026-12-03';
const slope: CatalogueItem = {
  code: 'writing-slope',
  name: 'Writing slope',
  ageMonths: { min: 48, max: 143 },
  supplier: 'NHS Supply Chain',
  reviewEveryMonths: 12,
  terms: 'keep',
};
const bathSeat: CatalogueItem = {
  code: 'bath-seat-small',
  name: 'Supportive bath seat',
  ageMonths: { min: 12, max: 71 },
  sizeLabel: 'small',
  supplier: 'local equipment service',
  reviewEveryMonths: 6,
  terms: 'loan',
};
const grip: CatalogueItem = {
  code: 'pencil-grip',
  name: 'Pencil grip',
  sizeLabel: 'standard',
  supplier: 'NHS Supply Chain',
  reviewEveryMonths: 12,
  terms: 'keep',
};
const catalogue = [slope, bathSeat, grip];

const issued = (item: CatalogueItem, issuedOn: string, childId = 'c1', reviewOn?: string): EquipmentIssue => {
  const result = issueEquipment(
    { itemCode: item.code, childId, issuedOn, fittedBy: 'Sam Jones', ...(reviewOn !== undefined && { reviewOn }) },
    catalogue,
    TODAY,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
};

describe('issuing equipment', () => {
  it('sets the review date to the issue date plus the item interval, and the terms to the item terms', () => {
    expect(issued(bathSeat, '2026-08-31')).toEqual({
      item: bathSeat,
      childId: 'c1',
      issuedOn: '2026-08-31',
      fittedBy: 'Sam Jones',
      terms: 'loan',
      reviewOn: '2027-02-28',
    });
    expect(issued(slope, '2024-02-29').reviewOn).toBe('2025-02-28');
  });

  it('keeps a review date set by hand, and terms chosen for this child', () => {
    expect(issued(slope, '2026-01-10', 'c1', '2026-04-10').reviewOn).toBe('2026-04-10');
    const lent = issueEquipment(
      { itemCode: 'writing-slope', childId: 'c1', issuedOn: TODAY, fittedBy: 'Sam', terms: 'loan' },
      catalogue,
      TODAY,
    );
    expect(lent).toMatchObject({ ok: true, value: { terms: 'loan' } });
  });

  it('refuses an unknown item, a future or unreal date, and no fitter', () => {
    const bad = issueEquipment(
      { itemCode: 'jetpack', childId: 'c1', issuedOn: '2026-12-04', fittedBy: ' ' },
      catalogue,
      TODAY,
    );
    expect(bad).toEqual({
      ok: false,
      problems: [
        { field: 'itemCode', message: 'Select the item from the catalogue' },
        { field: 'issuedOn', message: 'Date issued must be today or in the past' },
        { field: 'fittedBy', message: 'Enter the name of the person who fitted it' },
      ],
    });
    const unreal = issueEquipment(
      { itemCode: 'pencil-grip', childId: 'c1', issuedOn: '2026-02-29', fittedBy: 'x' },
      catalogue,
      TODAY,
    );
    expect(unreal).toMatchObject({ problems: [{ field: 'issuedOn', message: 'Date issued must be a real date' }] });
  });

  it('refuses a review set by hand on or before the issue date, or not real, and a long name', () => {
    const at = (reviewOn: string, fittedBy = 'Sam') =>
      issueEquipment(
        { itemCode: 'pencil-grip', childId: 'c1', issuedOn: '2026-06-01', fittedBy, reviewOn },
        catalogue,
        TODAY,
      );
    expect(at('2026-06-01')).toMatchObject({ problems: [{ message: 'Review date must be after the date issued' }] });
    expect(at('2026-06-02').ok).toBe(true);
    expect(at('2026-06-31')).toMatchObject({ problems: [{ message: 'Review date must be a real date' }] });
    expect(at('2026-07-01', 'x'.repeat(101))).toMatchObject({
      problems: [{ field: 'fittedBy', message: 'Fitted by must be 100 characters or fewer' }],
    });
  });
});

describe('whether an item suits a child by age', () => {
  it.each([
    ['2022-12-04', 'too-young'],
    ['2022-12-03', 'fits'],
    ['2014-12-04', 'fits'],
    ['2014-12-03', 'too-old'],
  ] as const)('a writing slope (48 to 143 months) for a child born %s on 3 December 2026 is %s', (dob, fit) => {
    expect(ageFit(slope, dob, TODAY)).toBe(fit);
  });

  it('has no age range for an item sized by a label only', () => {
    expect(ageFit(grip, '2018-01-01', TODAY)).toBe('no-age-range');
  });
});

describe('the status of an issued item', () => {
  const seat = issued(bathSeat, '2026-01-15');

  it('is in use up to and on its review date, and overdue the day after', () => {
    expect(equipmentStatus(seat, [], '2026-07-15')).toMatchObject({
      state: 'in-use',
      nextReviewOn: '2026-07-15',
      daysOverdue: 0,
    });
    expect(equipmentStatus(seat, [], '2026-07-16')).toMatchObject({ state: 'review-overdue', daysOverdue: 1 });
  });

  it('moves the next review on from each review, or to a date set by hand', () => {
    const reviewed: EquipmentEvent[] = [{ kind: 'review', on: '2026-07-20', outcome: 'adjusted' }];
    expect(equipmentStatus(seat, reviewed, TODAY)).toMatchObject({ state: 'in-use', nextReviewOn: '2027-01-20' });
    const byHand: EquipmentEvent[] = [
      { kind: 'review', on: '2026-07-20', outcome: 'suitable', nextReviewOn: '2026-09-01' },
    ];
    expect(equipmentStatus(seat, byHand, TODAY)).toMatchObject({ state: 'review-overdue', daysOverdue: 93 });
  });

  it('takes events in date order, whatever order they come in', () => {
    const events: EquipmentEvent[] = [
      { kind: 'review', on: '2026-11-01', outcome: 'suitable' },
      { kind: 'review', on: '2026-07-01', outcome: 'needs-replacing' },
    ];
    expect(equipmentStatus(seat, events, TODAY)).toMatchObject({ nextReviewOn: '2027-05-01', needsReplacing: false });
  });

  it('counts repairs and remembers a review that found it needs replacing', () => {
    const events: EquipmentEvent[] = [
      { kind: 'repair', on: '2026-03-01', note: 'New strap' },
      { kind: 'repair', on: '2026-05-01', note: 'Suction cups replaced' },
      { kind: 'review', on: '2026-07-01', outcome: 'needs-replacing' },
    ];
    expect(equipmentStatus(seat, events, TODAY)).toMatchObject({
      repairs: 2,
      lastRepairOn: '2026-05-01',
      needsReplacing: true,
    });
  });

  it('is returned from the day of return, with no further review', () => {
    const events: EquipmentEvent[] = [{ kind: 'return', on: '2026-10-01' }];
    expect(equipmentStatus(seat, events, '2026-09-30').state).toBe('review-overdue');
    expect(equipmentStatus(seat, events, '2026-10-01')).toMatchObject({
      state: 'returned',
      returnedOn: '2026-10-01',
      nextReviewOn: null,
    });
  });

  it('awaits the return of a loan no longer needed, and finishes a kept item', () => {
    const done: EquipmentEvent[] = [{ kind: 'review', on: '2026-06-01', outcome: 'no-longer-needed' }];
    expect(equipmentStatus(seat, done, TODAY)).toMatchObject({ state: 'awaiting-return', nextReviewOn: null });
    expect(equipmentStatus(issued(grip, '2026-01-15'), done, TODAY)).toMatchObject({ state: 'finished' });
  });

  it('ignores events dated after today or before the issue', () => {
    const events: EquipmentEvent[] = [
      { kind: 'return', on: '2026-12-10' },
      { kind: 'repair', on: '2025-01-01', note: 'Wrong item' },
    ];
    expect(equipmentStatus(seat, events, TODAY)).toMatchObject({ state: 'review-overdue', repairs: 0 });
  });
});

describe('the recall list', () => {
  const children = [
    { id: 'older', dateOfBirth: '2020-01-10' },
    { id: 'younger', dateOfBirth: '2023-06-01' },
  ];
  const opts = { outgrowWithinMonths: 6 };

  it('lists an item overdue for review, with the reason', () => {
    const list = recallList([{ issue: issued(grip, '2025-06-01', 'younger'), events: [] }], children, TODAY, opts);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      reasons: [{ kind: 'review-overdue', reviewOn: '2026-06-01', days: 185 }],
      overdueDays: 185,
    });
  });

  it('lists an item the child has outgrown: older than the top of the range', () => {
    // A small bath seat goes to 71 months; born 10 January 2020, the child is 72 months from 10 January 2026.
    const seat = issued(bathSeat, '2026-11-01', 'older');
    expect(recallList([{ issue: seat, events: [] }], children, TODAY, opts)[0]?.reasons).toEqual([
      { kind: 'outgrown', since: '2026-01-10', days: 327 },
    ]);
    expect(recallList([{ issue: seat, events: [] }], children, '2026-01-09', opts)[0]?.reasons).toEqual([
      { kind: 'outgrowing', on: '2026-01-10', daysToGo: 1 },
    ]);
  });

  it('warns within the months given, and not before', () => {
    const seat = issued(bathSeat, '2025-05-01', 'older', '2025-12-01');
    const events: EquipmentEvent[] = [
      { kind: 'review', on: '2025-06-01', outcome: 'suitable', nextReviewOn: '2027-01-01' },
    ];
    const on = (today: string, months = 6) =>
      recallList([{ issue: seat, events }], children, today, { outgrowWithinMonths: months });
    expect(on('2025-07-10')[0]?.reasons).toEqual([{ kind: 'outgrowing', on: '2026-01-10', daysToGo: 184 }]);
    expect(on('2025-07-09')).toEqual([]);
    expect(on('2025-12-01', 0)).toEqual([]);
  });

  it('gives both reasons on one entry, and sorts most overdue first', () => {
    const list = recallList(
      [
        { issue: issued(grip, '2025-11-01', 'younger'), events: [] },
        { issue: issued(bathSeat, '2025-01-01', 'older'), events: [] },
        { issue: issued(slope, '2025-12-20', 'younger'), events: [] },
      ],
      children,
      TODAY,
      opts,
    );
    expect(list.map((e) => [e.issue.item.code, e.overdueDays])).toEqual([
      ['bath-seat-small', 520],
      ['pencil-grip', 32],
    ]);
    expect(list[0]?.reasons.map((r) => r.kind)).toEqual(['review-overdue', 'outgrown']);
  });

  it('leaves out returned and no-longer-needed items, and items in date', () => {
    const seat = issued(bathSeat, '2025-01-01', 'older');
    const list = recallList(
      [
        { issue: seat, events: [{ kind: 'return', on: '2025-06-01' }] },
        { issue: seat, events: [{ kind: 'review', on: '2025-06-01', outcome: 'no-longer-needed' }] },
        { issue: issued(slope, '2026-11-01', 'younger'), events: [] },
      ],
      children,
      TODAY,
      opts,
    );
    expect(list).toEqual([]);
  });

  it('checks only the review of an item for a child it does not know', () => {
    const seat = issued(bathSeat, '2026-11-01', 'unknown');
    expect(recallList([{ issue: seat, events: [] }], children, TODAY, opts)).toEqual([]);
  });
});

describe('checking a review, repair or return before it is recorded', () => {
  const seat = issued(bathSeat, '2026-06-01');
  const check = (input: Parameters<typeof checkEquipmentEvent>[0], history: EquipmentEvent[] = []) =>
    checkEquipmentEvent(input, seat, history, TODAY);

  it('accepts a review with its outcome, and a next review set by hand after it', () => {
    expect(check({ kind: 'review', on: '2026-12-01', outcome: 'adjusted', nextReviewOn: '2027-03-01' })).toEqual({
      ok: true,
      value: { kind: 'review', on: '2026-12-01', outcome: 'adjusted', nextReviewOn: '2027-03-01' },
    });
    expect(check({ kind: 'review', on: '2026-06-01', outcome: 'suitable' })).toMatchObject({ ok: true });
  });

  it('accepts a repair with a note, trimmed, and a return today', () => {
    expect(check({ kind: 'repair', on: '2026-10-01', note: '  New strap ' })).toEqual({
      ok: true,
      value: { kind: 'repair', on: '2026-10-01', note: 'New strap' },
    });
    expect(check({ kind: 'return', on: TODAY })).toEqual({ ok: true, value: { kind: 'return', on: TODAY } });
  });

  it('refuses an event before the issue, in the future or on a date that is not real', () => {
    expect(check({ kind: 'return', on: '2026-05-31' })).toMatchObject({
      problems: [{ field: 'on', message: 'Date must be on or after the date issued' }],
    });
    expect(check({ kind: 'return', on: '2026-12-04' })).toMatchObject({
      problems: [{ message: 'Date must be today or in the past' }],
    });
    expect(check({ kind: 'return', on: '2026-09-31' })).toMatchObject({
      problems: [{ message: 'Date must be a real date' }],
    });
  });

  it('refuses a review without a known outcome, or with a next review not after it', () => {
    expect(check({ kind: 'review', on: '2026-12-01', outcome: 'fine', nextReviewOn: '2026-12-01' })).toEqual({
      ok: false,
      problems: [
        { field: 'outcome', message: 'Select the outcome of the review' },
        { field: 'nextReviewOn', message: 'Next review date must be after the review' },
      ],
    });
    expect(check({ kind: 'review', on: '2026-12-01', outcome: 'suitable', nextReviewOn: '2027-02-30' })).toMatchObject({
      problems: [{ message: 'Next review date must be a real date' }],
    });
  });

  it('refuses a repair without a note, or a note over 500 characters', () => {
    expect(check({ kind: 'repair', on: '2026-10-01' })).toMatchObject({
      problems: [{ message: 'Enter what was repaired' }],
    });
    expect(check({ kind: 'repair', on: '2026-10-01', note: 'x'.repeat(501) })).toMatchObject({
      problems: [{ message: 'What was repaired must be 500 characters or fewer' }],
    });
  });

  it('refuses an unknown kind, and anything against an item already returned', () => {
    expect(check({ kind: 'sale', on: TODAY })).toMatchObject({ problems: [{ field: 'kind' }] });
    expect(check({ kind: 'repair', on: TODAY, note: 'Fixed' }, [{ kind: 'return', on: '2026-11-01' }])).toEqual({
      ok: false,
      problems: [{ field: 'on', message: 'This item has already been returned' }],
    });
  });
});
