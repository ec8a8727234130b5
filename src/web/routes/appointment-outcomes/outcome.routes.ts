/**
 * Recording what happened at an appointment for one child (issue 13 item 6): the page is an appointment viewed (it
 * names the child); the post records the outcome, audited by the use case with the outcome it replaced.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { outcomeController, type OutcomeServices } from './outcome.controller.js';

const VIEW = needs('appointments:outcome', {
  action: 'appointment.viewed',
  subjectType: 'appointment',
  subjectParam: 'appointmentId',
});
const RECORD = needs('appointments:outcome', {
  action: 'appointment.outcome-recorded',
  subjectType: 'appointment',
  subjectParam: 'appointmentId',
});

export function appointmentOutcomeRoutes(services: OutcomeServices) {
  const controller = outcomeController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.appointments.outcome.pattern, VIEW, controller.show),
      post(paths.appointments.outcome.pattern, RECORD, controller.record),
    ]);
  };
}
