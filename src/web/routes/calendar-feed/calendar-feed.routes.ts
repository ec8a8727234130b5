/**
 * A clinician's calendar feed: managing it needs diary:read and is the owner's own; the feed is public (no session,
 * the secret in its address is the credential) and its use case audits each read with the owner as the subject.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { type RouteAccess, needs } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { calendarFeedController, type CalendarFeedServices } from './calendar-feed.controller.js';

/** Whether the person has a feed, and when it was made: nothing personal beyond their own account. */
const VIEW: RouteAccess = { access: { kind: 'permission', permission: 'diary:read' }, audit: false };
const CREATE = needs('diary:read', { action: 'calendar-feed.created', subjectType: 'user', byUseCase: true });
const REVOKE = needs('diary:read', { action: 'calendar-feed.revoked', subjectType: 'user', byUseCase: true });
const READ: RouteAccess = {
  access: { kind: 'public', session: false },
  audit: { action: 'calendar-feed.read', subjectType: 'user', byUseCase: true },
};

export function calendarFeedRoutes(services: CalendarFeedServices) {
  const controller = calendarFeedController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.calendarFeed.manage.pattern, VIEW, controller.show),
      post(paths.calendarFeed.manage.pattern, CREATE, controller.create),
      post(paths.calendarFeed.revoke.pattern, REVOKE, controller.revoke),
      get(paths.calendarFeed.feed.pattern, READ, controller.feed),
    ]);
  };
}
