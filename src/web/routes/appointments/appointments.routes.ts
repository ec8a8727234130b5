/**
 * Booking and the appointment page (docs/adr/0037). Choosing what to book reads nothing about the child beyond the
 * referral's reference; searching slots, booking, viewing, cancelling and adding a child are audited.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs, type RouteAccess } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { appointmentController, type AppointmentServices } from './appointment.controller.js';
import { bookingController, type BookingServices } from './booking.controller.js';

const episode = { subjectType: 'episode', subjectParam: 'episodeId' } as const;
const appointment = { subjectType: 'appointment', subjectParam: 'appointmentId' } as const;

const CHOOSE: RouteAccess = { access: { kind: 'permission', permission: 'appointments:book' }, audit: false };
const SLOTS = needs('appointments:book', { action: 'appointment.slots-searched', ...episode });
const BOOK = needs('appointments:book', { action: 'appointment.booked', ...episode, byUseCase: true });
const VIEW = needs('diary:read', { action: 'appointment.viewed', ...appointment });
const CANCEL = needs('appointments:cancel', { action: 'appointment.cancelled', ...appointment, byUseCase: true });
const ADD_CHILD = needs('appointments:book', { action: 'appointment.booked', ...appointment, byUseCase: true });

export function appointmentRoutes(services: BookingServices & AppointmentServices) {
  const booking = bookingController(services);
  const page = appointmentController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.appointments.book.pattern, CHOOSE, booking.book),
      get(paths.appointments.slots.pattern, SLOTS, booking.slots),
      post(paths.appointments.confirm.pattern, BOOK, booking.confirm),
      get(paths.appointments.appointment.pattern, VIEW, page.show),
      post(paths.appointments.cancel.pattern, CANCEL, page.cancel),
      post(paths.appointments.addChild.pattern, ADD_CHILD, page.addChild),
    ]);
  };
}
