import { describe, expect, it } from 'vitest';
import type { EquipmentStatus } from '../../../domain/record/equipment.js';
import type { EventRow, IssueRow } from '../../../services/record/equipment.service.js';
import { eventOf, issueOf, itemOf } from '../../../services/record/equipment.service.js';
import { paths } from '../../paths.js';
import {
  childPage,
  dashboardPage,
  itemLabel,
  itemPage,
  pageItems,
  reasonText,
  reviewText,
  selectItems,
} from './equipment.view-models.js';

const ISSUE = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const EPISODE = '11111111-2222-4333-8444-555555555555';

const anIssue = (over: Partial<IssueRow> = {}): IssueRow => ({
  id: ISSUE,
  childId: 'c1',
  episodeId: EPISODE,
  itemCode: 'bath-seat-small',
  itemName: 'Supportive bath seat',
  itemSupplier: 'local equipment service',
  ageMinMonths: 12,
  ageMaxMonths: 71,
  reviewEveryMonths: 6,
  sizeLabel: 'small',
  terms: 'loan',
  issuedOn: '2026-06-01',
  fittedByUserId: 'u1',
  fittedByName: 'Cerys Clinician',
  firstReviewOn: '2026-12-01',
  reviewOn: '2026-12-01',
  status: 'in-use',
  notes: null,
  version: 1,
  child: { givenName: 'Amara', familyName: 'Okafor', dateOfBirth: '2022-03-15' },
  ...over,
});

const aStatus = (over: Partial<EquipmentStatus> = {}): EquipmentStatus => ({
  state: 'in-use',
  nextReviewOn: '2026-12-01',
  daysOverdue: 0,
  needsReplacing: false,
  repairs: 0,
  lastRepairOn: null,
  returnedOn: null,
  ...over,
});

const anEvent = (over: Partial<EventRow> = {}): EventRow => ({
  id: 'e1',
  issueId: ISSUE,
  kind: 'review',
  on: '2026-12-02',
  byUserId: 'u1',
  byName: 'Cerys Clinician',
  outcome: 'adjusted',
  notes: null,
  nextReviewOn: null,
  issueVersion: 1,
  createdAt: '2026-12-02T10:00:00.000Z',
  ...over,
});

describe('the equipment view models', () => {
  it('names an item with its size, and says when its review is', () => {
    expect(itemLabel(anIssue())).toBe('Supportive bath seat (small)');
    expect(itemLabel(anIssue({ sizeLabel: null }))).toBe('Supportive bath seat');
    expect(reviewText(aStatus())).toBe('1 December 2026');
    expect(reviewText(aStatus({ state: 'review-overdue', daysOverdue: 1 }))).toBe('1 December 2026 (1 day overdue)');
    expect(reviewText(aStatus({ state: 'review-overdue', daysOverdue: 40 }))).toBe('1 December 2026 (40 days overdue)');
    expect(reviewText(aStatus({ state: 'returned', nextReviewOn: null }))).toBe('None: returned');
    expect(reviewText(aStatus({ state: 'awaiting-return', nextReviewOn: null }))).toBe('None');
  });

  it('says why an item is on the recall list', () => {
    expect(reasonText({ kind: 'review-overdue', reviewOn: '2026-10-01', days: 63 })).toBe(
      'Review overdue since 1 October 2026 (63 days)',
    );
    expect(reasonText({ kind: 'review-overdue', reviewOn: '2026-12-02', days: 1 })).toBe(
      'Review overdue since 2 December 2026 (1 day)',
    );
    expect(reasonText({ kind: 'outgrown', since: '2025-03-15', days: 628 })).toBe(
      "Likely outgrown: past the item's age range since 15 March 2025",
    );
    expect(reasonText({ kind: 'outgrowing', on: '2027-03-15', daysToGo: 102 })).toBe(
      "Likely outgrown soon: past the item's age range on 15 March 2027",
    );
  });

  it('lists a child’s items, offering "Issue equipment" only to those who may issue', () => {
    const items = [{ issue: anIssue(), status: aStatus({ state: 'review-overdue', daysOverdue: 2 }) }];
    const page = childPage(
      { episodeId: EPISODE, childId: 'c1', givenName: 'Amara', familyName: 'Okafor', dateOfBirth: '2022-03-15' },
      items,
      ['clinician'],
    );
    expect(page).toMatchObject({
      name: 'Amara Okafor',
      dateOfBirth: '15 March 2022',
      issueHref: paths.equipment.issue.build({ episodeId: EPISODE }),
      entryHref: paths.waitingList.entry.build({ episodeId: EPISODE }),
    });
    expect(page.rows).toEqual([
      {
        item: 'Supportive bath seat (small)',
        terms: 'Lent, to be returned',
        issued: '1 June 2026',
        status: 'Review overdue',
        statusTag: 'nhsuk-tag--red',
        review: '1 December 2026 (2 days overdue)',
        href: paths.equipment.item.build({ issueId: ISSUE }),
      },
    ]);
    const forOfficer = childPage(
      { episodeId: EPISODE, childId: 'c1', givenName: 'Amara', familyName: 'Okafor', dateOfBirth: '2022-03-15' },
      items,
      ['admin-officer'],
    );
    expect(forOfficer.issueHref).toBeNull();
  });

  it('shows an item with its history and the actions still open', () => {
    const events = [
      anEvent({ nextReviewOn: '2027-03-01' }),
      anEvent({ id: 'e2', kind: 'repair', outcome: null, notes: 'New strap', issueVersion: 2 }),
    ];
    const found = { issue: anIssue({ notes: 'Fits well' }), events, status: aStatus({ repairs: 1 }) };
    const page = itemPage(found, ['triage-clinician']);
    expect(page.history).toEqual([
      { date: '1 June 2026', what: 'Issued: Lent, to be returned', by: 'Cerys Clinician' },
      {
        date: '2 December 2026',
        what: 'Reviewed: Adjusted to fit; next review set for 1 March 2027',
        by: 'Cerys Clinician',
      },
      { date: '2 December 2026', what: 'Repaired: New strap', by: 'Cerys Clinician' },
    ]);
    expect(page.summary).toContainEqual({ key: 'Repairs', value: '1' });
    expect(page.summary).toContainEqual({ key: 'Notes', value: 'Fits well' });
    expect(page.actions.map((a) => a.href)).toEqual([
      paths.equipment.review.build({ issueId: ISSUE }),
      paths.equipment.repair.build({ issueId: ISSUE }),
      paths.equipment.return.build({ issueId: ISSUE }),
    ]);
    expect(page.childHref).toBe(paths.equipment.child.build({ episodeId: EPISODE }));
    expect(itemPage(found, ['admin-officer', 'service-manager']).actions).toEqual([]);
    const back = { ...found, status: aStatus({ state: 'returned', nextReviewOn: null, returnedOn: '2026-12-03' }) };
    expect(itemPage(back, ['clinician']).actions).toEqual([]);
    expect(itemPage({ ...found, issue: anIssue({ episodeId: null }) }, ['clinician']).childHref).toBeNull();
  });

  it('draws the dashboard’s counts, recall rows and pages', () => {
    const page = dashboardPage({
      counts: { inUse: 30, reviewOverdue: 4, likelyOutgrown: 2, awaitingReturn: 1 },
      recall: [
        {
          issue: anIssue(),
          status: aStatus({ state: 'review-overdue', daysOverdue: 2 }),
          reasons: [{ kind: 'review-overdue', reviewOn: '2026-12-01', days: 2 }],
        },
      ],
      total: 26,
      page: 2,
      pageCount: 2,
    });
    expect(page.counts.map((c) => `${c.label} ${String(c.value)}`)).toEqual([
      'In use 30',
      'Review overdue 4',
      'Likely outgrown 2',
      'Awaiting return 1',
    ]);
    expect(page.rows).toEqual([
      {
        child: 'Amara Okafor',
        childHref: paths.equipment.child.build({ episodeId: EPISODE }),
        item: 'Supportive bath seat (small)',
        itemHref: paths.equipment.item.build({ issueId: ISSUE }),
        reasons: ['Review overdue since 1 December 2026 (2 days)'],
      },
    ]);
    expect(page.pagination?.previous).toEqual({ href: paths.equipment.dashboard.build() });
    expect(page.pagination?.next).toBeUndefined();
    const one = dashboardPage({
      counts: { inUse: 0, reviewOverdue: 0, likelyOutgrown: 0, awaitingReturn: 0 },
      recall: [],
      total: 0,
      page: 1,
      pageCount: 1,
    });
    expect(one.pagination).toBeNull();
  });

  it('numbers the pages around this one, with gaps shown', () => {
    const href = (n: number) => `?page=${String(n)}`;
    expect(pageItems(1, 2, href)).toEqual([
      { number: 1, href: '?page=1', current: true },
      { number: 2, href: '?page=2', current: false },
    ]);
    expect(pageItems(5, 9, href).map((i) => ('ellipsis' in i ? '…' : i.number))).toEqual([1, '…', 4, 5, 6, '…', 9]);
  });

  it('draws the fitted-by radios as a select’s items', () => {
    const items = [
      { value: 'u1', text: 'Cerys Clinician', checked: true },
      { divider: 'or' },
      { value: 'u2', text: 'Tomas Triage', checked: false },
    ];
    expect(selectItems({ items })).toEqual([
      { value: 'u1', text: 'Cerys Clinician', selected: true },
      { value: 'u2', text: 'Tomas Triage', selected: false },
    ]);
  });

  it('turns rows back into the domain’s issue and events, the item as issued', () => {
    expect(itemOf(anIssue())).toEqual({
      code: 'bath-seat-small',
      name: 'Supportive bath seat',
      supplier: 'local equipment service',
      reviewEveryMonths: 6,
      terms: 'loan',
      ageMonths: { min: 12, max: 71 },
      sizeLabel: 'small',
    });
    expect(itemOf(anIssue({ ageMinMonths: null, ageMaxMonths: null, sizeLabel: null, terms: 'keep' }))).toEqual({
      code: 'bath-seat-small',
      name: 'Supportive bath seat',
      supplier: 'local equipment service',
      reviewEveryMonths: 6,
      terms: 'keep',
    });
    expect(issueOf(anIssue())).toMatchObject({ issuedOn: '2026-06-01', reviewOn: '2026-12-01', terms: 'loan' });
    expect(eventOf(anEvent({ nextReviewOn: '2027-01-01' }))).toEqual({
      kind: 'review',
      on: '2026-12-02',
      outcome: 'adjusted',
      nextReviewOn: '2027-01-01',
    });
    expect(eventOf(anEvent({ kind: 'repair', notes: 'Strap' }))).toEqual({
      kind: 'repair',
      on: '2026-12-02',
      note: 'Strap',
    });
    expect(eventOf(anEvent({ kind: 'return' }))).toEqual({ kind: 'return', on: '2026-12-02' });
    expect(eventOf(anEvent({ outcome: 'splendid' }))).toBeNull();
    expect(eventOf(anEvent({ kind: 'loss' }))).toBeNull();
  });
});
