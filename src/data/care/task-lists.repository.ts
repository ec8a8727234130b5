/**
 * The team's open tasks as staff read them: a page of one service's open tasks, oldest first, for a person (assigned
 * to them, or to a role they hold and to no one by name) or for everyone, with the child's name and the referral's
 * reference for those with `tasks:read`. Served by `tasks_open_idx` (service_id, status, created_at).
 */
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../database.js';
import type { Executor } from '../executor.js';
import { toTask, type TaskRecord } from './tasks.repository.js';

export interface TaskListQuery {
  serviceId: string;
  kinds: readonly string[];
  /** Only the tasks for this person: assigned to them, or to one of `roles` and no one by name. */
  forUser: { userId: string; roles: readonly string[] } | null;
}

export interface TaskListRow extends TaskRecord {
  childGivenName: string | null;
  childFamilyName: string | null;
  reference: string | null;
  episodeStatus: string | null;
}

type From = SelectQueryBuilder<Database, 'tasks', object>;

function filtered<Q extends From>(q: Q, query: TaskListQuery): Q {
  let out = q.where('tasks.service_id', '=', query.serviceId).where('tasks.status', '=', 'open') as Q;
  if (query.kinds.length > 0) out = out.where('tasks.kind', 'in', query.kinds) as Q;
  const who = query.forUser;
  if (who !== null) {
    out = out.where((eb) =>
      who.roles.length === 0
        ? eb('tasks.assigned_user_id', '=', who.userId)
        : eb.or([
            eb('tasks.assigned_user_id', '=', who.userId),
            eb.and([eb('tasks.assigned_user_id', 'is', null), eb('tasks.assigned_role', 'in', who.roles)]),
          ]),
    ) as Q;
  }
  return out;
}

export async function countOpenTasks(db: Executor, query: TaskListQuery): Promise<number> {
  const row = await filtered(db.selectFrom('tasks') as From, query)
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

function withChild(db: Executor) {
  return db
    .selectFrom('tasks')
    .leftJoin('episodes as e', (j) =>
      j.onRef('e.id', '=', 'tasks.episode_id').onRef('e.service_id', '=', 'tasks.service_id'),
    )
    .leftJoin('referrals as r', (j) => j.onRef('r.id', '=', 'e.referral_id').onRef('r.service_id', '=', 'e.service_id'))
    .leftJoin('children as c', (j) => j.onRef('c.id', '=', 'e.child_id').onRef('c.service_id', '=', 'e.service_id'))
    .selectAll('tasks')
    .select([
      'c.given_name as childGivenName',
      'c.family_name as childFamilyName',
      'r.reference as reference',
      'e.status as episodeStatus',
    ]);
}

type JoinedRow = Parameters<typeof toTask>[0] & {
  childGivenName: string | null;
  childFamilyName: string | null;
  reference: string | null;
  episodeStatus: string | null;
};

const toRow = (r: JoinedRow): TaskListRow => ({
  ...toTask(r),
  childGivenName: r.childGivenName,
  childFamilyName: r.childFamilyName,
  reference: r.reference,
  episodeStatus: r.episodeStatus,
});

/** One page of open tasks, oldest first (then by id, for a stable order across pages). */
export async function openTasksPage(
  db: Executor,
  query: TaskListQuery,
  page: { offset: number; limit: number },
): Promise<TaskListRow[]> {
  const rows = await filtered(withChild(db) as unknown as From, query)
    .orderBy('tasks.created_at')
    .orderBy('tasks.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return (rows as unknown as JoinedRow[]).map(toRow);
}

/** One task of the service with its child's name and reference; undefined for another service's or none. */
export async function findTaskWithChild(
  db: Executor,
  serviceId: string,
  taskId: string,
): Promise<TaskListRow | undefined> {
  const row = await withChild(db)
    .where('tasks.service_id', '=', serviceId)
    .where('tasks.id', '=', taskId)
    .executeTakeFirst();
  return row === undefined ? undefined : toRow(row);
}

/** The open task of one kind for an episode, the oldest if there are several; undefined when there is none. */
export async function openTaskOfKind(
  db: Executor,
  serviceId: string,
  episodeId: string,
  kind: string,
): Promise<TaskRecord | undefined> {
  const row = await db
    .selectFrom('tasks')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('episode_id', '=', episodeId)
    .where('kind', '=', kind)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .executeTakeFirst();
  return row === undefined ? undefined : toTask(row);
}
