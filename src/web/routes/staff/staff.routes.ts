/**
 * The staff home, and choosing which service to work in for someone with roles in several.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Dependencies } from '../../../composition.js';
import { can, ROLE_LABELS } from '../../../domain/access/roles.js';
import { errorsFromMessages, parseForm, type FormErrors } from '../../forms/form.js';
import { requiredText } from '../../forms/fields.js';
import { paths } from '../../paths.js';
import type { RouteAccess } from '../../route-access.js';
import { referenceDataView } from './reference-data.view-models.js';

const SIGNED_IN: RouteAccess = { access: { kind: 'signed-in' }, audit: false };
const CHOOSE: RouteAccess = {
  access: { kind: 'signed-in' },
  audit: { action: 'staff.service-chosen', byUseCase: true },
};

const chooseForm = z.object({
  serviceId: requiredText({
    missing: 'Select the service you want to work in',
    max: 63,
    tooLong: 'Select a service from the list',
  }),
});

export function staffRoutes(deps: Dependencies) {
  return async (app: FastifyInstance) => {
    app.get(paths.staff.home.pattern, { config: { routeAccess: SIGNED_IN } }, async (request, reply) => {
      const session = request.session;
      const service = request.service();
      const roles = session?.roles ?? [];
      const tasks = [
        can(roles, 'triage:read') && {
          text: 'Triage',
          href: paths.triage.worklist.build(),
          description: 'See the referrals waiting for a decision, and which are over the triage target.',
        },
        can(roles, 'referrals:search') && {
          text: 'Find a referral',
          href: paths.staff.searchReferrals.build(),
          description:
            'Find the referral someone is calling about, by reference, the child’s name and date of birth, or NHS number.',
        },
        can(roles, 'referrals:register') && {
          text: 'Register a referral',
          href: paths.staff.registerReferral.build(),
          description: 'Record a referral that came by post, email or telephone.',
        },
        can(roles, 'users:read') && {
          text: 'Staff accounts',
          href: paths.admin.users.build(),
          description: 'Invite staff, change their roles, disable accounts.',
        },
        can(roles, 'audit:read') && {
          text: 'Audit trail',
          href: paths.audit.search.build(),
          description: 'Search and export who did what, and when.',
        },
      ].filter(Boolean);
      const memberships = session?.user == null ? [] : await deps.accounts.servicesOf(session.user.id);
      const referenceData = can(roles, 'reference:read')
        ? referenceDataView(await deps.referenceSnapshot.status())
        : undefined;
      return reply.render('staff/home.njk', {
        referenceData,
        name: session?.user?.displayName,
        serviceName: session?.serviceId == null ? null : service?.serviceName,
        roles: roles.map((r) => ROLE_LABELS[r]),
        tasks,
        canSwitch: memberships.length > 1,
        chooseHref: paths.staff.chooseService.build(),
        noService: memberships.length === 0,
      });
    });

    const renderChoose = async (reply: FastifyReply, status: number, errors?: FormErrors) => {
      const user = reply.request.session?.user;
      const ids = user == null ? [] : await deps.accounts.servicesOf(user.id);
      return reply.code(status).render('staff/choose-service.njk', {
        items: ids.map((id) => ({
          value: id,
          text: deps.registry.byId(id)?.serviceName ?? id,
          hint: { text: deps.registry.byId(id)?.organisation.name ?? '' },
          checked: id === reply.request.session?.serviceId,
        })),
        errors,
        csrfToken: await reply.csrfToken(),
      });
    };

    app.get(paths.staff.chooseService.pattern, { config: { routeAccess: SIGNED_IN } }, async (_request, reply) =>
      renderChoose(reply, 200),
    );

    app.post(paths.staff.chooseService.pattern, { config: { routeAccess: CHOOSE } }, async (request, reply) => {
      const form = parseForm(chooseForm, request.body, { serviceId: 'serviceId' });
      const user = request.session?.user;
      if (!form.ok || user == null || request.session === null)
        return renderChoose(reply, 400, form.ok ? undefined : form.errors);
      if (!(await deps.accounts.chooseService(request.ctx, request.session.idHash, user.id, form.data.serviceId))) {
        return renderChoose(reply, 400, errorsFromMessages([['serviceId', 'Select a service from the list']]));
      }
      return reply.redirect(paths.staff.home.build(), 303);
    });
  };
}
