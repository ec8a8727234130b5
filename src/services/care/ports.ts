/**
 * What the booking use cases tell the family-notice use cases (appointment letters, reminders, one-time reply links),
 * inside the booking's own transaction, so that a booking and its letter commit together or not at all.
 */
import type { Executor } from '../../data/executor.js';
import type { RequestContext } from '../shared/context.js';

export interface AppointmentNotices {
  /** Appointments just booked (one, or each of a recurring block; a child added to a group): the letter to write. */
  booked(
    trx: Executor,
    ctx: RequestContext,
    serviceId: string,
    bookings: readonly { appointmentId: string; episodeId: string }[],
  ): Promise<void>;
  /** The service cancelled (or moved) an appointment for a child: the family is told, with the reason. */
  cancelledByService(
    trx: Executor,
    ctx: RequestContext,
    serviceId: string,
    booking: { appointmentId: string; episodeId: string },
    reason: string,
  ): Promise<void>;
}
