/** The staff home, and choosing which service to work in for someone with roles in several. */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { can, ROLE_LABELS } from '../../../domain/access/roles.js';
import type { Field } from '../../../domain/forms/fields.js';
import { SERVICE_ID } from '../../../domain/service/definition.js';
import { errorsFromMessages, type FormErrors } from '../../forms/form.js';
import { readForm } from '../../forms/read-form.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { referenceDataView } from './reference-data.view-models.js';
import { homeTasks, serviceChoices } from './staff.view-models.js';

export type StaffServices = Pick<Dependencies, 'accounts' | 'referenceSnapshot' | 'registry'>;

/** The service chosen: one of the person's, which the use case checks; here only its shape. */
const chooseFields = [
  {
    kind: 'text',
    name: 'serviceId',
    label: 'Which service do you want to work in?',
    missing: 'Select the service you want to work in',
    max: 63,
    pattern: { test: SERVICE_ID, message: 'Select a service from the list', upper: false },
  },
] as const satisfies readonly Field[];

export function staffController({ accounts, referenceSnapshot, registry }: StaffServices) {
  const home: Handler = async (request, reply) => {
    const session = request.session;
    const service = request.service();
    const roles = session?.roles ?? [];
    const memberships = session?.user == null ? [] : await accounts.servicesOf(session.user.id);
    const referenceData = can(roles, 'reference:read')
      ? referenceDataView(await referenceSnapshot.status())
      : undefined;
    return reply.render('staff/home.njk', {
      referenceData,
      name: session?.user?.displayName,
      serviceName: session?.serviceId == null ? null : service?.serviceName,
      roles: roles.map((r) => ROLE_LABELS[r]),
      tasks: homeTasks(roles),
      canSwitch: memberships.length > 1,
      chooseHref: paths.staff.chooseService.build(),
      noService: memberships.length === 0,
    });
  };

  const renderChoose = async (reply: FastifyReply, status: number, errors?: FormErrors) => {
    const user = reply.request.session?.user;
    const ids = user == null ? [] : await accounts.servicesOf(user.id);
    return reply.code(status).render('staff/choose-service.njk', {
      items: serviceChoices(ids, (id) => registry.byId(id), reply.request.session?.serviceId),
      errors,
      csrfToken: await reply.csrfToken(),
    });
  };

  const choosePage: Handler = async (_request, reply) => renderChoose(reply, 200);

  const choose: Handler = async (request, reply) => {
    const form = readForm(chooseFields, request.body);
    const user = request.session?.user;
    if (!form.ok || user == null || request.session === null)
      return renderChoose(reply, 400, form.ok ? undefined : form.errors);
    if (!(await accounts.chooseService(request.ctx, request.session.idHash, user.id, form.data.serviceId))) {
      return renderChoose(reply, 400, errorsFromMessages([['serviceId', 'Select a service from the list']]));
    }
    return reply.redirect(paths.staff.home.build(), 303);
  };

  return { home, choosePage, choose };
}
