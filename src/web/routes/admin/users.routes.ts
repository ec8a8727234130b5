/**
 * The admin pages for staff accounts in the active service: list, invite, edit roles, disable and enable.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { ExistingPerson, ServiceMember } from '../../../domain/accounts/user.js';
import { DomainError } from '../../../domain/shared/errors.js';
import { errorsFromMessages, formValues, parseForm, type FormErrors } from '../../forms/form.js';
import { activeServiceId } from '../../active-service.js';
import { paths } from '../../paths.js';
import { needs, type RouteAccess } from '../../route-access.js';
import {
  DONE_MESSAGES,
  addressInUseMessage,
  checkedRoles,
  existingPersonView,
  membersTable,
  roleItems,
  statusTag,
} from './users.view-models.js';
import { ROLE_ANCHORS, addToServiceForm, editForm, inviteForm, resendForm, statusForm } from './users.forms.js';

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

type Params = { userId: string };

export function userRoutes(deps: Dependencies) {
  const { accounts } = deps;

  const renderInvite = async (
    reply: FastifyReply,
    status: number,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
    existing?: ExistingPerson,
  ) =>
    reply.code(status).render('admin/invite.njk', {
      errors,
      values,
      existing: existing === undefined ? null : existingPersonView(existing),
      roleItems: roleItems(checkedRoles(values)),
      action: paths.admin.invite.build(),
      backHref: paths.admin.users.build(),
      csrfToken: await reply.csrfToken(),
    });

  const renderEdit = async (
    reply: FastifyReply,
    member: ServiceMember,
    status: number,
    errors?: FormErrors,
    values?: Record<string, unknown>,
  ) => {
    const query = reply.request.query as Record<string, unknown>;
    const done =
      typeof query.done === 'string' && query.done in DONE_MESSAGES
        ? DONE_MESSAGES[query.done as keyof typeof DONE_MESSAGES]
        : null;
    return reply.code(status).render('admin/user.njk', {
      member: {
        ...member,
        status: statusTag(member.status),
        disabled: member.status === 'disabled',
        isSelf: member.id === reply.request.session?.user?.id,
      },
      values: { displayName: values?.displayName ?? member.displayName },
      roleItems: roleItems(values === undefined ? member.roles : checkedRoles(values)),
      version: member.version,
      done,
      errors,
      action: paths.admin.user.build({ userId: member.id }),
      resendAction: member.status === 'invited' ? paths.admin.resendInvitation.build({ userId: member.id }) : null,
      disableAction: paths.admin.disable.build({ userId: member.id }),
      enableAction: paths.admin.enable.build({ userId: member.id }),
      backHref: paths.admin.users.build(),
      csrfToken: await reply.csrfToken(),
    });
  };

  const renderAdd = async (
    reply: FastifyReply,
    person: ExistingPerson,
    status: number,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
  ) =>
    reply.code(status).render('admin/add-to-service.njk', {
      person: {
        ...person,
        status: statusTag(person.status),
        invited: person.status === 'invited',
        disabled: person.status === 'disabled',
      },
      roleItems: roleItems(checkedRoles(values)),
      errors,
      action: paths.admin.addToService.build({ userId: person.id }),
      backHref: paths.admin.users.build(),
      csrfToken: await reply.csrfToken(),
    });

  /** A stale version or a refused change re-shows the page with the latest record and the reason. */
  const refused = async (reply: FastifyReply, serviceId: string, userId: string, err: DomainError) => {
    const member = await accounts.getMember(serviceId, userId);
    return renderEdit(reply, member, 409, errorsFromMessages([['displayName', err.message]]));
  };

  return async (app: FastifyInstance) => {
    app.get(paths.admin.users.pattern, { config: { routeAccess: LIST } }, async (_request, reply) => {
      const members = await accounts.listMembers(activeServiceId(reply));
      return reply.render('admin/users.njk', {
        members: membersTable(members),
        inviteHref: paths.admin.invite.build(),
      });
    });

    app.get(paths.admin.invite.pattern, { config: { routeAccess: INVITE_FORM } }, async (_request, reply) =>
      renderInvite(reply, 200),
    );

    app.post(paths.admin.invite.pattern, { config: { routeAccess: INVITE } }, async (request, reply) => {
      const form = parseForm(inviteForm, request.body, ROLE_ANCHORS);
      if (!form.ok) return renderInvite(reply, 400, form.errors, form.values);
      const serviceId = activeServiceId(reply);
      const result = await accounts.invite({ ...request.ctx, serviceId }, form.data);
      // An address already in use changes nothing: the form again, saying who holds it and the ways on.
      if (result.existing !== null) {
        const message = addressInUseMessage(result.existing);
        return renderInvite(
          reply,
          409,
          errorsFromMessages([['email', message]]),
          formValues(request.body),
          result.existing,
        );
      }
      return reply.render('admin/invited.njk', {
        name: form.data.displayName,
        email: form.data.email,
        link: result.link,
        usersHref: paths.admin.users.build(),
        userHref: paths.admin.user.build({ userId: result.userId }),
      });
    });

    app.post(paths.admin.resendInvitation.pattern, { config: { routeAccess: RESEND } }, async (request, reply) => {
      const { userId } = request.params as Params;
      const serviceId = activeServiceId(reply);
      const form = parseForm(resendForm, request.body);
      if (!form.ok) return renderEdit(reply, await accounts.getMember(serviceId, userId), 400, form.errors);
      try {
        const { member, link } = await accounts.resendInvitation({ ...request.ctx, serviceId }, userId);
        return await reply.render('admin/invited.njk', {
          name: member.displayName,
          email: member.email,
          link,
          resent: true,
          usersHref: paths.admin.users.build(),
          userHref: paths.admin.user.build({ userId }),
        });
      } catch (err) {
        if (err instanceof DomainError && err.code === 'conflict') {
          const member = await accounts.getMember(serviceId, userId);
          return renderEdit(reply, member, 409, errorsFromMessages([['access', err.message]]));
        }
        throw err;
      }
    });

    app.get(paths.admin.addToService.pattern, { config: { routeAccess: ADD_FORM } }, async (request, reply) => {
      const { userId } = request.params as Params;
      const person = await accounts.getNonMember(activeServiceId(reply), userId);
      if (person.rolesHere.length > 0) return reply.redirect(paths.admin.user.build({ userId }), 303);
      return renderAdd(reply, person, 200);
    });

    app.post(paths.admin.addToService.pattern, { config: { routeAccess: ADD } }, async (request, reply) => {
      const { userId } = request.params as Params;
      const serviceId = activeServiceId(reply);
      const form = parseForm(addToServiceForm, request.body, ROLE_ANCHORS);
      if (!form.ok)
        return renderAdd(reply, await accounts.getNonMember(serviceId, userId), 400, form.errors, form.values);
      try {
        await accounts.addToService({ ...request.ctx, serviceId }, userId, form.data.roles);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'conflict') {
          const errors = errorsFromMessages([['roles', err.message, ROLE_ANCHORS.roles]]);
          return renderAdd(
            reply,
            await accounts.getNonMember(serviceId, userId),
            409,
            errors,
            formValues(request.body),
          );
        }
        throw err;
      }
      return reply.redirect(`${paths.admin.user.build({ userId })}?done=added`, 303);
    });

    app.get(paths.admin.user.pattern, { config: { routeAccess: VIEW } }, async (request, reply) => {
      const { userId } = request.params as Params;
      return renderEdit(reply, await accounts.getMember(activeServiceId(reply), userId), 200);
    });

    app.post(paths.admin.user.pattern, { config: { routeAccess: UPDATE } }, async (request, reply) => {
      const { userId } = request.params as Params;
      const serviceId = activeServiceId(reply);
      const form = parseForm(editForm, request.body, ROLE_ANCHORS);
      if (!form.ok)
        return renderEdit(reply, await accounts.getMember(serviceId, userId), 400, form.errors, form.values);
      try {
        await accounts.updateMember({ ...request.ctx, serviceId }, userId, form.data);
      } catch (err) {
        if (err instanceof DomainError && (err.code === 'stale-version' || err.code === 'conflict'))
          return refused(reply, serviceId, userId, err);
        throw err;
      }
      return reply.redirect(`${paths.admin.user.build({ userId })}?done=updated`, 303);
    });

    for (const [route, access, enabled] of [
      [paths.admin.disable, DISABLE, false],
      [paths.admin.enable, ENABLE, true],
    ] as const) {
      app.post(route.pattern, { config: { routeAccess: access } }, async (request, reply) => {
        const { userId } = request.params as Params;
        const serviceId = activeServiceId(reply);
        const form = parseForm(statusForm, request.body);
        if (!form.ok) return renderEdit(reply, await accounts.getMember(serviceId, userId), 400, form.errors);
        try {
          await accounts.setEnabled({ ...request.ctx, serviceId }, userId, enabled, form.data.version);
        } catch (err) {
          if (err instanceof DomainError && (err.code === 'stale-version' || err.code === 'conflict'))
            return refused(reply, serviceId, userId, err);
          throw err;
        }
        return reply.redirect(`${paths.admin.user.build({ userId })}?done=${enabled ? 'enabled' : 'disabled'}`, 303);
      });
    }
  };
}
