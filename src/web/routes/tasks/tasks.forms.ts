/**
 * The tasks pages' inputs: the list's query (each value from an allow-list; an unknown parameter is refused with 400),
 * closing a task (what was done, required), and confirming a child's removal from the list (a note, required). Each
 * form carries the version it was drawn at.
 */
import { z } from 'zod';
import { isTaskKind, TASK_KINDS, type TaskKind } from '../../../domain/care/tasks.js';
import { versionField, type Field } from '../../../domain/forms/fields.js';
import { TASK_SCOPES, type TaskFilters, type TaskScope } from '../../../services/care/tasks-work.service.js';

/** A page number of more digits than this is not one a link of ours made. */
const PAGE_NUMBER = /^\d{1,9}$/u;
const RESOLUTION_MAX = 2000;

export const QUERY_MESSAGES = {
  kind: 'Select a kind of task from the list',
  for: 'Select whose tasks to show from the list',
  page: 'Enter a page number, like 2',
} as const;

const one = (check: (v: string) => boolean, message: string) =>
  z
    .unknown()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return undefined;
      if (typeof raw !== 'string' || !check(raw)) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return raw;
    })
    .optional();

export const tasksQuery = z.object({
  kind: one(isTaskKind, QUERY_MESSAGES.kind),
  for: one((v) => (TASK_SCOPES as readonly string[]).includes(v), QUERY_MESSAGES.for),
  page: one((v) => PAGE_NUMBER.test(v), QUERY_MESSAGES.page),
});

export function toTaskFilters(q: z.output<typeof tasksQuery>): TaskFilters {
  return {
    kinds: q.kind === undefined ? [] : [q.kind as TaskKind],
    scope: (q.for ?? 'mine') as TaskScope,
    page: q.page === undefined ? 1 : Number(q.page),
  };
}

/** The list's address for a set of filters, leaving out defaults; `page` only when past the first. */
export function tasksQueryString(f: TaskFilters, page: number): string {
  const params = new URLSearchParams();
  for (const kind of f.kinds) params.append('kind', kind);
  if (f.scope !== 'mine') params.set('for', f.scope);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export const KIND_CHOICES: readonly TaskKind[] = TASK_KINDS;

export const completeFields = [
  {
    kind: 'textarea',
    name: 'resolution',
    label: 'What was done',
    hint: 'For example, who you spoke to and what was agreed. This is kept with the task and shown to the team.',
    missing: 'Enter what was done',
    max: RESOLUTION_MAX,
  },
  versionField,
] as const satisfies readonly Field[];

export const removeFields = [
  {
    kind: 'textarea',
    name: 'note',
    label: 'Why you are confirming the child no longer needs the service',
    hint: 'For example, that you spoke to the parent and what they said. This is kept with the family’s answer.',
    missing: 'Enter why you are confirming it',
    max: RESOLUTION_MAX,
  },
  versionField,
] as const satisfies readonly Field[];

/** Task and episode ids are UUIDs: anything else names nothing, and is not found without asking the database. */
export function isRecordId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u.test(value);
}
