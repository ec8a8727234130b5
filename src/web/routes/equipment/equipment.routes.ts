/**
 * Equipment issued to children (issue 14 item 7, docs/adr/0044): the team's dashboard and recall list, a child's
 * equipment, one item, and the forms that issue an item and record its reviews, repairs and return. Reading takes
 * `equipment:read` and is audited as `equipment.viewed`; a child's equipment and one item are part of the child's
 * clinical record, so those pages also need clinical access to that child's record (route-access.ts `needsRecord`;
 * 404 outside it) and their audit event names the child. Each change takes `equipment:issue` and clinical write
 * access, and is audited by its use case, in its transaction.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs, needsRecord } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { equipmentController, type EquipmentServices } from './equipment.controller.js';

const DASHBOARD = needs('equipment:read', { action: 'equipment.viewed' });
// A child's equipment is part of their clinical record: the access rule decides per child (404 outside it).
const EPISODE = { type: 'episode', param: 'episodeId' } as const;
const ISSUE_ID = { type: 'equipment-issue', param: 'issueId' } as const;
const CHILD = needsRecord('equipment:read', 'clinical-read', EPISODE, { action: 'equipment.viewed' });
const ITEM = needsRecord('equipment:read', 'clinical-read', ISSUE_ID, { action: 'equipment.viewed' });
const ISSUE_FORM = needsRecord('equipment:issue', 'clinical-write', EPISODE, { action: 'equipment.viewed' });
const EVENT_FORM = needsRecord('equipment:issue', 'clinical-write', ISSUE_ID, { action: 'equipment.viewed' });
const ISSUE = needsRecord('equipment:issue', 'clinical-write', EPISODE, {
  action: 'equipment.issued',
  byUseCase: true,
});
const REVIEW = needsRecord('equipment:issue', 'clinical-write', ISSUE_ID, {
  action: 'equipment.reviewed',
  byUseCase: true,
});
const REPAIR = needsRecord('equipment:issue', 'clinical-write', ISSUE_ID, {
  action: 'equipment.repaired',
  byUseCase: true,
});
const RETURN = needsRecord('equipment:issue', 'clinical-write', ISSUE_ID, {
  action: 'equipment.returned',
  byUseCase: true,
});

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
