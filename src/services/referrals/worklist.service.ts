/**
 * The triage worklist: every referral of a service, filtered, sorted and 25 a page, with counts by status and of
 * those waiting longer than the triage target. Each filter's values come from the allow-lists here (built from the
 * domain and the service definition); this turns them into dates and codes for the repository. The list names no
 * child in full: it gives initials and an age.
 */
import {
  countWorklist,
  worklistPage,
  type BirthRange,
  type WorklistQuery,
} from '../../data/referrals/worklist.repository.js';
import type { Executor } from '../../data/executor.js';
import type { Outcome } from '../../domain/eligibility/decision.js';
import { isUnresolvedMatch } from '../../domain/referrals/child-match.js';
import { REFERRAL_STATUSES, type Priority, type ReferralStatus } from '../../domain/referrals/lifecycle.js';
import { overdueBefore, workingDaysBetween } from '../../domain/referrals/working-days.js';
import type { ServiceDefinition } from '../../domain/service/definition.js';
import { addMonthsClamped, ageInYears, londonDate } from '../../domain/shared/dates.js';
import type { Clock } from '../shared/context.js';
import { initials } from './submit-referral.js';

export const WORKLIST_PAGE_SIZE = 25;

/** Still waiting for a triage decision: the list shows these unless asked otherwise, and the target applies to them. */
export const WAITING_STATUSES: readonly ReferralStatus[] = ['awaiting-triage', 'more-information-requested'];

export const ELIGIBILITY_OUTCOMES: readonly Outcome[] = ['eligible', 'ineligible', 'unclear'];

/** Ages in completed years on today's London date; the last band has no upper end. */
export const AGE_BANDS = [
  { id: 'under-5', label: 'Under 5', from: 0, to: 4 },
  { id: '5-to-10', label: '5 to 10', from: 5, to: 10 },
  { id: '11-to-15', label: '11 to 15', from: 11, to: 15 },
  { id: '16-and-over', label: '16 and over', from: 16, to: null },
] as const;
export type AgeBand = (typeof AGE_BANDS)[number]['id'];

/** The area filter's value for a child with no school recorded, or a school the reference data does not know. */
export const AREA_NOT_KNOWN = 'not-known';

export const FLAGS = ['possible-duplicate', 'safeguarding'] as const;
export type Flag = (typeof FLAGS)[number];

/**
 * Over or within the triage target: awaiting triage, by the working days its clock has run. The clock is paused while
 * more information is requested, so those referrals are neither; their own question is whether the reply is overdue.
 */
export const WAITING_FILTERS = ['over-target', 'within-target', 'reply-overdue'] as const;
export type WaitingFilter = (typeof WAITING_FILTERS)[number];

/**
 * By the received date, oldest or newest first; or by days waiting, longest first. Days waiting run on the triage
 * clock, which stops while more information is requested, so a referral that waited for a reply has waited fewer
 * days than its received date says.
 */
export const SORTS = ['received', 'newest', 'waiting'] as const;
export type Sort = (typeof SORTS)[number];

export interface WorklistFilters {
  /** Empty: the waiting statuses. */
  statuses: readonly ReferralStatus[];
  pathways: readonly string[];
  priorities: readonly Priority[];
  referrerTypes: readonly string[];
  outcomes: readonly Outcome[];
  ageBands: readonly AgeBand[];
  /** Local authority codes from the definition, or AREA_NOT_KNOWN. */
  areas: readonly string[];
  waiting: WaitingFilter | null;
  flags: readonly Flag[];
  sort: Sort;
  /** Any whole number: clamped to the pages there are. */
  page: number;
}

export const DEFAULT_FILTERS: WorklistFilters = {
  statuses: [],
  pathways: [],
  priorities: [],
  referrerTypes: [],
  outcomes: [],
  ageBands: [],
  areas: [],
  waiting: null,
  flags: [],
  sort: 'received',
  page: 1,
};

export interface WorklistItem {
  id: string;
  reference: string;
  status: ReferralStatus;
  receivedOn: string;
  childInitials: string;
  childAge: number;
  referrerType: string;
  eligibilityOutcome: string;
  /**
   * Working days waited so far on the triage clock, for a referral still waiting; null once decided. For one waiting
   * for more information, the days waited until the clock was paused.
   */
  waitingDays: number | null;
  /** Waiting for more information: the clock is paused. */
  paused: boolean;
  replyDueOn: string | null;
  /** Waiting for more information whose reply-by date has passed. */
  replyOverdue: boolean;
  /** Working days from receipt to the decision, once decided (null while waiting, or when no decision was dated). */
  decidedAfterDays: number | null;
  overdue: boolean;
  possibleDuplicate: boolean;
  /** The NHS number given is recorded for a child with another name or date of birth. */
  nhsNumberConflict: boolean;
  safeguarding: boolean;
  pathway: string | null;
  priority: string | null;
}

export interface WorklistView {
  today: string;
  targetWorkingDays: number;
  /** The statuses listed (the default when none was chosen). */
  statuses: readonly ReferralStatus[];
  total: number;
  byStatus: { status: ReferralStatus; count: number }[];
  /** Of those listed, how many await triage and have waited longer than the target. */
  overdue: number;
  /** Of those listed, how many wait for more information whose reply is overdue. */
  replyOverdue: number;
  page: number;
  lastPage: number;
  rows: WorklistItem[];
}

const isWaiting = (s: ReferralStatus) => WAITING_STATUSES.includes(s);

/** The dates of birth of a child whose age on `today` is in the band. */
export function birthRange(band: AgeBand, today: string): BirthRange {
  const { from, to } = AGE_BANDS.find((b) => b.id === band) ?? AGE_BANDS[0];
  const bornYearsBefore = (years: number) => addMonthsClamped(today, -12 * years);
  return {
    // At least `from` years old: born on or before the day `from` years ago (ageInYears's rule for 29 February).
    ...(from > 0 && { bornOnOrBefore: bornYearsBefore(from) }),
    // Not yet `to + 1`: born after the day `to + 1` years ago.
    ...(to !== null && { bornAfter: bornYearsBefore(to + 1) }),
  };
}

/** The statuses each wait filter applies to. */
const STATUSES_FOR: Record<WaitingFilter, readonly ReferralStatus[]> = {
  'over-target': ['awaiting-triage'],
  'within-target': ['awaiting-triage'],
  'reply-overdue': ['more-information-requested'],
};

/** The statuses a set of filters lists: the chosen ones, or the waiting ones; narrowed to those a wait filter fits. */
function listedStatuses(filters: WorklistFilters): ReferralStatus[] {
  const chosen = filters.statuses.length === 0 ? WAITING_STATUSES : filters.statuses;
  const ordered = REFERRAL_STATUSES.filter((s) => chosen.includes(s));
  const waiting = filters.waiting;
  return waiting === null ? ordered : ordered.filter((s) => STATUSES_FOR[waiting].includes(s));
}

/**
 * The repository query for a set of filters on `today` (a London date): the age bands as dates of birth, the wait
 * as a received date, the areas as local authority codes. Exported so that the benchmark can ask the database for
 * the plan of exactly the query a page runs.
 */
export function worklistQueryFor(
  definition: ServiceDefinition,
  filters: WorklistFilters,
  today: string,
): WorklistQuery {
  const cutoff = overdueBefore(today, definition.triage.targetWorkingDays);
  const laCodes = new Set(definition.eligibility.school.localAuthorities.map((la) => la.code));
  return {
    serviceId: definition.id,
    statuses: listedStatuses(filters),
    pathways: filters.pathways,
    priorities: filters.priorities,
    referrerTypes: filters.referrerTypes,
    outcomes: filters.outcomes,
    births: filters.ageBands.map((band) => birthRange(band, today)),
    area:
      filters.areas.length === 0
        ? null
        : { laCodes: filters.areas.filter((a) => laCodes.has(a)), notKnown: filters.areas.includes(AREA_NOT_KNOWN) },
    clock:
      filters.waiting === 'over-target'
        ? { before: cutoff }
        : filters.waiting === 'within-target'
          ? { onOrAfter: cutoff }
          : {},
    replyDueBefore: filters.waiting === 'reply-overdue' ? today : null,
    flags: {
      possibleDuplicate: filters.flags.includes('possible-duplicate'),
      safeguarding: filters.flags.includes('safeguarding'),
    },
    order: filters.sort === 'waiting' ? 'clock' : filters.sort,
    overdueBefore: cutoff,
    today,
  };
}

export function createWorklist(deps: { db: Executor; clock: Clock }) {
  const { db, clock } = deps;

  async function view(definition: ServiceDefinition, filters: WorklistFilters): Promise<WorklistView> {
    const today = londonDate(clock());
    const target = definition.triage.targetWorkingDays;
    const query = worklistQueryFor(definition, filters, today);
    const statuses = listedStatuses(filters);
    const empty = { today, targetWorkingDays: target, statuses, page: 1, lastPage: 1, rows: [] };
    if (statuses.length === 0) return { ...empty, total: 0, byStatus: [], overdue: 0, replyOverdue: 0 };

    const counts = await countWorklist(db, query);
    const countOf = (s: ReferralStatus) => counts.find((c) => c.status === s);
    const total = counts.reduce((n, c) => n + c.count, 0);
    const overdue = countOf('awaiting-triage')?.overdue ?? 0;
    const replyOverdue = countOf('more-information-requested')?.replyOverdue ?? 0;
    const byStatus = statuses.map((status) => ({ status, count: countOf(status)?.count ?? 0 }));
    const lastPage = Math.max(1, Math.ceil(total / WORKLIST_PAGE_SIZE));
    const page = Math.min(lastPage, Math.max(1, Math.trunc(filters.page)));
    if (total === 0) return { ...empty, total, byStatus, overdue, replyOverdue };

    const rows = await worklistPage(db, query, { offset: (page - 1) * WORKLIST_PAGE_SIZE, limit: WORKLIST_PAGE_SIZE });
    return {
      ...empty,
      total,
      byStatus,
      overdue,
      replyOverdue,
      page,
      lastPage,
      rows: rows.map((r): WorklistItem => {
        // The query matched only the listed statuses.
        const status = r.status as ReferralStatus;
        const waiting = isWaiting(status);
        const paused = status === 'more-information-requested';
        // A paused clock stopped on the day more information was asked for (the referral's last decision).
        const clockStoppedOn = paused && r.decidedAt !== null ? londonDate(new Date(r.decidedAt)) : today;
        const waitingDays = waiting ? workingDaysBetween(r.clockFrom, clockStoppedOn) : null;
        return {
          id: r.id,
          reference: r.reference,
          status,
          receivedOn: r.receivedOn,
          childInitials: initials(r.child.givenName, r.child.familyName),
          childAge: ageInYears(r.child.dateOfBirth, today),
          referrerType: r.referrerType,
          eligibilityOutcome: r.eligibilityOutcome,
          waitingDays,
          decidedAfterDays:
            waiting || r.decidedAt === null
              ? null
              : workingDaysBetween(r.receivedOn, londonDate(new Date(r.decidedAt))),
          paused,
          replyDueOn: paused ? r.replyDueOn : null,
          replyOverdue: paused && r.replyDueOn !== null && r.replyDueOn < today,
          overdue: status === 'awaiting-triage' && waitingDays !== null && waitingDays > target,
          possibleDuplicate: isUnresolvedMatch(r.childMatch),
          nhsNumberConflict: r.childMatch === 'nhs-number-conflict',
          safeguarding: r.safeguardingConcern,
          pathway: r.pathway,
          priority: r.priority,
        };
      }),
    };
  }

  return { view };
}

export type WorklistService = ReturnType<typeof createWorklist>;
