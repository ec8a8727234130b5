/**
 * The day a child's wait counts from: the day the referral was received, moved on by the calendar days the triage
 * clock was paused while the service waited for more information (from each request to the information's arrival).
 * The days waited before and after a pause count; the pause does not.
 */
import { londonDate } from '../shared/dates.js';
import { addDays, daysBetween } from './london-time.js';

export interface ClockEvent {
  occurredAt: string;
  action: string;
}

export function waitStartsOn(receivedOn: string, events: readonly ClockEvent[]): string {
  const ordered = [...events].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  let pausedDays = 0;
  let pausedOn: string | null = null;
  for (const e of ordered) {
    const day = londonDate(new Date(e.occurredAt));
    if (e.action === 'request-information' && pausedOn === null) pausedOn = day;
    if (e.action === 'information-received' && pausedOn !== null) {
      pausedDays += Math.max(0, daysBetween(pausedOn, day));
      pausedOn = null;
    }
  }
  return addDays(receivedOn, pausedDays);
}
