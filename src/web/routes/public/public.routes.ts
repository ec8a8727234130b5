/**
 * The public pages of one service. Registered once per service: at the root when the instance hosts one service,
 * under the service's id when it hosts several (then the root lists them).
 */
import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { paths, publicPaths, type PublicPaths } from '../../paths.js';
import { PUBLIC_PAGE } from '../../route-access.js';
import type { ViewModel } from '../../plugins/views.js';
import { get, routes, type Handler } from '../table.js';
import {
  afterReferralModel,
  conditionsModel,
  months,
  notProvidedModel,
  professionalsModel,
  servicePageModel,
  whoCanReferModel,
} from './public.view-models.js';

type PageContent = (service: ServiceDefinition) => object;
const none: PageContent = () => ({});

/** Each public page: its path in `publicPaths`, its template, and what it shows beyond the common frame. */
const PAGES: readonly (readonly [keyof Omit<PublicPaths, 'prefix'>, string, PageContent])[] = [
  ['home', 'public/home.njk', (s) => ({ reReferralWindow: months(s.eligibility.parentReReferralWindowMonths) })],
  ['conditions', 'public/conditions.njk', conditionsModel],
  ['whoCanRefer', 'public/who-can-refer.njk', whoCanReferModel],
  ['afterReferral', 'public/after-referral.njk', afterReferralModel],
  ['notProvided', 'public/not-provided.njk', notProvidedModel],
  ['professionals', 'public/professionals.njk', professionalsModel],
  ['contact', 'public/contact.njk', none],
  ['accessibility', 'public/accessibility.njk', none],
  ['privacy', 'public/privacy.njk', none],
  ['cookies', 'public/cookies.njk', none],
];

export function publicRoutes(services: Pick<Dependencies, 'registry'>, service: ServiceDefinition) {
  const links = publicPaths(services.registry.prefixOf(service.id));
  const show =
    (template: string, model: ViewModel): Handler =>
    async (_request, reply) =>
      reply.render(template, model);
  return async (app: FastifyInstance) => {
    routes(
      app,
      PAGES.map(([page, template, content]) =>
        get(links[page], PUBLIC_PAGE, show(template, { ...servicePageModel(service, links), ...content(service) })),
      ),
      { serviceId: service.id },
    );
  };
}

/** The root of an instance that hosts several services: a list of them. */
export function servicesIndexRoute({ registry }: Pick<Dependencies, 'registry'>) {
  const index: Handler = async (_request, reply) =>
    reply.render('public/services-index.njk', {
      services: registry.all.map((s) => ({
        name: s.serviceName,
        organisation: s.organisation.name,
        description: s.shortDescription,
        href: publicPaths(registry.prefixOf(s.id)).home,
      })),
    });
  return async (app: FastifyInstance) => {
    routes(app, [get(paths.servicesIndex.pattern, PUBLIC_PAGE, index)]);
  };
}
