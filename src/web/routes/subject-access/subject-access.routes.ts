/**
 * The subject access export (ADR 0030): find a child by NHS number (posted, so the number is in no URL), the child's
 * page with what the export holds, and the export itself as one archive. Each is audited: the search by its use case
 * (how many it found, never the number), the page as the child's, the export by its use case before it is sent.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { subjectAccessController, type SubjectAccessServices } from './subject-access.controller.js';

/** The empty search form reads nothing personal. */
const FORM: RouteAccess = { access: { kind: 'permission', permission: 'subject-access:export' }, audit: false };
const SEARCH = needs('subject-access:export', { action: 'subject-access.searched', byUseCase: true });
const CHILD = needs('subject-access:export', {
  action: 'subject-access.viewed',
  subjectType: 'child',
  subjectParam: 'childId',
});
const EXPORT = needs('subject-access:export', {
  action: 'subject-access.exported',
  subjectType: 'child',
  subjectParam: 'childId',
  byUseCase: true,
});

export function subjectAccessRoutes(services: SubjectAccessServices) {
  const controller = subjectAccessController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.subjectAccess.search.pattern, FORM, controller.searchPage),
      post(paths.subjectAccess.search.pattern, SEARCH, controller.search),
      get(paths.subjectAccess.child.pattern, CHILD, controller.child),
      post(paths.subjectAccess.export.pattern, EXPORT, controller.exportArchive),
    ]);
  };
}
