import type { FastifyReply } from 'fastify';
import { DomainError } from '../domain/shared/errors.js';

/**
 * The service a staff request works in. A route that requires a permission only runs once the session has an
 * active service (the access hook sends anyone without one to choose it), so this is always set there.
 */
export function activeServiceId(reply: FastifyReply): string {
  const id = reply.request.ctx.serviceId;
  if (id === null) throw new DomainError('forbidden', 'Choose a service first.');
  return id;
}
