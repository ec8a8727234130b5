/**
 * What the waiting-list pages show: the summary by pathway and priority, the bands, the filter form, the rows, the
 * pagination, the CSV's lines, and one child's place. Plain functions of the service's answer and the definition, so
 * the templates only place them. Staff with `waiting-list:read` may see a child's name; the NHS number only with the
 * permission that may search by it (as the referral search decides).
 */
import { can, type Role } from '../../../domain/access/roles.js';
import { TASK_LABELS, isTaskKind } from '../../../domain/care/tasks.js';
import { bandLabel, WAIT_BANDS, type Wait } from '../../../domain/care/waiting-list.js';
import { PRIORITIES } from '../../../domain/referrals/lifecycle.js';
import { PRIORITY_LABELS, SETTING_LABELS } from '../../../domain/referrals/labels.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import type {
  WaitingEntryView,
  WaitingItem,
  WaitingListFilters,
  WaitingListView,
} from '../../../services/care/waiting-list.service.js';
import { paths } from '../../paths.js';
import { allowLists, queryString, type WaitingListParam } from './waiting-list.forms.js';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** "12 weeks and 3 days", "1 week", "4 days", "0 days". */
export function waitText(wait: Wait): string {
  if (wait.weeks === 0) return plural(wait.days, 'day', 'days');
  const weeks = plural(wait.weeks, 'week', 'weeks');
  return wait.extraDays === 0 ? weeks : `${weeks} and ${plural(wait.extraDays, 'day', 'days')}`;
}

const labelOf = (map: Record<string, string>, key: string) => map[key] ?? key;

function pathwayLabels(definition: ServiceDefinition): Map<string, string> {
  return new Map(definition.pathways.map((p) => [p.id, p.label]));
}

const GROUPS: { name: Exclude<WaitingListParam, 'overTarget' | 'sort' | 'page'>; legend: string }[] = [
  { name: 'pathway', legend: 'Pathway' },
  { name: 'priority', legend: 'Priority' },
  { name: 'setting', legend: 'Seen first' },
  { name: 'band', legend: 'Weeks waited' },
];

function sent(values: Record<string, unknown>, name: string, allowed: readonly string[]): string[] {
  const raw = values[name];
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  return list.filter((v): v is string => typeof v === 'string' && allowed.includes(v));
}

/** The filter form, showing what was sent (parsed or not; only allow-listed values are shown back). */
export function filterForm(definition: ServiceDefinition, values: Record<string, unknown>) {
  const lists = allowLists(definition);
  const labels: Record<(typeof GROUPS)[number]['name'], Map<string, string>> = {
    pathway: pathwayLabels(definition),
    priority: new Map(PRIORITIES.map((p) => [p, PRIORITY_LABELS[p]])),
    setting: new Map(Object.entries(SETTING_LABELS)),
    band: new Map(WAIT_BANDS.map((b) => [b.id, b.label])),
  };
  const groups = GROUPS.map(({ name, legend }) => {
    const ticked = sent(values, name, lists[name]);
    return {
      name,
      legend,
      items: lists[name].map((value, i) => ({
        id: i === 0 ? name : `${name}-${String(i + 1)}`,
        value,
        text: labels[name].get(value) ?? value,
        checked: ticked.includes(value),
      })),
    };
  });
  const overTarget = sent(values, 'overTarget', lists.overTarget)[0] ?? '';
  const sort = sent(values, 'sort', lists.sort)[0] ?? 'next';
  return {
    action: paths.waitingList.list.build(),
    groups,
    overTarget: [
      { value: '', text: 'Either', selected: overTarget === '' },
      { value: 'yes', text: 'Over the target for their priority', selected: overTarget === 'yes' },
      { value: 'no', text: 'Within the target for their priority', selected: overTarget === 'no' },
    ],
    sort: [
      { value: 'next', text: 'Who is next: priority, then longest wait', selected: sort === 'next' },
      { value: 'longest', text: 'Longest wait first', selected: sort === 'longest' },
    ],
    clearHref: paths.waitingList.list.build(),
  };
}

/** The filters as the form shows them after a list was shown. */
export function shownValues(f: WaitingListFilters): Record<string, unknown> {
  return {
    pathway: f.pathways,
    priority: f.priorities,
    setting: f.settings,
    band: f.bands,
    overTarget: f.overTarget === null ? '' : f.overTarget ? 'yes' : 'no',
    sort: f.sort,
  };
}

/** The summary table: a row per pathway and priority with children waiting, the target and the longest wait. */
export function pathwaySummary(view: WaitingListView, definition: ServiceDefinition) {
  const labels = pathwayLabels(definition);
  return view.byPathway
    .filter((g) => g.count > 0)
    .map((g) => ({
      pathway: labels.get(g.pathway) ?? g.pathway,
      priority: PRIORITY_LABELS[g.priority],
      count: g.count.toLocaleString('en-GB'),
      target: plural(g.targetWeeks, 'week', 'weeks'),
      longest: g.longestWait === null ? '' : waitText(g.longestWait),
      overTarget: g.longestWait !== null && g.longestWait.days > g.targetWeeks * 7,
    }));
}

export function bandRows(view: WaitingListView) {
  return view.bands.map((b) => ({
    label: bandLabel(b.band),
    count: b.count.toLocaleString('en-GB'),
    href: `${paths.waitingList.list.build()}?band=${b.band}`,
  }));
}

export function listSummary(view: WaitingListView) {
  return {
    total: plural(view.total, 'child matches', 'children match'),
    page: view.lastPage > 1 ? `page ${String(view.page)} of ${String(view.lastPage)}` : null,
  };
}

export function waitingRows(view: WaitingListView, definition: ServiceDefinition) {
  const labels = pathwayLabels(definition);
  return view.rows.map((r: WaitingItem) => ({
    href: paths.waitingList.entry.build({ episodeId: r.episodeId }),
    reference: r.reference,
    name: `${r.child.givenName} ${r.child.familyName}`,
    dateOfBirth: formatLongDate(r.child.dateOfBirth),
    pathway: labels.get(r.pathway) ?? r.pathway,
    priority: labelOf(PRIORITY_LABELS, r.priority),
    setting: labelOf(SETTING_LABELS, r.setting),
    waited: waitText(r.wait),
    since: formatLongDate(r.waitFrom),
    band: bandLabel(r.band),
    overTarget: r.overTarget,
    openTasks: r.openTasks === 0 ? null : plural(r.openTasks, 'open task', 'open tasks'),
  }));
}

/** Numbered pages around the current one, with the first and last, and gaps (nhsuk's pagination). */
export function pagination(view: WaitingListView, filters: WaitingListFilters) {
  if (view.lastPage <= 1) return null;
  const href = (page: number) => `${paths.waitingList.list.build()}${queryString(filters, page)}`;
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

export const WAITING_CSV_HEADER = [
  'Reference',
  'Given name',
  'Family name',
  'Date of birth',
  'Pathway',
  'Priority',
  'Seen first',
  'Waiting since',
  'Weeks waited',
  'Days waited',
  'Band',
  'Target weeks',
  'Over target',
] as const;

/** One line of the export: the staff member exporting may read names (waiting-list:export is a staff permission). */
export function csvValues(r: WaitingItem, definition: ServiceDefinition): (string | number)[] {
  const labels = pathwayLabels(definition);
  return [
    r.reference,
    r.child.givenName,
    r.child.familyName,
    r.child.dateOfBirth,
    labels.get(r.pathway) ?? r.pathway,
    labelOf(PRIORITY_LABELS, r.priority),
    labelOf(SETTING_LABELS, r.setting),
    r.waitFrom,
    r.wait.weeks,
    r.wait.days,
    bandLabel(r.band),
    r.targetWeeks,
    r.overTarget ? 'Yes' : 'No',
  ];
}

const ANSWER_LABELS: Record<string, string> = {
  'no-change': 'Still needed, no change',
  worse: 'Things are worse',
  'no-longer-needed': 'No longer needed',
};

/** One child's place on the list, as the entry page shows it to a member of staff with these roles. */
export function entryPage(view: WaitingEntryView, definition: ServiceDefinition, roles: readonly Role[]) {
  const { entry } = view;
  const waiting = entry.status === 'waiting';
  const pathway = pathwayLabels(definition).get(entry.pathway) ?? entry.pathway;
  return {
    name: `${entry.child.givenName} ${entry.child.familyName}`,
    dateOfBirth: formatLongDate(entry.child.dateOfBirth),
    nhsNumber:
      can(roles, 'referrals:search-nhs-number') && entry.child.nhsNumber !== null
        ? entry.child.nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/u, '$1 $2 $3')
        : null,
    reference: entry.reference,
    referralHref: can(roles, 'triage:read') ? paths.triage.referral.build({ referralId: entry.referralId }) : null,
    pathway,
    priority: labelOf(PRIORITY_LABELS, entry.priority),
    setting: labelOf(SETTING_LABELS, entry.setting),
    waiting,
    status: waiting ? 'On the waiting list' : entry.status === 'open' ? 'Seen: on a caseload' : 'Closed',
    waited: waitText(view.wait),
    since: formatLongDate(entry.waitFrom),
    band: bandLabel(view.band),
    target: plural(view.targetWeeks, 'week', 'weeks'),
    overTarget: waiting && view.overTarget,
    position:
      view.position === null || view.waitingInPathway === null
        ? null
        : `${ordinal(view.position)} of ${plural(view.waitingInPathway, 'child', 'children')} waiting on the ${pathway} pathway`,
    nextContact: entry.nextContactOn === null ? null : formatLongDate(entry.nextContactOn),
    tasks: view.tasks.map((t) => ({
      text: isTaskKind(t.kind) ? TASK_LABELS[t.kind] : t.kind,
      raised: formatLongDate(londonDate(new Date(t.createdAt))),
      due: t.dueOn === null ? null : formatLongDate(t.dueOn),
      href: can(roles, 'tasks:read') ? paths.tasks.task.build({ taskId: t.id }) : null,
    })),
    contacts: view.contacts.map((c) => ({
      sent: c.mintedAt === null ? 'Not sent yet' : formatLongDate(londonDate(new Date(c.mintedAt))),
      answer:
        c.answer === null ? (c.expired ? 'No answer' : 'Not answered yet') : (ANSWER_LABELS[c.answer] ?? c.answer),
      answered: c.usedAt === null ? null : formatLongDate(londonDate(new Date(c.usedAt))),
      words: c.answerText,
    })),
    unanswered: entry.unansweredContacts,
    bookHref:
      waiting && can(roles, 'appointments:book') ? paths.appointments.book.build({ episodeId: entry.episodeId }) : null,
    removeHref:
      view.noLongerNeeded && can(roles, 'waiting-list:remove')
        ? paths.waitingList.remove.build({ episodeId: entry.episodeId })
        : null,
    equipmentHref: can(roles, 'equipment:read') ? paths.equipment.child.build({ episodeId: entry.episodeId }) : null,
    recordHref: can(roles, 'record:read') ? paths.record.ofEpisode.build({ episodeId: entry.episodeId }) : null,
    listHref: paths.waitingList.list.build(),
  };
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st... */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n.toLocaleString('en-GB')}${suffix}`;
}
