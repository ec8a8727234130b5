/**
 * A referral's letters, for triage: each one as it reads, and its PDF. Reading either is audited as
 * `referral.letter-viewed`; a letter of another referral or service, or an id that does not exist, is not found.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { activeServiceId } from '../../active-service.js';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { letterModel, sendPdf } from '../letters/letters.view-models.js';

const VIEW = needs('triage:read', {
  action: 'referral.letter-viewed',
  subjectType: 'referral',
  subjectParam: 'referralId',
});

type Params = { referralId: string; letterId: string };

export function triageLetterRoutes(deps: Dependencies) {
  const notFound = (reply: FastifyReply) => {
    reply.callNotFound();
    return reply;
  };

  return async (app: FastifyInstance) => {
    app.get<{ Params: Params }>(
      paths.triage.letter.pattern,
      { config: { routeAccess: VIEW } },
      async (request, reply) => {
        const { referralId, letterId } = request.params;
        const letter = await deps.letters.letter(activeServiceId(reply), referralId, letterId);
        if (letter === undefined) return notFound(reply);
        return reply.render('letters/letter.njk', {
          letter: letterModel(letter),
          pdfHref: paths.triage.letterPdf.build({ referralId, letterId }),
          backHref: paths.triage.referral.build({ referralId }),
        });
      },
    );

    app.get<{ Params: Params }>(
      paths.triage.letterPdf.pattern,
      { config: { routeAccess: VIEW } },
      async (request, reply) => {
        const serviceId = activeServiceId(reply);
        const { referralId, letterId } = request.params;
        const letter = await deps.letters.letter(serviceId, referralId, letterId);
        if (letter === undefined) return notFound(reply);
        return sendPdf(reply, await deps.letters.pdf(letter, serviceId));
      },
    );
  };
}
