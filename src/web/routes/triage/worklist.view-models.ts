/**
 * What the worklist page shows: the filter form's groups (with what is ticked), the counts, the rows and the
 * pagination. Plain functions of the service's answer and the definition, so the template only places them.
 */
import { PRIORITIES, REFERRAL_STATUSES, type ReferralStatus } from '../../../domain/referrals/lifecycle.js';
import {
  ELIGIBILITY_OUTCOME_LABELS,
  labelOf,
  PRIORITY_LABELS,
  STATUS_LABELS,
} from '../../../domain/referrals/labels.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import {
  AGE_BANDS,
  AREA_NOT_KNOWN,
  ELIGIBILITY_OUTCOMES,
  WAITING_STATUSES,
  type WorklistFilters,
  type WorklistItem,
  type WorklistView,
} from '../../../services/referrals/worklist.service.js';
import { paths } from '../../paths.js';
import { ALL_STATUSES, allowLists, queryString, type WorklistParam } from './worklist.forms.js';

const STATUS_TAGS: Record<ReferralStatus, string> = {
  'awaiting-triage': 'nhsuk-tag--blue',
  'more-information-requested': 'nhsuk-tag--yellow',
  accepted: 'nhsuk-tag--green',
  'not-accepted': 'nhsuk-tag--grey',
  redirected: 'nhsuk-tag--purple',
  closed: 'nhsuk-tag--grey',
  withdrawn: 'nhsuk-tag--grey',
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

type Labels = Record<WorklistParam, Map<string, string>>;
// A service's labels do not change while the application runs: each service's are built once.
const labelsByService = new WeakMap<ServiceDefinition, Labels>();

/** The labels of every allow-listed value, by parameter, for the form. */
function labels(definition: ServiceDefinition): Labels {
  let built = labelsByService.get(definition);
  if (built === undefined) {
    built = buildLabels(definition, definition.triage.targetWorkingDays);
    labelsByService.set(definition, built);
  }
  return built;
}

function buildLabels(definition: ServiceDefinition, target: number): Labels {
  const map = (entries: [string, string][]) => new Map(entries);
  return {
    status: map([
      [ALL_STATUSES, 'Any status'],
      ...REFERRAL_STATUSES.map((s): [string, string] => [s, STATUS_LABELS[s]]),
    ]),
    pathway: map(definition.pathways.map((p) => [p.id, p.label])),
    priority: map(PRIORITIES.map((p) => [p, PRIORITY_LABELS[p]])),
    referrer: map(definition.referrers.map((r) => [r.id, r.label])),
    eligibility: map(ELIGIBILITY_OUTCOMES.map((o) => [o, ELIGIBILITY_OUTCOME_LABELS[o]])),
    age: map(AGE_BANDS.map((b) => [b.id, b.label])),
    area: map([
      ...definition.eligibility.school.localAuthorities.map((la): [string, string] => [la.code, la.name]),
      [AREA_NOT_KNOWN, 'Not known (no school, or a school we do not know)'],
    ]),
    flag: map([
      ['possible-duplicate', 'Possible duplicate, or an NHS number recorded for another child'],
      ['safeguarding', 'Safeguarding concern'],
    ]),
    waiting: map([
      ['over-target', `Over the ${String(target)} working day target`],
      ['within-target', `Within the ${String(target)} working day target`],
      ['reply-overdue', 'More information requested, reply overdue'],
    ]),
    sort: map([
      ['received', 'Received date, oldest first'],
      ['newest', 'Received date, newest first'],
      ['waiting', 'Working days waiting, longest first'],
    ]),
    page: map([]),
  };
}

const GROUPS: { name: WorklistParam; legend: string }[] = [
  { name: 'status', legend: 'Status' },
  { name: 'flag', legend: 'Flags' },
  { name: 'eligibility', legend: 'Eligibility' },
  { name: 'referrer', legend: 'Who referred' },
  { name: 'age', legend: 'Age' },
  { name: 'area', legend: 'Area (the local authority of the child’s school)' },
  { name: 'pathway', legend: 'Pathway' },
  { name: 'priority', legend: 'Priority' },
];

/** What was sent for a parameter, as a list, keeping only values on its allow-list (for re-showing the form). */
function sent(values: Record<string, unknown>, name: string, allowed: readonly string[]): string[] {
  const raw = values[name];
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  return list.filter((v): v is string => typeof v === 'string' && allowed.includes(v));
}

/**
 * The filter form: a group of checkboxes for each filter that takes several values, and a select for the wait and
 * for the order. `values` is what was sent (parsed or not), so a refused request shows what was asked.
 */
export function filterForm(definition: ServiceDefinition, values: Record<string, unknown>) {
  const names = labels(definition);
  const lists = allowLists(definition);
  const groups = GROUPS.map(({ name, legend }) => {
    const ticked = sent(values, name, lists[name as keyof typeof lists]);
    const choices = [...names[name]].filter(([value]) => value !== ALL_STATUSES);
    const everyStatus = name === 'status' && ticked.includes(ALL_STATUSES);
    return {
      name,
      legend,
      items: choices.map(([value, text], i) => ({
        id: i === 0 ? name : `${name}-${String(i + 1)}`,
        value,
        text,
        checked: everyStatus || ticked.includes(value),
      })),
    };
  });
  const select = (name: 'waiting' | 'sort', any: string | null) => {
    const chosen = sent(values, name, lists[name])[0] ?? '';
    return [
      ...(any === null ? [] : [{ value: '', text: any, selected: chosen === '' }]),
      ...[...names[name]].map(([value, text]) => ({ value, text, selected: chosen === value })),
    ];
  };
  return {
    action: paths.triage.worklist.build(),
    groups,
    waiting: select('waiting', 'Any time'),
    sort: select('sort', null),
    clearHref: paths.triage.worklist.build(),
  };
}

export function worklistSummary(view: WorklistView) {
  return {
    total: plural(view.total, 'referral', 'referrals'),
    byStatus: view.byStatus.map((s) => ({ text: STATUS_LABELS[s.status], count: s.count.toLocaleString('en-GB') })),
    overdue:
      view.overdue === 0
        ? null
        : `${plural(view.overdue, 'referral has', 'referrals have')} waited longer than the ${String(view.targetWorkingDays)} working day target`,
    replyOverdue:
      view.replyOverdue === 0
        ? null
        : `${plural(view.replyOverdue, 'referral is', 'referrals are')} still waiting for information that was due`,
    page: view.lastPage > 1 ? `page ${String(view.page)} of ${String(view.lastPage)}` : null,
  };
}

export function worklistRows(view: WorklistView, definition: ServiceDefinition) {
  const referrers = new Map(definition.referrers.map((r) => [r.id, r.label]));
  return view.rows.map((r: WorklistItem) => ({
    href: paths.triage.referral.build({ referralId: r.id }),
    reference: r.reference,
    initials: r.childInitials,
    age: r.childAge === 0 ? 'Under 1' : String(r.childAge),
    received: formatLongDate(r.receivedOn),
    waiting:
      r.waitingDays !== null
        ? `${plural(r.waitingDays, 'working day', 'working days')}${r.paused ? ' (clock paused)' : ''}`
        : r.decidedAfterDays !== null
          ? `Decided after ${plural(r.decidedAfterDays, 'working day', 'working days')}`
          : 'Not waiting',
    replyDue: r.replyDueOn === null ? null : formatLongDate(r.replyDueOn),
    replyOverdue: r.replyOverdue,
    overdue: r.overdue,
    referrer: referrers.get(r.referrerType) ?? r.referrerType,
    eligibility: labelOf(ELIGIBILITY_OUTCOME_LABELS, r.eligibilityOutcome),
    status: { text: STATUS_LABELS[r.status], classes: STATUS_TAGS[r.status] },
    possibleDuplicate: r.possibleDuplicate,
    nhsNumberConflict: r.nhsNumberConflict,
    safeguarding: r.safeguarding,
  }));
}

/** Numbered pages around the current one, with the first and last, and gaps between (nhsuk's numbered pagination). */
export function pagination(view: WorklistView, filters: WorklistFilters) {
  if (view.lastPage <= 1) return null;
  const href = (page: number) => `${paths.triage.worklist.build()}${queryString(filters, page)}`;
  const shown = [...new Set([1, view.page - 1, view.page, view.page + 1, view.lastPage])]
    .filter((p) => p >= 1 && p <= view.lastPage)
    .sort((a, b) => a - b);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  shown.forEach((p, i) => {
    if (i > 0 && p - (shown[i - 1] ?? p) > 1) items.push({ ellipsis: true });
    items.push({ number: p, href: href(p), current: p === view.page });
  });
  return {
    items,
    previous: view.page > 1 ? { href: href(view.page - 1) } : undefined,
    next: view.page < view.lastPage ? { href: href(view.page + 1) } : undefined,
  };
}

/** The form's values for a list that was shown: the filters as asked, with the waiting statuses when none was. */
export function shownValues(filters: WorklistFilters): Record<string, unknown> {
  const statuses = filters.statuses.length === 0 ? WAITING_STATUSES : filters.statuses;
  return {
    status: statuses.length === REFERRAL_STATUSES.length ? [ALL_STATUSES] : statuses,
    pathway: filters.pathways,
    priority: filters.priorities,
    referrer: filters.referrerTypes,
    eligibility: filters.outcomes,
    age: filters.ageBands,
    area: filters.areas,
    flag: filters.flags,
    waiting: filters.waiting ?? '',
    sort: filters.sort,
  };
}
