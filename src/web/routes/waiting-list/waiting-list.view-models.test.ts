import { describe, expect, it } from 'vitest';
import llrJson from '../../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import { definitionFrom } from '../../../domain/eligibility/test-kit.js';
import { waitOf } from '../../../domain/care/waiting-list.js';
import type { WaitingEntryView, WaitingItem, WaitingListView } from '../../../services/care/waiting-list.service.js';
import { DEFAULT_WAITING_FILTERS } from '../../../services/care/waiting-list.service.js';
import { csvCell } from '../../csv.js';
import { paths } from '../../paths.js';
import { parseForm } from '../../forms/form.js';
import { queryString, toFilters, waitingListQuery } from './waiting-list.forms.js';
import {
  csvValues,
  entryPage,
  filterForm,
  ordinal,
  pagination,
  pathwaySummary,
  waitText,
  WAITING_CSV_HEADER,
} from './waiting-list.view-models.js';

const definition = definitionFrom(llrJson);
const TODAY = '2026-12-07';
const EPISODE = '0b7e6a52-1111-4c2d-9e3f-123456789abc';

function anEntry(overrides: Partial<WaitingEntryView> = {}): WaitingEntryView {
  const wait = waitOf('2026-08-01', TODAY);
  return {
    today: TODAY,
    entry: {
      episodeId: EPISODE,
      referralId: 'r1',
      reference: 'OT-0001',
      status: 'waiting',
      pathway: 'coordination',
      priority: 'routine',
      setting: 'clinic',
      waitFrom: '2026-08-01',
      acceptedAt: '2026-08-10T10:00:00.000Z',
      nextContactOn: '2026-10-24',
      unansweredContacts: 0,
      child: { givenName: 'Amara', familyName: 'Ndiaye', dateOfBirth: '2018-03-14', nhsNumber: '9434765919' },
    },
    wait,
    band: '18-52',
    targetWeeks: 18,
    overTarget: true,
    position: 3,
    waitingInPathway: 41,
    tasks: [],
    contacts: [],
    noLongerNeeded: false,
    ...overrides,
  };
}

describe('waitText and ordinal', () => {
  it('says a wait in weeks and days', () => {
    expect(waitText(waitOf(TODAY, TODAY))).toBe('0 days');
    expect(waitText(waitOf('2026-12-06', TODAY))).toBe('1 day');
    expect(waitText(waitOf('2026-11-30', TODAY))).toBe('1 week');
    expect(waitText(waitOf('2026-11-29', TODAY))).toBe('1 week and 1 day');
    expect(waitText(waitOf('2025-12-01', TODAY))).toBe('53 weeks');
  });

  it('gives English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 1001].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
      '111th',
      '1,001st',
    ]);
  });
});

describe("a child's place, by role", () => {
  it('shows a clinician the booking button but not the NHS number or the triage link', () => {
    const page = entryPage(anEntry(), definition, ['clinician']);
    expect(page.nhsNumber).toBeNull();
    expect(page.referralHref).toBeNull();
    expect(page.bookHref).toBe(paths.appointments.book.build({ episodeId: EPISODE }));
    expect(page.removeHref).toBeNull();
    expect(page.position).toBe('3rd of 41 children waiting on the Physical Disability: Coordination pathway');
    expect(page.overTarget).toBe(true);
  });

  it('shows a triage clinician the NHS number and the triage link, and no booking', () => {
    const page = entryPage(anEntry(), definition, ['triage-clinician']);
    expect(page.nhsNumber).toBe('943 476 5919');
    expect(page.referralHref).toBe(paths.triage.referral.build({ referralId: 'r1' }));
    expect(page.bookHref).toBeNull();
  });

  it('offers removal only when a family said no longer needed, and only to roles that may remove', () => {
    const answered = anEntry({ noLongerNeeded: true });
    expect(entryPage(answered, definition, ['clinician']).removeHref).toBe(
      paths.waitingList.remove.build({ episodeId: EPISODE }),
    );
    expect(entryPage(answered, definition, ['admin-officer']).removeHref).toBeNull();
  });

  it('offers nothing to book for a child no longer waiting', () => {
    const seen = anEntry({ entry: { ...anEntry().entry, status: 'open' }, position: null, waitingInPathway: null });
    const page = entryPage(seen, definition, ['clinician']);
    expect(page.bookHref).toBeNull();
    expect(page.position).toBeNull();
    expect(page.status).toBe('Seen: on a caseload');
    expect(page.overTarget).toBe(false);
  });

  it('describes the waiting-well contacts and their answers', () => {
    const base = { serviceId: 's', purpose: 'waiting-well' as const, episodeId: EPISODE, appointmentId: null };
    const page = entryPage(
      anEntry({
        contacts: [
          {
            ...base,
            id: 'l2',
            createdAt: '2026-11-01T09:00:00.000Z',
            mintedAt: '2026-11-01T09:05:00.000Z',
            expiresAt: '2026-11-29T09:05:00.000Z',
            usedAt: '2026-11-03T18:30:00.000Z',
            answer: 'worse',
            answerText: 'Falls more often',
            expired: true,
          },
          {
            ...base,
            id: 'l1',
            createdAt: '2026-08-01T09:00:00.000Z',
            mintedAt: null,
            expiresAt: '2026-08-29T09:00:00.000Z',
            usedAt: null,
            answer: null,
            answerText: null,
            expired: true,
          },
        ],
      }),
      definition,
      ['clinician'],
    );
    expect(page.contacts).toEqual([
      { sent: '1 November 2026', answer: 'Things are worse', answered: '3 November 2026', words: 'Falls more often' },
      { sent: 'Not sent yet', answer: 'No answer', answered: null, words: null },
    ]);
  });
});

describe('the list', () => {
  const view: WaitingListView = {
    today: TODAY,
    total: 60,
    page: 2,
    lastPage: 3,
    rows: [],
    bands: [],
    byPathway: [
      { pathway: 'coordination', priority: 'urgent', count: 0, targetWeeks: 4, longestWait: null },
      {
        pathway: 'coordination',
        priority: 'routine',
        count: 7,
        targetWeeks: 18,
        longestWait: waitOf('2026-01-01', TODAY),
      },
    ],
  };

  it('summarises only the groups with children, flagging a longest wait over the target', () => {
    expect(pathwaySummary(view, definition)).toEqual([
      {
        pathway: 'Physical Disability: Coordination',
        priority: 'Routine',
        count: '7',
        target: '18 weeks',
        longest: '48 weeks and 4 days',
        overTarget: true,
      },
    ]);
  });

  it('keeps the filters in the pagination links', () => {
    const filters = { ...DEFAULT_WAITING_FILTERS, priorities: ['urgent' as const], sort: 'longest' as const, page: 2 };
    const nav = pagination(view, filters);
    expect(nav?.previous?.href).toBe(`${paths.waitingList.list.build()}?priority=urgent&sort=longest`);
    expect(nav?.next?.href).toBe(`${paths.waitingList.list.build()}?priority=urgent&sort=longest&page=3`);
  });

  it('parses what its links make back into the same filters', () => {
    const filters = {
      ...DEFAULT_WAITING_FILTERS,
      pathways: ['coordination', 'sensory-needs'],
      bands: ['4-12' as const, 'over-52' as const],
      overTarget: false,
      page: 4,
    };
    const query = Object.fromEntries(
      [...new URLSearchParams(queryString(filters, 4))].reduce((m, [k, v]) => {
        m.set(k, [...(m.get(k) ?? []), v]);
        return m;
      }, new Map<string, string[]>()),
    );
    const values = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
    const parsed = parseForm(waitingListQuery(definition), values);
    expect(parsed.ok && toFilters(parsed.data)).toEqual(filters);
  });

  it('shows back only allow-listed values in the form', () => {
    const form = filterForm(definition, { priority: ['urgent', '<script>'], overTarget: 'maybe', sort: 'longest' });
    const priority = form.groups.find((g) => g.name === 'priority');
    expect(priority?.items.filter((i) => i.checked).map((i) => i.value)).toEqual(['urgent']);
    expect(form.overTarget.find((o) => o.selected)?.value).toBe('');
    expect(form.sort.find((o) => o.selected)?.value).toBe('longest');
  });

  it('writes CSV lines that match the header, and that csv.ts neutralises', () => {
    const item: WaitingItem = {
      episodeId: EPISODE,
      referralId: 'r1',
      reference: 'OT-0001',
      pathway: 'coordination',
      priority: 'urgent',
      setting: 'home',
      waitFrom: '2026-11-01',
      child: { givenName: '=HYPERLINK("x")', familyName: '@Ndiaye', dateOfBirth: '2018-03-14' },
      openTasks: 0,
      wait: waitOf('2026-11-01', TODAY),
      band: '4-12',
      targetWeeks: 4,
      overTarget: true,
    };
    const values = csvValues(item, definition);
    expect(values).toHaveLength(WAITING_CSV_HEADER.length);
    expect(values.map((v) => csvCell(v))).toEqual([
      'OT-0001',
      `"'=HYPERLINK(""x"")"`,
      "'@Ndiaye",
      '2018-03-14',
      'Physical Disability: Coordination',
      'Urgent',
      'At home',
      '2026-11-01',
      '5',
      '36',
      '4 to 12 weeks',
      '4',
      'Yes',
    ]);
  });
});
