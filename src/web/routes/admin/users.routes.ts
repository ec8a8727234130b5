/**
 * The admin pages for staff accounts in the active service: list, invite, edit roles, disable and enable.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { userController, type UserServices } from './users.controller.js';

const LIST = needs('users:read', { action: 'user.list-viewed' });
const VIEW = needs('users:read', { action: 'user.viewed', subjectType: 'user', subjectParam: 'userId' });
const INVITE_FORM: RouteAccess = { access: { kind: 'permission', permission: 'users:manage' }, audit: false };
const INVITE = needs('users:manage', { action: 'user.invited', byUseCase: true });
const UPDATE = needs('users:manage', {
  action: 'user.updated',
  subjectType: 'user',
  subjectParam: 'userId',
  byUseCase: true,
});
const DISABLE = needs('users:manage', {
  action: 'user.disabled',
  subjectType: 'user',
  subjectParam: 'userId',
  byUseCase: true,
});
const ENABLE = needs('users:manage', {
  action: 'user.enabled',
  subjectType: 'user',
  subjectParam: 'userId',
  byUseCase: true,
});
const RESEND = needs('users:manage', {
  action: 'user.invitation-resent',
  subjectType: 'user',
  subjectParam: 'userId',
  byUseCase: true,
});
// The page shows an account (its name, address and status), so reading it is audited like a member's page.
const ADD_FORM = needs('users:manage', { action: 'user.viewed', subjectType: 'user', subjectParam: 'userId' });
const ADD = needs('users:manage', {
  action: 'user.added-to-service',
  subjectType: 'user',
  subjectParam: 'userId',
  byUseCase: true,
});

const RESET_TWO_FACTOR = needs('users:manage', {
  action: 'user.two-factor-reset',
  subjectType: 'user',
  subjectParam: 'userId',
  byUseCase: true,
});

export function userRoutes(services: UserServices) {
  const controller = userController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.admin.users.pattern, LIST, controller.list),
      get(paths.admin.invite.pattern, INVITE_FORM, controller.invitePage),
      post(paths.admin.invite.pattern, INVITE, controller.invite),
      post(paths.admin.resendInvitation.pattern, RESEND, controller.resend),
      get(paths.admin.addToService.pattern, ADD_FORM, controller.addForm),
      post(paths.admin.addToService.pattern, ADD, controller.add),
      get(paths.admin.user.pattern, VIEW, controller.show),
      post(paths.admin.user.pattern, UPDATE, controller.update),
      post(paths.admin.disable.pattern, DISABLE, controller.disable),
      post(paths.admin.enable.pattern, ENABLE, controller.enable),
      post(paths.admin.resetTwoFactor.pattern, RESET_TWO_FACTOR, controller.resetTwoFactor),
    ]);
  };
}
