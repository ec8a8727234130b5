/**
 * The waiting list (issue 13 item 1): the children of a service waiting for their first appointment, with their wait
 * in completed weeks and its NHS England band, whether that is over the service's target for their priority, who is
 * next (priority, then longest wait), the counts by band and by pathway and priority, and one child's place with
 * their open tasks and waiting-well contacts. The filters arrive from allow-lists (the web layer's forms); this turns
 * them into dates for the repository, using the same arithmetic as the pages (src/domain/care/waiting-list.ts).
 */
import {
  bandCounts,
  countAheadInPathway,
  countWaiting,
  findWaitingEntry,
  pathwayCounts,
  waitingPage,
  type WaitingEntry,
  type WaitingListQuery,
  type WaitingRow,
} from '../../data/care/waiting-list.repository.js';
import { familyLinksOfEpisode, type FamilyLinkRecord } from '../../data/care/family-links.repository.js';
import { openTasksOfEpisode, type TaskRecord } from '../../data/care/tasks.repository.js';
import type { Executor } from '../../data/executor.js';
import {
  bandDateRange,
  bandDateRanges,
  bandOf,
  isOverTarget,
  overTargetBefore,
  priorityRank,
  WAIT_BANDS,
  waitOf,
  type Wait,
  type WaitBand,
} from '../../domain/care/waiting-list.js';
import { PRIORITIES, type Priority, type Setting } from '../../domain/referrals/lifecycle.js';
import type { ServiceDefinition } from '../../domain/service/definition.js';
import { londonDate } from '../../domain/shared/dates.js';
import { ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { Clock } from '../shared/context.js';

export const WAITING_LIST_PAGE_SIZE = 25;

export const WAITING_SORTS = ['next', 'longest'] as const;
export type WaitingSort = (typeof WAITING_SORTS)[number];

export interface WaitingListFilters {
  pathways: readonly string[];
  priorities: readonly Priority[];
  settings: readonly Setting[];
  bands: readonly WaitBand[];
  /** Over the target (true), within it (false), either (null). */
  overTarget: boolean | null;
  sort: WaitingSort;
  /** Any whole number: clamped to the pages there are. */
  page: number;
}

export const DEFAULT_WAITING_FILTERS: WaitingListFilters = {
  pathways: [],
  priorities: [],
  settings: [],
  bands: [],
  overTarget: null,
  sort: 'next',
  page: 1,
};

export interface WaitingItem extends Omit<WaitingRow, 'waitFrom'> {
  waitFrom: string;
  wait: Wait;
  band: WaitBand;
  targetWeeks: number;
  overTarget: boolean;
}

export interface PathwaySummary {
  pathway: string;
  priority: Priority;
  count: number;
  targetWeeks: number;
  /** The longest wait of the group, or null when nobody waits in it. */
  longestWait: Wait | null;
}

export interface WaitingListView {
  today: string;
  total: number;
  page: number;
  lastPage: number;
  rows: WaitingItem[];
  /** The whole list's counts by band (not filtered), in band order. */
  bands: { band: WaitBand; count: number }[];
  /** The whole list by pathway (the definition's order) and priority. */
  byPathway: PathwaySummary[];
}

export interface WaitingEntryView {
  today: string;
  entry: WaitingEntry;
  wait: Wait;
  band: WaitBand;
  targetWeeks: number;
  overTarget: boolean;
  /** 1 for the next child of the pathway; null when the child is no longer waiting. */
  position: number | null;
  waitingInPathway: number | null;
  tasks: TaskRecord[];
  /** Waiting-well contacts, newest first; `expired` when the link can no longer be answered. */
  contacts: (FamilyLinkRecord & { expired: boolean })[];
  /** A family answered "no longer needed": a clinician may confirm and take the child off the list. */
  noLongerNeeded: boolean;
}

/** The target of a priority; a priority the definition does not know (none should be) takes the routine target. */
function targetOf(definition: ServiceDefinition, priority: string): number {
  const targets: Partial<Record<string, number>> = definition.care.waitingList.targetWeeks;
  return targets[priority] ?? definition.care.waitingList.targetWeeks.routine;
}

/**
 * The repository's query for a set of filters on `today`: the bands as wait_from ranges, over or within the target as
 * one date per priority. Exported so that the benchmark asks for the plan of exactly the query a page runs.
 */
export function waitingListQueryFor(
  definition: ServiceDefinition,
  filters: WaitingListFilters,
  today: string,
): WaitingListQuery {
  return {
    serviceId: definition.id,
    pathways: filters.pathways,
    priorities: filters.priorities,
    settings: filters.settings,
    waitFrom: filters.bands.map((b) => bandDateRange(b, today)),
    target:
      filters.overTarget === null
        ? null
        : {
            over: filters.overTarget,
            before: Object.fromEntries(PRIORITIES.map((p) => [p, overTargetBefore(targetOf(definition, p), today)])),
          },
    order: filters.sort,
  };
}

function itemOf(definition: ServiceDefinition, row: WaitingRow, today: string): WaitingItem {
  const wait = waitOf(row.waitFrom, today);
  const targetWeeks = targetOf(definition, row.priority);
  return { ...row, wait, band: bandOf(wait.weeks), targetWeeks, overTarget: isOverTarget(wait, targetWeeks) };
}

export function createWaitingList(deps: { db: Executor; clock: Clock }) {
  const { db, clock } = deps;

  async function view(definition: ServiceDefinition, filters: WaitingListFilters): Promise<WaitingListView> {
    const today = londonDate(clock());
    const query = waitingListQueryFor(definition, filters, today);
    const [total, counts, groups] = [
      await countWaiting(db, query),
      await bandCounts(
        db,
        definition.id,
        bandDateRanges(today).map((b) => ({ id: b.band, range: b.range })),
      ),
      await pathwayCounts(db, definition.id),
    ];
    const lastPage = Math.max(1, Math.ceil(total / WAITING_LIST_PAGE_SIZE));
    const page = Math.min(lastPage, Math.max(1, Math.trunc(filters.page)));
    const rows =
      total === 0
        ? []
        : await waitingPage(db, query, { offset: (page - 1) * WAITING_LIST_PAGE_SIZE, limit: WAITING_LIST_PAGE_SIZE });
    const known = new Set(definition.pathways.map((p) => p.id));
    // The definition's pathways in its order, then any pathway an older definition had (so no child is left out).
    const pathwayIds = [
      ...definition.pathways.map((p) => p.id),
      ...[...new Set(groups.map((g) => g.pathway))].filter((p) => !known.has(p)).sort(),
    ];
    const byPathway = pathwayIds.flatMap((pathway) =>
      PRIORITIES.map((priority): PathwaySummary => {
        const g = groups.find((x) => x.pathway === pathway && x.priority === priority);
        return {
          pathway,
          priority,
          count: g?.count ?? 0,
          targetWeeks: targetOf(definition, priority),
          longestWait: g === undefined ? null : waitOf(g.longestWaitFrom, today),
        };
      }),
    );
    return {
      today,
      total,
      page,
      lastPage,
      rows: rows.map((r) => itemOf(definition, r, today)),
      bands: WAIT_BANDS.map((b) => ({ band: b.id, count: counts.get(b.id) ?? 0 })),
      byPathway,
    };
  }

  /** Every child the filters match, in the list's order, for the CSV export. */
  async function exportRows(definition: ServiceDefinition, filters: WaitingListFilters): Promise<WaitingItem[]> {
    const today = londonDate(clock());
    const rows = await waitingPage(db, waitingListQueryFor(definition, filters, today));
    return rows.map((r) => itemOf(definition, r, today));
  }

  /** One child's place on the list; not found for an unknown episode or another service's. */
  async function entry(
    definition: ServiceDefinition,
    episodeId: string,
  ): Promise<Outcome<{ view: WaitingEntryView }, Problem<'not-found'>>> {
    const found = await findWaitingEntry(db, definition.id, episodeId);
    if (found === undefined) return { ok: false, problem: problem('not-found', 'There is no such child on the list.') };
    const today = londonDate(clock());
    const wait = waitOf(found.waitFrom, today);
    const targetWeeks = targetOf(definition, found.priority);
    const waiting = found.status === 'waiting';
    const higher = PRIORITIES.filter((p) => priorityRank(p) < priorityRank(found.priority));
    const ahead = waiting ? await countAheadInPathway(db, definition.id, found, higher) : null;
    const inPathway = waiting
      ? await countWaiting(db, {
          ...waitingListQueryFor(definition, DEFAULT_WAITING_FILTERS, today),
          pathways: [found.pathway],
        })
      : null;
    const tasks = await openTasksOfEpisode(db, definition.id, episodeId);
    const now = clock().toISOString();
    const contacts = (await familyLinksOfEpisode(db, definition.id, episodeId, 'waiting-well')).map((c) => ({
      ...c,
      expired: c.expiresAt <= now,
    }));
    return ok({
      view: {
        today,
        entry: found,
        wait,
        band: bandOf(wait.weeks),
        targetWeeks,
        overTarget: isOverTarget(wait, targetWeeks),
        position: ahead === null ? null : ahead + 1,
        waitingInPathway: inPathway,
        tasks,
        contacts,
        noLongerNeeded: waiting && contacts.some((c) => c.answer === 'no-longer-needed'),
      },
    });
  }

  return { view, exportRows, entry };
}

export type WaitingListService = ReturnType<typeof createWaitingList>;
