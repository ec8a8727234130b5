/**
 * What a family is told about an appointment (docs/adr/0040): the letter when it is booked (one letter for every
 * session of one booking) or cancelled by the service, the reminders, and when a family's cancellation is late. Pure:
 * the use case gives it the appointment, the child's first name and the family's contact from the referral.
 *
 * Minimum necessary (hazard "message to the wrong person"): the words of a letter, an e-mail or a text message carry
 * the child's first name, what, when, where (the clinic's name and address, "your home", the school's name) and with
 * whom; never the child's surname, date of birth, NHS number or home address. The family's postal address appears
 * only in the address block of the family's own posted letter (never in the paragraphs, which are also the e-mail).
 */
import type { Letter } from '../letters/compose.js';
import { formatLongDate, londonDate } from '../shared/dates.js';
import { addDays, londonWallTime } from './london-time.js';

export type NoticePlace = 'clinic' | 'home' | 'school';

export interface NoticeSession {
  startsAt: string;
  endsAt: string;
  typeLabel: string;
  place: NoticePlace;
  /** The clinic's or the school's name; unused for a home visit. */
  placeName: string;
  /** The clinic's address (a public address); empty for home and school. */
  placeAddressLines: string[];
  clinicians: string[];
}

export interface NoticeFamily {
  /** The parent named on the referral (parent1Name); empty when none was. */
  parentName: string;
  email: string | null;
  /** The family's postal address, for the posted letter's address block only; empty when sealed or unknown. */
  addressLines: string[];
}

export interface NoticeService {
  serviceName: string;
  organisationName: string;
  telephone: string;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "Tuesday 9 March 2027" in London. */
export function londonDayText(instant: string): string {
  const wall = londonWallTime(new Date(instant));
  return `${WEEKDAYS[wall.weekday] ?? ''} ${formatLongDate(wall.date)}`;
}

/** "10:30am" from "10:30", "2:15pm" from "14:15". */
function clockText(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${String(hour)}:${String(m).padStart(2, '0')}${h < 12 ? 'am' : 'pm'}`;
}

/** "10:30am (GMT)": London's clocks at the instant, and which time they keep. */
export function londonTimeText(instant: string): string {
  const wall = londonWallTime(new Date(instant));
  return `${clockText(wall.time)} (${wall.zone})`;
}

/** "Tuesday 9 March 2027 at 10:30am (GMT)". */
export function whenText(startsAt: string): string {
  return `${londonDayText(startsAt)} at ${londonTimeText(startsAt)}`;
}

/** "Tuesday 9 March 2027, 10:30am to 11:30am (GMT)". */
function whenRangeText(session: NoticeSession): string {
  const start = londonWallTime(new Date(session.startsAt));
  const end = londonWallTime(new Date(session.endsAt));
  const zone = start.zone === end.zone ? ` (${start.zone})` : '';
  const from = start.zone === end.zone ? clockText(start.time) : londonTimeText(session.startsAt);
  const to = start.zone === end.zone ? clockText(end.time) : londonTimeText(session.endsAt);
  return `${londonDayText(session.startsAt)}, ${from} to ${to}${zone}`;
}

/** Where, as an e-mail or a text message may say it: the clinic's or school's name, or "your home". */
export function placeShort(session: Pick<NoticeSession, 'place' | 'placeName'>): string {
  if (session.place === 'home') return 'your home';
  return session.placeName.trim() === '' ? (session.place === 'school' ? 'school' : 'the clinic') : session.placeName;
}

/** Where, as the letter says it: a clinic with its address, "At your home", the school's name. */
function placeLong(session: NoticeSession): string {
  if (session.place === 'home') return 'At your home';
  if (session.place === 'school') return `At ${placeShort(session)}`;
  return [placeShort(session), ...session.placeAddressLines].join(', ');
}

function sessionParagraph(session: NoticeSession): string {
  return [
    `What: ${session.typeLabel}`,
    `When: ${whenRangeText(session)}`,
    `Where: ${placeLong(session)}`,
    ...(session.clinicians.length > 0 ? [`With: ${session.clinicians.join(' and ')}`] : []),
  ].join('\n');
}

const possessive = (name: string) => (name.endsWith('s') ? `${name}’` : `${name}’s`);

function letterFrame(
  family: NoticeFamily,
  service: NoticeService,
  today: string,
  subject: string,
  paragraphs: string[],
  posted: boolean,
): Letter {
  return {
    recipient: 'family',
    recipientName: family.parentName === '' ? 'The parent or carer' : family.parentName,
    email: family.email,
    // The family's own address, only on the letter posted to it.
    addressLines: posted ? family.addressLines : [],
    date: formatLongDate(today),
    subject,
    paragraphs,
    sender: service,
  };
}

export interface BookedLetterInput {
  firstName: string;
  sessions: readonly NoticeSession[];
  family: NoticeFamily;
  service: NoticeService;
  /** Today in London, an ISO date. */
  today: string;
  /** Sent by e-mail with a one-time link below it; otherwise posted, and the family telephones. */
  byEmail: boolean;
  lateCancellationHours: number;
}

/** The letter that tells a family about the appointments of one booking, in time order. */
export function bookedLetter(input: BookedLetterInput): Letter {
  const { firstName, service } = input;
  const sessions = [...input.sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const many = sessions.length > 1;
  const subject = many ? `Appointments for ${firstName}` : `Appointment for ${firstName}`;
  const reply = input.byEmail
    ? `Please tell us whether ${firstName} can come. Use the link in this email to confirm, to ask to cancel or to ask for another time. The link works once. You can also call us on ${service.telephone}.`
    : `Please call us on ${service.telephone} to confirm that ${firstName} can come, to cancel or to ask for another time.`;
  const notice =
    input.lateCancellationHours > 0
      ? `If ${firstName} cannot come, please tell us as soon as you can, and at least ${String(input.lateCancellationHours)} hours before, so that another child can have the appointment.`
      : `If ${firstName} cannot come, please tell us as soon as you can, so that another child can have the appointment.`;
  return letterFrame(
    input.family,
    service,
    input.today,
    subject,
    [
      many
        ? `We have booked ${String(sessions.length)} appointments for ${firstName} with ${service.serviceName}.`
        : `We have booked an appointment for ${firstName} with ${service.serviceName}.`,
      ...sessions.map(sessionParagraph),
      reply,
      notice,
    ],
    !input.byEmail,
  );
}

export interface CancelledLetterInput {
  firstName: string;
  session: NoticeSession;
  reason: string;
  family: NoticeFamily;
  service: NoticeService;
  today: string;
  byEmail: boolean;
}

/** The letter that tells a family the service has cancelled an appointment, and why. */
export function cancelledLetter(input: CancelledLetterInput): Letter {
  const { firstName, session, service } = input;
  return letterFrame(
    input.family,
    service,
    input.today,
    `Appointment cancelled for ${firstName}`,
    [
      `We are sorry, but we have had to cancel ${possessive(firstName)} appointment.`,
      sessionParagraph(session),
      `Why: ${input.reason.trim()}`,
      `We will contact you to arrange another appointment. If you have a question, please call us on ${service.telephone}.`,
    ],
    !input.byEmail,
  );
}

export const REMINDER_KINDS = ['email', 'sms'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * Whether a reminder of this kind is due now: from the London date `daysBefore` days before the appointment's London
 * date, until it starts; never with 0 days, and not for a booking made on or after that date (its letter is fresh).
 */
export function reminderDue(
  appointment: { startsAt: string; createdAt: string },
  now: Date,
  daysBefore: number,
): boolean {
  if (daysBefore <= 0) return false;
  const start = new Date(appointment.startsAt);
  if (now.getTime() >= start.getTime()) return false;
  const day = addDays(londonDate(start), -daysBefore);
  return londonDate(now) >= day && londonDate(new Date(appointment.createdAt)) < day;
}

/** What a reminder says, for the e-mail and the text message alike (templates appointment-reminder*). */
export function reminderPersonalisation(
  firstName: string,
  session: Pick<NoticeSession, 'startsAt' | 'place' | 'placeName'>,
  service: NoticeService,
): Record<'first_name' | 'when' | 'place' | 'service_name' | 'service_telephone', string> {
  return {
    first_name: firstName,
    when: whenText(session.startsAt),
    place: placeShort(session),
    service_name: service.serviceName,
    service_telephone: service.telephone,
  };
}

/** A family's cancellation with less notice than the service asks for. */
export function isLateCancellation(startsAt: string, now: Date, lateCancellationHours: number): boolean {
  return new Date(startsAt).getTime() - now.getTime() < lateCancellationHours * 3_600_000;
}

/** A mobile number from what a referral gave as the parent's telephone: digits only, or null. */
export function mobileOf(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/[\s\-()]/gu, '');
  return /^(?:07\d{9}|\+447\d{9}|447\d{9})$/u.test(digits) ? digits : null;
}

/** How long a family's appointment link works: until `daysAfter` days after the appointment ends. */
export function linkExpiry(endsAt: string, daysAfter: number): string {
  return new Date(new Date(endsAt).getTime() + daysAfter * 86_400_000).toISOString();
}
