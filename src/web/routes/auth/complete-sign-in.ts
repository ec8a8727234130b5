/**
 * Starting the signed-in session once every factor has passed: a password and a code (two-factor.controller.ts), a
 * password alone when no second factor is required, or an OpenID provider's sign-in. Call it after
 * `deps.signIn.completeSignIn(...)` (which records the sign-in); it rotates the session and says where to go next.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { StaffUser } from '../../../domain/accounts/user.js';
import { rotateSession } from '../../plugins/session.js';
import { afterSignIn } from './auth.view-models.js';

export async function startSignedInSession(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Dependencies,
  done: { user: StaffUser; serviceIds: readonly string[] },
  returnTo: string | null | undefined,
): Promise<string> {
  const serviceId = done.serviceIds.length === 1 ? (done.serviceIds[0] ?? null) : null;
  await rotateSession(request, reply, deps, done.user.id, serviceId);
  return afterSignIn(returnTo ?? undefined, done.serviceIds);
}
