/**
 * An appointment's letters (docs/adr/0040): the letter as it reads, and its PDF. Reading either is audited as
 * `appointment.letter-viewed` on the appointment.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, routes } from '../table.js';
import { appointmentLetterController, type AppointmentLetterServices } from './appointment-letters.controller.js';

const VIEW = needs('diary:read', {
  action: 'appointment.letter-viewed',
  subjectType: 'appointment',
  subjectParam: 'appointmentId',
});

export function appointmentLetterRoutes(services: AppointmentLetterServices) {
  const controller = appointmentLetterController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.appointments.letter.pattern, VIEW, controller.show),
      get(paths.appointments.letterPdf.pattern, VIEW, controller.pdf),
    ]);
  };
}
