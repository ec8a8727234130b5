/**
 * The services this instance hosts. With one service its public pages sit at the root; with several, each has its
 * own prefix and the root lists them.
 */
import type { ServiceDefinition } from '../domain/service/definition.js';

export interface ServiceRegistry {
  all: readonly ServiceDefinition[];
  ids: readonly string[];
  byId(id: string | null | undefined): ServiceDefinition | undefined;
  /** The only service, when there is just one. */
  single: ServiceDefinition | null;
  /** The public path prefix of a service: '' when it is the only one. */
  prefixOf(id: string): string;
}

export function createServiceRegistry(definitions: readonly ServiceDefinition[]): ServiceRegistry {
  const map = new Map(definitions.map((d) => [d.id, d]));
  const single = definitions.length === 1 ? (definitions[0] ?? null) : null;
  return {
    all: definitions,
    ids: definitions.map((d) => d.id),
    byId: (id) => (id == null ? undefined : map.get(id)),
    single,
    prefixOf: (id) => (single !== null ? '' : `/${id}`),
  };
}
