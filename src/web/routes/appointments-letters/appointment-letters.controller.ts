/**
 * An appointment's letters: each one as it reads, and its PDF. A letter of another appointment or service, or an id
 * that does not exist, is not found.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { activeServiceId } from '../../active-service.js';
import { paths } from '../../paths.js';
import { sendPdf } from '../letters/letters.view-models.js';
import type { Handler } from '../table.js';
import { appointmentLetterModel } from './appointment-letters.view-models.js';

export type AppointmentLetterServices = Pick<Dependencies, 'appointmentNotices'>;

type Params = { appointmentId: string; letterId: string };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

export function appointmentLetterController({ appointmentNotices }: AppointmentLetterServices) {
  const show: Handler<{ Params: Params }> = async (request, reply) => {
    const { appointmentId, letterId } = request.params;
    const letter = await appointmentNotices.letter(activeServiceId(reply), appointmentId, letterId);
    if (letter === undefined) return notFound(reply);
    return reply.render('appointment-letters/letter.njk', {
      letter: appointmentLetterModel(letter),
      pdfHref: paths.appointments.letterPdf.build({ appointmentId, letterId }),
      backHref: paths.appointments.appointment.build({ appointmentId }),
    });
  };

  const pdf: Handler<{ Params: Params }> = async (request, reply) => {
    const { appointmentId, letterId } = request.params;
    const letter = await appointmentNotices.letter(activeServiceId(reply), appointmentId, letterId);
    if (letter === undefined) return notFound(reply);
    return sendPdf(reply, await appointmentNotices.pdf(letter));
  };

  return { show, pdf };
}
