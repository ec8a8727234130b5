/**
 * Appointment letters to post (docs/adr/0040), for admin officers: the list (audited as the print queue is), each
 * letter's PDF from the appointment's letter route, and marking one printed (audited by the use case).
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { appointmentPrintController, type AppointmentPrintServices } from './appointment-print.controller.js';

const LIST = needs('letters:print', { action: 'letters.print-queue-viewed' });
const PRINTED = needs('letters:print', {
  action: 'appointment.letter-printed',
  subjectType: 'letter',
  subjectParam: 'letterId',
  byUseCase: true,
});

export function appointmentPrintRoutes(services: AppointmentPrintServices) {
  const controller = appointmentPrintController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.letters.appointmentLetters.pattern, LIST, controller.list),
      post(paths.letters.appointmentLetterPrinted.pattern, PRINTED, controller.printed),
    ]);
  };
}
