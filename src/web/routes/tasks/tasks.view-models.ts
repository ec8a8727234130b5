/**
 * What the tasks pages show: each task's child (name and the referral's reference, for staff with `tasks:read`), its
 * kind's label, who it is for, and its age in days on London dates. The filter form's choices come from the same
 * allow-lists the query is parsed with.
 */
import { isRole, ROLE_LABELS } from '../../../domain/access/roles.js';
import { daysBetween } from '../../../domain/care/london-time.js';
import { isTaskKind, TASK_LABELS } from '../../../domain/care/tasks.js';
import { WAITING_WELL_ANSWER_LABELS, isWaitingWellAnswer } from '../../../domain/care/waiting-well.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import type { TaskFilters, TaskListRow, TaskPage } from '../../../services/care/tasks-work.service.js';
import { paths } from '../../paths.js';
import { KIND_CHOICES, tasksQueryString } from './tasks.forms.js';

export const kindLabel = (kind: string): string => (isTaskKind(kind) ? TASK_LABELS[kind] : kind);

export function ageOf(createdAt: string, today: string): string {
  const days = Math.max(0, daysBetween(londonDate(new Date(createdAt)), today));
  if (days === 0) return 'Today';
  return days === 1 ? '1 day' : `${String(days)} days`;
}

export function childOf(task: Pick<TaskListRow, 'childGivenName' | 'childFamilyName'>): string {
  if (task.childGivenName === null) return 'No child';
  return `${task.childGivenName} ${task.childFamilyName ?? ''}`.trim();
}

export function assignedTo(task: Pick<TaskListRow, 'assignedUserId' | 'assignedRole'>, me: string | null): string {
  if (task.assignedUserId !== null) return task.assignedUserId === me ? 'You' : 'A named member of staff';
  const role = task.assignedRole;
  return role !== null && isRole(role) ? ROLE_LABELS[role] : 'The team';
}

export function taskRows(page: TaskPage, today: string, me: string | null) {
  return page.tasks.map((t) => ({
    href: paths.tasks.task.build({ taskId: t.id }),
    kind: kindLabel(t.kind),
    child: childOf(t),
    reference: t.reference ?? '',
    age: ageOf(t.createdAt, today),
    raised: formatLongDate(londonDate(new Date(t.createdAt))),
    assignedTo: assignedTo(t, me),
  }));
}

export function filterForm(values: { kind?: unknown; for?: unknown }) {
  const kind = typeof values.kind === 'string' ? values.kind : '';
  const scope = values.for === 'all' ? 'all' : 'mine';
  return {
    action: paths.tasks.list.build(),
    kinds: [
      { value: '', text: 'All kinds', selected: kind === '' },
      ...KIND_CHOICES.map((k) => ({ value: k, text: TASK_LABELS[k], selected: kind === k })),
    ],
    scopes: [
      { value: 'mine', text: 'For me and my roles', checked: scope === 'mine' },
      { value: 'all', text: 'Everyone’s', checked: scope === 'all' },
    ],
  };
}

export function shownFilterValues(f: TaskFilters) {
  return { kind: f.kinds[0] ?? '', for: f.scope };
}

export function pagination(page: TaskPage, filters: TaskFilters) {
  if (page.pageCount <= 1) return null;
  const href = (n: number) => `${paths.tasks.list.build()}${tasksQueryString(filters, n)}`;
  const shown = [...new Set([1, page.page - 1, page.page, page.page + 1, page.pageCount])]
    .filter((p) => p >= 1 && p <= page.pageCount)
    .sort((a, b) => a - b);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  shown.forEach((p, i) => {
    if (i > 0 && p - (shown[i - 1] ?? p) > 1) items.push({ ellipsis: true });
    items.push({ number: p, href: href(p), current: p === page.page });
  });
  return {
    items,
    previous: page.page > 1 ? { href: href(page.page - 1) } : undefined,
    next: page.page < page.pageCount ? { href: href(page.page + 1) } : undefined,
  };
}

/** The detail a task was raised with, as lines a person reads (the family's answer and what they said changed). */
/** Reasons that are codes written by Otway (a flag's kind, no way to reach the family), not a family's words. */
const NAMED_REASONS = new Set(['no-email-or-mobile', 'was-not-brought-in-a-row', 'late-cancellations']);

export function detailLines(detail: Record<string, unknown>): { key: string; value: string }[] {
  const lines: { key: string; value: string }[] = [];
  const answer = detail.answer;
  if (isWaitingWellAnswer(answer))
    lines.push({ key: 'The family’s answer', value: WAITING_WELL_ANSWER_LABELS[answer] });
  if (typeof detail.whatChanged === 'string') lines.push({ key: 'What has changed', value: detail.whatChanged });
  if (typeof detail.unansweredContacts === 'number') {
    lines.push({ key: 'Contacts in a row with no answer', value: String(detail.unansweredContacts) });
  }
  if (detail.reason === 'no-email-or-mobile') {
    lines.push({
      key: 'Why',
      value: 'The referral gives no email address or mobile number for the family: telephone or write to them.',
    });
  }
  // A family's request about an appointment, through their link: their reason and the times that suit them.
  if (typeof detail.reason === 'string' && !NAMED_REASONS.has(detail.reason)) {
    lines.push({ key: 'The family’s reason', value: detail.reason });
  }
  if (typeof detail.times === 'string') lines.push({ key: 'Times that suit the family', value: detail.times });
  if (detail.lateCancellation === true) {
    lines.push({ key: 'Late cancellation', value: 'Yes: less notice than the service asks for' });
  }
  // A Was Not Brought follow-up, and a flag for the safeguarding lead, say what is asked and why.
  if (typeof detail.reference === 'string') lines.push({ key: 'Appointment', value: detail.reference });
  if (typeof detail.ask === 'string') lines.push({ key: 'What to do', value: detail.ask });
  if (typeof detail.text === 'string') lines.push({ key: 'Why', value: detail.text });
  return lines;
}
