/**
 * The team's tasks as staff work them: the open tasks for a person (assigned to them, or to a role they hold) or for
 * the whole service, oldest first, 25 a page; one task with its child; and closing a task, saying what was done, at
 * the version read, audited as `task.completed` in the same transaction. A task is closed by the person or role it is
 * for: a safeguarding flag by the safeguarding lead, not by whoever happens to open it. Nothing closes a task on its own.
 */
import {
  countOpenTasks,
  findTaskWithChild,
  openTasksPage,
  type TaskListRow,
} from '../../data/care/task-lists.repository.js';
import { completeTask } from '../../data/care/tasks.repository.js';
import type { Executor } from '../../data/executor.js';
import { isRole, ROLE_LABELS } from '../../domain/access/roles.js';
import type { TaskKind } from '../../domain/care/tasks.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';

export type { TaskListRow };

export const TASKS_PAGE_SIZE = 25;

/** Whose tasks: those for me (assigned to me, or to a role I hold), or every open task of the service. */
export const TASK_SCOPES = ['mine', 'all'] as const;
export type TaskScope = (typeof TASK_SCOPES)[number];

export interface TaskFilters {
  kinds: readonly TaskKind[];
  scope: TaskScope;
  /** Any whole number: clamped to the pages there are. */
  page: number;
}

export interface TaskPage {
  tasks: TaskListRow[];
  total: number;
  page: number;
  pageCount: number;
}

export const NO_TASK = 'There is no such task in this service.';

/** Whether the person may close the task: it is assigned to them, or to a role they hold and to no one by name. */
export function isTaskFor(task: { assignedUserId: string | null; assignedRole: string | null }, ctx: RequestContext) {
  if (task.assignedUserId !== null) return task.assignedUserId === ctx.actorUserId;
  return task.assignedRole !== null && (ctx.actorRoles as readonly string[]).includes(task.assignedRole);
}

export function createTasksWork(deps: { db: Executor; clock: Clock; audit: AuditService }) {
  const { db, clock, audit } = deps;

  async function list(ctx: RequestContext, serviceId: string, filters: TaskFilters): Promise<TaskPage> {
    const query = {
      serviceId,
      kinds: filters.kinds,
      forUser:
        filters.scope === 'mine' && ctx.actorUserId !== null
          ? { userId: ctx.actorUserId, roles: ctx.actorRoles }
          : null,
    };
    const total = await countOpenTasks(db, query);
    const pageCount = Math.max(1, Math.ceil(total / TASKS_PAGE_SIZE));
    const page = Math.min(Math.max(1, filters.page), pageCount);
    const tasks =
      total === 0
        ? []
        : await openTasksPage(db, query, { offset: (page - 1) * TASKS_PAGE_SIZE, limit: TASKS_PAGE_SIZE });
    return { tasks, total, page, pageCount };
  }

  const task = (serviceId: string, taskId: string) => findTaskWithChild(db, serviceId, taskId);

  async function complete(
    ctx: RequestContext,
    serviceId: string,
    taskId: string,
    version: number,
    resolution: string,
  ): Promise<Outcome<object, Problem<'not-found' | 'forbidden' | 'conflict' | 'stale-version'>>> {
    return db.transaction().execute(async (trx) => {
      const found = await findTaskWithChild(trx, serviceId, taskId);
      if (found === undefined) return failed(problem('not-found', NO_TASK));
      if (found.status !== 'open') return failed(problem('conflict', 'This task has already been closed.'));
      if (!isTaskFor(found, ctx)) {
        const role = found.assignedRole;
        const who = role !== null && isRole(role) ? `the ${ROLE_LABELS[role].toLowerCase()} role` : 'someone else';
        return failed(problem('forbidden', `This task is for ${who}: only they can close it.`));
      }
      if (found.version !== version) {
        return failed(problem('stale-version', 'Someone else changed this task while you were looking at it.'));
      }
      const done = await completeTask(
        trx,
        serviceId,
        taskId,
        version,
        ctx.actorUserId ?? '',
        resolution,
        clock().toISOString(),
      );
      if (!done)
        return failed(problem('stale-version', 'Someone else changed this task while you were looking at it.'));
      await audit.record(trx, ctx, {
        action: 'task.completed',
        serviceId,
        subjectType: 'task',
        subjectId: taskId,
        detail: { kind: found.kind, ...(found.episodeId !== null && { episodeId: found.episodeId }) },
      });
      return ok();
    });
  }

  return { list, task, complete };
}

export type TasksWork = ReturnType<typeof createTasksWork>;
