/**
 * The team's tasks, and confirming a family's "no longer needed" (docs/adr/0038). Reading takes `tasks:read`, closing
 * a task `tasks:work`, and taking a child off the waiting list `waiting-list:remove`, a clinical decision.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { removalController, type RemovalServices } from './removal.controller.js';
import { tasksController, type TasksServices } from './tasks.controller.js';

const LIST = needs('tasks:read', { action: 'tasks.viewed' });
const VIEW = needs('tasks:read', { action: 'tasks.viewed', subjectType: 'task', subjectParam: 'taskId' });
const COMPLETE = needs('tasks:work', { action: 'task.completed', byUseCase: true });
const REMOVAL_PAGE = needs('waiting-list:remove', {
  action: 'waiting-list.viewed',
  subjectType: 'episode',
  subjectParam: 'episodeId',
});
const REMOVE = needs('waiting-list:remove', { action: 'waiting-list.child-removed', byUseCase: true });

export function tasksRoutes(services: TasksServices & RemovalServices) {
  const tasks = tasksController(services);
  const removal = removalController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.tasks.list.pattern, LIST, tasks.list),
      get(paths.tasks.task.pattern, VIEW, tasks.show),
      post(paths.tasks.task.pattern, COMPLETE, tasks.complete),
      get(paths.waitingList.remove.pattern, REMOVAL_PAGE, removal.page),
      post(paths.waitingList.remove.pattern, REMOVE, removal.remove),
    ]);
  };
}
