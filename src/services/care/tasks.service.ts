/**
 * Raising a task for the team, in the transaction of whatever made it necessary (a family's answer, a Was Not
 * Brought, a flag), and audited there. Who it goes to follows src/domain/care/tasks.ts unless a person is named.
 */
import { randomUUID } from 'node:crypto';
import { insertTask } from '../../data/care/tasks.repository.js';
import type { Executor } from '../../data/executor.js';
import { TASK_ROLES, type TaskKind } from '../../domain/care/tasks.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';

export interface RaiseTask {
  serviceId: string;
  kind: TaskKind;
  episodeId: string | null;
  appointmentId?: string | null;
  /** A named person (the child's clinician); otherwise the kind's role. */
  assignedUserId?: string | null;
  dueOn?: string | null;
  detail: Record<string, unknown>;
}

export function createTaskRaiser(deps: { clock: Clock; audit: AuditService }) {
  return {
    async raise(trx: Executor, ctx: RequestContext, task: RaiseTask): Promise<string> {
      const id = randomUUID();
      await insertTask(
        trx,
        {
          id,
          serviceId: task.serviceId,
          kind: task.kind,
          episodeId: task.episodeId,
          appointmentId: task.appointmentId ?? null,
          assignedUserId: task.assignedUserId ?? null,
          assignedRole: task.assignedUserId == null ? TASK_ROLES[task.kind] : null,
          dueOn: task.dueOn ?? null,
          detail: task.detail,
          createdBy: ctx.actorUserId,
        },
        deps.clock().toISOString(),
      );
      await deps.audit.record(trx, ctx, {
        action: 'task.raised',
        serviceId: task.serviceId,
        subjectType: 'task',
        subjectId: id,
        detail: { kind: task.kind, ...(task.episodeId !== null && { episodeId: task.episodeId }) },
      });
      return id;
    },
  };
}

export type TaskRaiser = ReturnType<typeof createTaskRaiser>;
