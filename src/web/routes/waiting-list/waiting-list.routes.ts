/**
 * The waiting list (issue 13 item 1): the list with its bands and summary, its CSV export, and one child's place.
 * Reading the list or a child's place is audited as the waiting list viewed (the entry with the episode as its
 * subject); the export is audited as exported. Handlers in `waiting-list.controller.ts`.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, routes } from '../table.js';
import { waitingListController, type WaitingListServices } from './waiting-list.controller.js';

const VIEW = needs('waiting-list:read', { action: 'waiting-list.viewed' });
const EXPORT = needs('waiting-list:export', { action: 'waiting-list.exported' });
const VIEW_ENTRY = needs('waiting-list:read', {
  action: 'waiting-list.viewed',
  subjectType: 'episode',
  subjectParam: 'episodeId',
});

export function waitingListRoutes(services: WaitingListServices) {
  const controller = waitingListController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.waitingList.list.pattern, VIEW, controller.list),
      get(paths.waitingList.export.pattern, EXPORT, controller.exportCsv),
      get(paths.waitingList.entry.pattern, VIEW_ENTRY, controller.entry),
    ]);
  };
}
