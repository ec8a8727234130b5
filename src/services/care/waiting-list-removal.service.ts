/**
 * Taking a child off the waiting list when their family said they no longer need the service (docs/adr/0038). Only a
 * clinician does it (`waiting-list:remove`), only for a child still waiting with an open "no longer needed" task from
 * the family's answer, and only at the episode's version they read. In one transaction: the episode closes
 * (`closed_reason` 'no-longer-needed'), the task is completed with the clinician's note, and
 * `waiting-list.child-removed` is audited (the note stays in the task, never in the audit trail). Nothing else, and no
 * job, ever takes a child off the list.
 */
import { findEpisode, updateEpisodeAtVersion } from '../../data/care/episodes.repository.js';
import { familyLinksOfEpisode, type FamilyLinkRecord } from '../../data/care/family-links.repository.js';
import { openTaskOfKind } from '../../data/care/task-lists.repository.js';
import { completeTask, type TaskRecord } from '../../data/care/tasks.repository.js';
import { episodeChild, type EpisodeChild } from '../../data/care/waiting-well.repository.js';
import type { Executor } from '../../data/executor.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';

export const NO_LONGER_NEEDED_TASK = 'waiting-well-no-longer-needed';
export const NO_EPISODE = 'There is no such child on this service’s list.';
const CHANGED = 'Someone else changed this child’s place on the list while you were looking at it. Nothing was saved.';

export interface RemovalView {
  child: EpisodeChild;
  /** The family's answer that asked for it, when there is one. */
  answer: FamilyLinkRecord | null;
  /** The open "no longer needed" task this confirms, when there is one. */
  task: TaskRecord | null;
  /** Whether the child can be taken off the list now: still waiting, with the family's answer to confirm. */
  removable: boolean;
}

type RemovalProblem = Problem<'not-found' | 'conflict' | 'stale-version'>;

/** Leaves the transaction without committing anything, carrying the problem to answer with. */
class Refused extends Error {
  constructor(readonly found: RemovalProblem) {
    super(found.message);
  }
}

export function createWaitingListRemoval(deps: { db: Executor; clock: Clock; audit: AuditService }) {
  const { db, clock, audit } = deps;

  async function view(serviceId: string, episodeId: string): Promise<RemovalView | undefined> {
    const child = await episodeChild(db, serviceId, episodeId);
    if (child === undefined) return undefined;
    const links = await familyLinksOfEpisode(db, serviceId, episodeId, 'waiting-well');
    const answer = links.find((l) => l.answer === 'no-longer-needed') ?? null;
    const task = (await openTaskOfKind(db, serviceId, episodeId, NO_LONGER_NEEDED_TASK)) ?? null;
    return { child, answer, task, removable: child.status === 'waiting' && task !== null };
  }

  async function remove(
    ctx: RequestContext,
    serviceId: string,
    episodeId: string,
    version: number,
    note: string,
  ): Promise<Outcome<object, RemovalProblem>> {
    try {
      return await db.transaction().execute(async (trx) => {
        const episode = await findEpisode(trx, serviceId, episodeId);
        if (episode === undefined) throw new Refused(problem('not-found', NO_EPISODE));
        if (episode.status !== 'waiting') {
          throw new Refused(problem('conflict', 'This child is no longer on the waiting list.'));
        }
        if (episode.version !== version) throw new Refused(problem('stale-version', CHANGED));
        const task = await openTaskOfKind(trx, serviceId, episodeId, NO_LONGER_NEEDED_TASK);
        if (task === undefined) {
          throw new Refused(
            problem(
              'conflict',
              'There is no answer from the family saying they no longer need the service to confirm.',
            ),
          );
        }
        const now = clock().toISOString();
        const closed = await updateEpisodeAtVersion(
          trx,
          serviceId,
          episodeId,
          version,
          { status: 'closed', closedAt: now, closedReason: 'no-longer-needed', leftListAt: now, nextContactOn: null },
          now,
        );
        if (!closed) throw new Refused(problem('stale-version', CHANGED));
        if (!(await completeTask(trx, serviceId, task.id, task.version, ctx.actorUserId ?? '', note, now))) {
          throw new Refused(problem('stale-version', CHANGED));
        }
        await audit.record(trx, ctx, {
          action: 'waiting-list.child-removed',
          serviceId,
          subjectType: 'episode',
          subjectId: episodeId,
          detail: { reason: 'no-longer-needed', taskId: task.id },
        });
        await audit.record(trx, ctx, {
          action: 'task.completed',
          serviceId,
          subjectType: 'task',
          subjectId: task.id,
          detail: { kind: task.kind, episodeId },
        });
        return ok();
      });
    } catch (err) {
      if (err instanceof Refused) return failed(err.found);
      throw err;
    }
  }

  return { view, remove };
}

export type WaitingListRemoval = ReturnType<typeof createWaitingListRemoval>;
