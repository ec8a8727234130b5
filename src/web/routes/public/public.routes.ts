/**
 * The public pages of one service. Registered once per service: at the root when the instance hosts one service,
 * under the service's id when it hosts several (then the root lists them).
 */
import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { paths, publicPaths, type PublicPaths } from '../../paths.js';
import { PUBLIC_PAGE } from '../../route-access.js';
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

export function publicRoutes(deps: Dependencies, service: ServiceDefinition) {
  return async (app: FastifyInstance) => {
    const links = publicPaths(deps.registry.prefixOf(service.id));
    const config = { routeAccess: PUBLIC_PAGE, serviceId: service.id };
    for (const [page, template, content] of PAGES) {
      const model = { ...servicePageModel(service, links), ...content(service) };
      app.get(links[page], { config }, async (_request, reply) => reply.render(template, model));
    }
  };
}

/** The root of an instance that hosts several services: a list of them. */
export function servicesIndexRoute(deps: Dependencies) {
  return async (app: FastifyInstance) => {
    app.get(paths.servicesIndex.pattern, { config: { routeAccess: PUBLIC_PAGE } }, async (_request, reply) =>
      reply.render('public/services-index.njk', {
        services: deps.registry.all.map((s) => ({
          name: s.serviceName,
          organisation: s.organisation.name,
          description: s.shortDescription,
          href: publicPaths(deps.registry.prefixOf(s.id)).home,
        })),
      }),
    );
  };
}
