/**
 * The public pages of one service. Registered once per service: at the root when the instance hosts one service,
 * under the service's id when it hosts several (then the root lists them).
 */
import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { paths, publicPaths } from '../../paths.js';
import { PUBLIC_PAGE } from '../../route-access.js';
import { servicePageModel } from './public.view-models.js';

const PAGES = [
  ['home', 'public/home.njk'],
  ['contact', 'public/contact.njk'],
  ['accessibility', 'public/accessibility.njk'],
  ['privacy', 'public/privacy.njk'],
  ['cookies', 'public/cookies.njk'],
] as const;

export function publicRoutes(deps: Dependencies, service: ServiceDefinition) {
  return async (app: FastifyInstance) => {
    const links = publicPaths(deps.registry.prefixOf(service.id));
    const config = { routeAccess: PUBLIC_PAGE, serviceId: service.id };
    for (const [page, template] of PAGES) {
      app.get(links[page], { config }, async (_request, reply) =>
        reply.render(template, servicePageModel(service, links)),
      );
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
