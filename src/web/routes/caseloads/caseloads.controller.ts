/**
 * The caseload pages: the signed-in clinician's own, one clinician's (a service manager may read anyone's, a clinician
 * only their own: 403 otherwise), and the team's counts grouped by team.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { can } from '../../../domain/access/roles.js';
import type { Caseload } from '../../../services/care/caseloads.service.js';
import { WAS_NOT_BROUGHT_WEEKS } from '../../../services/care/caseloads.service.js';
import { activeServiceId } from '../../active-service.js';
import { sendProblem } from '../../outcome.js';
import type { Handler } from '../table.js';
import { caseloadModel, teamModel } from './caseloads.view-models.js';

export type CaseloadServices = Pick<Dependencies, 'registry' | 'caseloads'>;

type Params = { userId: string };

export function caseloadsController({ registry, caseloads }: CaseloadServices) {
  async function render(reply: FastifyReply, caseload: Caseload, own: boolean) {
    const definition = registry.byId(activeServiceId(reply));
    if (definition === undefined) {
      reply.callNotFound();
      return reply;
    }
    const mayBook = can(reply.request.ctx.actorRoles, 'appointments:book');
    return reply.render('caseloads/caseload.njk', {
      ...caseloadModel(caseload, definition, own, mayBook),
      columnWidth: 'full',
    });
  }

  const mine: Handler = async (request, reply) => {
    const found = await caseloads.mine(request.ctx, activeServiceId(reply));
    if (!found.ok) return sendProblem(reply, found.problem);
    return render(reply, found.caseload, true);
  };

  const clinician: Handler<{ Params: Params }> = async (request, reply) => {
    const found = await caseloads.ofClinician(request.ctx, activeServiceId(reply), request.params.userId);
    if (!found.ok) return sendProblem(reply, found.problem);
    return render(reply, found.caseload, found.caseload.clinician.userId === request.ctx.actorUserId);
  };

  const team: Handler = async (_request, reply) => {
    const groups = await caseloads.team(activeServiceId(reply));
    return reply.render('caseloads/team.njk', {
      ...teamModel(groups),
      weeks: WAS_NOT_BROUGHT_WEEKS,
      columnWidth: 'full',
    });
  };

  return { mine, clinician, team };
}
