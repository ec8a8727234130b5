/**
 * The handlers of the staff account pages: list, invite, add someone from another service, edit roles, resend an
 * invitation, disable and enable.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { ExistingPerson, ServiceMember } from '../../../domain/accounts/user.js';
import type { Problem } from '../../../domain/shared/outcome.js';
import { errorsFromMessages, formValues, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { activeServiceId } from '../../active-service.js';
import { sendProblem, statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import {
  DONE_MESSAGES,
  addressInUseMessage,
  boxes,
  checkedRoles,
  existingPersonView,
  membersTable,
  roleItems,
  statusTag,
  twoFactorText,
} from './users.view-models.js';
import {
  ROLE_ANCHORS,
  addToServiceFields,
  editFields,
  inviteFields,
  resendFields,
  rolesOf,
  statusFields,
} from './users.forms.js';

type Params = { userId: string };

export type UserServices = Pick<Dependencies, 'accounts' | 'twoFactor'>;

export function userController({ accounts, twoFactor }: UserServices) {
  const renderInvite = async (
    reply: FastifyReply,
    status: number,
    errors?: FormErrors,
    values: Record<string, unknown> = {},
    existing?: ExistingPerson,
  ) =>
    reply.code(status).render('admin/invite.njk', {
      errors,
      fields: boxes(inviteFields, {}, values, errors),
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
    const twoFactorSetUp = (await twoFactor.enrolledAmong([member.id])).has(member.id);
    return reply.code(status).render('admin/user.njk', {
      twoFactor: { text: twoFactorText(twoFactorSetUp), setUp: twoFactorSetUp, required: twoFactor.required },
      resetTwoFactorAction: paths.admin.resetTwoFactor.build({ userId: member.id }),
      member: {
        ...member,
        status: statusTag(member.status),
        disabled: member.status === 'disabled',
        isSelf: member.id === reply.request.session?.user?.id,
      },
      fields: boxes(editFields, { displayName: member.displayName }, values, errors),
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

  /**
   * A stale version or a refused change re-shows the page with the latest record and the reason, beside `field`;
   * someone out of reach is not found.
   */
  const refused = async (reply: FastifyReply, serviceId: string, userId: string, found: Problem, field: string) => {
    if (found.code === 'not-found') return sendProblem(reply, found);
    const member = await accounts.getMember(serviceId, userId);
    return renderEdit(reply, member, statusOf(found), errorsFromMessages([[field, found.message]]));
  };

  const list: Handler = async (_request, reply) => {
    const members = await accounts.listMembers(activeServiceId(reply));
    const withTwoFactor = await twoFactor.enrolledAmong(members.map((m) => m.id));
    return reply.render('admin/users.njk', {
      members: membersTable(members, withTwoFactor),
      inviteHref: paths.admin.invite.build(),
    });
  };

  const invitePage: Handler = async (_request, reply) => renderInvite(reply, 200);

  const invite: Handler = async (request, reply) => {
    const form = readForm(inviteFields, request.body, { anchors: ROLE_ANCHORS });
    if (!form.ok) return renderInvite(reply, 400, form.errors, form.values);
    const serviceId = activeServiceId(reply);
    const result = await accounts.invite(
      { ...request.ctx, serviceId },
      { ...form.data, roles: rolesOf(form.data.roles) },
    );
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
  };

  const resend: Handler = async (request, reply) => {
    const { userId } = request.params as Params;
    const serviceId = activeServiceId(reply);
    const form = readForm(resendFields, request.body);
    if (!form.ok) return renderEdit(reply, await accounts.getMember(serviceId, userId), 400, form.errors);
    const resent = await accounts.resendInvitation({ ...request.ctx, serviceId }, userId);
    if (!resent.ok) return refused(reply, serviceId, userId, resent.problem, 'access');
    return reply.render('admin/invited.njk', {
      name: resent.member.displayName,
      email: resent.member.email,
      link: resent.link,
      resent: true,
      usersHref: paths.admin.users.build(),
      userHref: paths.admin.user.build({ userId }),
    });
  };

  const addForm: Handler = async (request, reply) => {
    const { userId } = request.params as Params;
    const person = await accounts.getNonMember(activeServiceId(reply), userId);
    if (person.rolesHere.length > 0) return reply.redirect(paths.admin.user.build({ userId }), 303);
    return renderAdd(reply, person, 200);
  };

  const add: Handler = async (request, reply) => {
    const { userId } = request.params as Params;
    const serviceId = activeServiceId(reply);
    const form = readForm(addToServiceFields, request.body, { anchors: ROLE_ANCHORS });
    if (!form.ok)
      return renderAdd(reply, await accounts.getNonMember(serviceId, userId), 400, form.errors, form.values);
    const added = await accounts.addToService({ ...request.ctx, serviceId }, userId, rolesOf(form.data.roles));
    if (!added.ok) {
      if (added.problem.code === 'not-found') return sendProblem(reply, added.problem);
      const errors = errorsFromMessages([['roles', added.problem.message, ROLE_ANCHORS.roles]]);
      const person = await accounts.getNonMember(serviceId, userId);
      return renderAdd(reply, person, statusOf(added.problem), errors, formValues(request.body));
    }
    return reply.redirect(`${paths.admin.user.build({ userId })}?done=added`, 303);
  };

  const show: Handler = async (request, reply) => {
    const { userId } = request.params as Params;
    return renderEdit(reply, await accounts.getMember(activeServiceId(reply), userId), 200);
  };

  const update: Handler = async (request, reply) => {
    const { userId } = request.params as Params;
    const serviceId = activeServiceId(reply);
    const form = readForm(editFields, request.body, { anchors: ROLE_ANCHORS });
    if (!form.ok) return renderEdit(reply, await accounts.getMember(serviceId, userId), 400, form.errors, form.values);
    const updated = await accounts.updateMember({ ...request.ctx, serviceId }, userId, {
      ...form.data,
      roles: rolesOf(form.data.roles),
    });
    if (!updated.ok) return refused(reply, serviceId, userId, updated.problem, 'displayName');
    return reply.redirect(`${paths.admin.user.build({ userId })}?done=updated`, 303);
  };

  /** Disabling and enabling an account: the same form and the same refusals, the other way round. */
  const setStatus =
    (enabled: boolean): Handler =>
    async (request, reply) => {
      const { userId } = request.params as Params;
      const serviceId = activeServiceId(reply);
      const form = readForm(statusFields, request.body);
      if (!form.ok) return renderEdit(reply, await accounts.getMember(serviceId, userId), 400, form.errors);
      const set = await accounts.setEnabled({ ...request.ctx, serviceId }, userId, enabled, form.data.version);
      if (!set.ok) return refused(reply, serviceId, userId, set.problem, 'displayName');
      return reply.redirect(`${paths.admin.user.build({ userId })}?done=${enabled ? 'enabled' : 'disabled'}`, 303);
    };

  /** Resets a member's second factor (a lost phone): they set it up again at their next sign-in. */
  const resetTwoFactor: Handler = async (request, reply) => {
    const { userId } = request.params as Params;
    const serviceId = activeServiceId(reply);
    const form = readForm(resendFields, request.body);
    if (!form.ok) return renderEdit(reply, await accounts.getMember(serviceId, userId), 400, form.errors);
    const reset = await twoFactor.reset({ ...request.ctx, serviceId }, userId);
    if (!reset.ok) return sendProblem(reply, reset.problem);
    return reply.redirect(`${paths.admin.user.build({ userId })}?done=two-factor-reset`, 303);
  };

  return {
    resetTwoFactor,
    list,
    invitePage,
    invite,
    resend,
    addForm,
    add,
    show,
    update,
    disable: setStatus(false),
    enable: setStatus(true),
  };
}
