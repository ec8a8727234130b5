/**
 * Equipment issued to children (issue 14 item 7, docs/adr/0044): the team's dashboard and recall list, a child's
 * equipment, one item, and the forms that issue an item and record its reviews, repairs and return. Reading takes
 * `equipment:read` and is audited as `equipment.viewed` (with the episode or the item as its subject); each change
 * takes `equipment:issue` and is audited by its use case, in its transaction.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { equipmentController, type EquipmentServices } from './equipment.controller.js';

const DASHBOARD = needs('equipment:read', { action: 'equipment.viewed' });
const CHILD = needs('equipment:read', {
  action: 'equipment.viewed',
  subjectType: 'episode',
  subjectParam: 'episodeId',
});
const ITEM = needs('equipment:read', {
  action: 'equipment.viewed',
  subjectType: 'equipment-issue',
  subjectParam: 'issueId',
});
const ISSUE_FORM = needs('equipment:issue', {
  action: 'equipment.viewed',
  subjectType: 'episode',
  subjectParam: 'episodeId',
});
const EVENT_FORM = needs('equipment:issue', {
  action: 'equipment.viewed',
  subjectType: 'equipment-issue',
  subjectParam: 'issueId',
});
const ISSUE = needs('equipment:issue', { action: 'equipment.issued', byUseCase: true });
const REVIEW = needs('equipment:issue', { action: 'equipment.reviewed', byUseCase: true });
const REPAIR = needs('equipment:issue', { action: 'equipment.repaired', byUseCase: true });
const RETURN = needs('equipment:issue', { action: 'equipment.returned', byUseCase: true });

export function equipmentRoutes(services: EquipmentServices) {
  const controller = equipmentController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.equipment.dashboard.pattern, DASHBOARD, controller.dashboard),
      get(paths.equipment.child.pattern, CHILD, controller.child),
      get(paths.equipment.issue.pattern, ISSUE_FORM, controller.issueForm),
      post(paths.equipment.issue.pattern, ISSUE, controller.issue),
      get(paths.equipment.item.pattern, ITEM, controller.item),
      get(paths.equipment.review.pattern, EVENT_FORM, controller.reviewForm),
      post(paths.equipment.review.pattern, REVIEW, controller.review),
      get(paths.equipment.repair.pattern, EVENT_FORM, controller.repairForm),
      post(paths.equipment.repair.pattern, REPAIR, controller.repair),
      get(paths.equipment.return.pattern, EVENT_FORM, controller.returnForm),
      post(paths.equipment.return.pattern, RETURN, controller.return),
    ]);
  };
}
