/** The team's tasks (src/domain/care/tasks.ts): written by use cases in their transactions, closed by a person. */
import type { Executor } from '../executor.js';

export interface NewTask {
  id: string;
  serviceId: string;
  kind: string;
  episodeId: string | null;
  appointmentId: string | null;
  assignedUserId: string | null;
  assignedRole: string | null;
  dueOn: string | null;
  detail: Record<string, unknown>;
  createdBy: string | null;
}

export async function insertTask(db: Executor, t: NewTask, now: string): Promise<void> {
  await db
    .insertInto('tasks')
    .values({
      id: t.id,
      service_id: t.serviceId,
      kind: t.kind,
      episode_id: t.episodeId,
      appointment_id: t.appointmentId,
      assigned_user_id: t.assignedUserId,
      assigned_role: t.assignedRole,
      due_on: t.dueOn,
      detail: JSON.stringify(t.detail),
      status: 'open',
      created_at: now,
      created_by: t.createdBy,
      done_at: null,
      done_by: null,
      resolution: null,
      version: 1,
    })
    .execute();
}

export interface TaskRecord {
  id: string;
  serviceId: string;
  kind: string;
  episodeId: string | null;
  appointmentId: string | null;
  assignedUserId: string | null;
  assignedRole: string | null;
  dueOn: string | null;
  detail: Record<string, unknown>;
  status: string;
  createdAt: string;
  doneAt: string | null;
  doneBy: string | null;
  resolution: string | null;
  version: number;
}

type TaskRow = {
  id: string;
  service_id: string;
  kind: string;
  episode_id: string | null;
  appointment_id: string | null;
  assigned_user_id: string | null;
  assigned_role: string | null;
  due_on: string | null;
  detail: string;
  status: string;
  created_at: string;
  done_at: string | null;
  done_by: string | null;
  resolution: string | null;
  version: number;
};

export function toTask(r: TaskRow): TaskRecord {
  return {
    id: r.id,
    serviceId: r.service_id,
    kind: r.kind,
    episodeId: r.episode_id,
    appointmentId: r.appointment_id,
    assignedUserId: r.assigned_user_id,
    assignedRole: r.assigned_role,
    dueOn: r.due_on,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    status: r.status,
    createdAt: r.created_at,
    doneAt: r.done_at,
    doneBy: r.done_by,
    resolution: r.resolution,
    version: r.version,
  };
}

export async function findTask(db: Executor, serviceId: string, taskId: string): Promise<TaskRecord | undefined> {
  const row = await db
    .selectFrom('tasks')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('id', '=', taskId)
    .executeTakeFirst();
  return row === undefined ? undefined : toTask(row);
}

/** The open tasks of an episode, oldest first. */
export async function openTasksOfEpisode(db: Executor, serviceId: string, episodeId: string): Promise<TaskRecord[]> {
  const rows = await db
    .selectFrom('tasks')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('episode_id', '=', episodeId)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .execute();
  return rows.map(toTask);
}

/** Closes an open task at the version read, saying what was done; false when it was closed or changed first. */
export async function completeTask(
  db: Executor,
  serviceId: string,
  taskId: string,
  expectedVersion: number,
  doneBy: string,
  resolution: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('tasks')
    .set({ status: 'done', done_at: now, done_by: doneBy, resolution, version: expectedVersion + 1 })
    .where('service_id', '=', serviceId)
    .where('id', '=', taskId)
    .where('status', '=', 'open')
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
