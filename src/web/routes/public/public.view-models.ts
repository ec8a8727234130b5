import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { paths, type PublicPaths } from '../../paths.js';

/** What the public pages of a service show, taken from its definition. */
export function servicePageModel(service: ServiceDefinition, links: PublicPaths) {
  const telephone = service.contact.telephone;
  return {
    service: {
      name: service.serviceName,
      organisation: service.organisation.name,
      description: service.shortDescription,
      telephone,
      telephoneHref: `tel:+44${telephone.replace(/\s+/gu, '').replace(/^0/u, '')}`,
      email: service.contact.email ?? null,
      hours: service.contact.hours ?? null,
    },
    links: { ...links, signIn: paths.signIn.build() },
  };
}
