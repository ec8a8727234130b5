/**
 * A referral's letters, for triage: each one as it reads, and its PDF. A letter of another referral or service, or an
 * id that does not exist, is not found.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { activeServiceId } from '../../active-service.js';
import { paths } from '../../paths.js';
import { letterModel, sendPdf } from '../letters/letters.view-models.js';
import type { Handler } from '../table.js';

export type TriageLetterServices = Pick<Dependencies, 'letters'>;

type Params = { referralId: string; letterId: string };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

export function triageLetterController({ letters }: TriageLetterServices) {
  const show: Handler<{ Params: Params }> = async (request, reply) => {
    const { referralId, letterId } = request.params;
    const letter = await letters.letter(activeServiceId(reply), referralId, letterId);
    if (letter === undefined) return notFound(reply);
    return reply.render('letters/letter.njk', {
      letter: letterModel(letter),
      pdfHref: paths.triage.letterPdf.build({ referralId, letterId }),
      backHref: paths.triage.referral.build({ referralId }),
    });
  };

  const pdf: Handler<{ Params: Params }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const { referralId, letterId } = request.params;
    const letter = await letters.letter(serviceId, referralId, letterId);
    if (letter === undefined) return notFound(reply);
    return sendPdf(reply, await letters.pdf(letter, serviceId));
  };

  return { show, pdf };
}
