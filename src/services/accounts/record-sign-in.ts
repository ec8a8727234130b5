/**
 * What every completed sign-in writes, however it was made (a password and a second factor, or an OpenID provider):
 * `auth.sign-in` in the chain of each service the person belongs to (the instance's when none), as them, with the
 * roles they hold there, as every later event of theirs there records.
 */
import { rolesInService } from '../../data/accounts/users.repository.js';
import type { Executor } from '../../data/executor.js';
import type { StaffUser } from '../../domain/accounts/user.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../shared/context.js';

export async function recordSignIn(
  audit: AuditService,
  trx: Executor,
  ctx: RequestContext,
  signedIn: { user: StaffUser; serviceIds: readonly string[] },
  detail?: Record<string, string | number | boolean>,
): Promise<void> {
  const { user, serviceIds } = signedIn;
  for (const serviceId of serviceIds.length > 0 ? serviceIds : [null]) {
    const actorRoles = serviceId === null ? [] : await rolesInService(trx, serviceId, user.id);
    await audit.record(
      trx,
      { ...ctx, actorUserId: user.id, actorRoles },
      {
        action: 'auth.sign-in',
        serviceId,
        subjectType: 'user',
        subjectId: user.id,
        ...(detail !== undefined && { detail }),
      },
    );
  }
}
