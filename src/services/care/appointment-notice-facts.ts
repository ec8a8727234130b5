/**
 * From the stored appointment and referral to what a notice may say (src/domain/care/appointment-notice.ts): the
 * sessions, the child's first name, and the family's contact, taken only from the referral's parent contact
 * (parent1Name, parent1Email, parent1Phone) and the child's address. Shared by the letters, reminders and replies.
 */
import type { EpisodeFamily, NoticeAppointment } from '../../data/care/appointment-notices.repository.js';
import type { NoticeFamily, NoticeService, NoticeSession } from '../../domain/care/appointment-notice.js';
import { mobileOf } from '../../domain/care/appointment-notice.js';
import type { Answers } from '../../domain/forms/fields.js';
import { ADDRESS_FIELDS } from '../../domain/letters/compose.js';
import { isValidRecipient } from '../../domain/notifications/recipient.js';
import type { ServiceDefinition } from '../../domain/service/definition.js';

const text = (answers: Answers, name: string): string => {
  const value = answers[name];
  return typeof value === 'string' ? value.trim() : '';
};

export function answersOf(family: EpisodeFamily): Answers {
  try {
    const parsed: unknown = JSON.parse(family.answers);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Answers) : {};
  } catch {
    return {};
  }
}

function typedName(json: string | null): string {
  if (json === null) return '';
  try {
    const parsed = JSON.parse(json) as { name?: unknown };
    return typeof parsed.name === 'string' ? parsed.name : '';
  } catch {
    return '';
  }
}

export function noticeSession(
  definition: ServiceDefinition,
  appointment: NoticeAppointment,
  family?: EpisodeFamily,
): NoticeSession {
  const type = definition.care.appointments.types.find((t) => t.code === appointment.type);
  const placeName =
    appointment.place === 'clinic'
      ? (appointment.locationName ?? '')
      : appointment.place === 'school'
        ? (appointment.schoolName ?? typedName(family?.schoolTyped ?? null))
        : '';
  return {
    startsAt: appointment.startsAt,
    endsAt: appointment.endsAt,
    typeLabel: type?.label ?? 'Appointment',
    place: appointment.place,
    placeName,
    placeAddressLines: appointment.place === 'clinic' ? appointment.locationAddressLines : [],
    clinicians: appointment.clinicians,
  };
}

/**
 * The family's contact, from the referral: an e-mail address only when it is one, a mobile only when it is one, and
 * the child's postal address. The address goes only into the address block of the letter posted to it: the family's
 * own letter, the one place a sealed address may appear (src/domain/letters/compose.ts).
 */
export function noticeFamily(family: EpisodeFamily): NoticeFamily & { mobile: string | null } {
  const answers = answersOf(family);
  const email = text(answers, 'parent1Email');
  return {
    parentName: text(answers, 'parent1Name'),
    email: email !== '' && isValidRecipient('email', email) ? email : null,
    mobile: mobileOf(text(answers, 'parent1Phone') || null),
    addressLines: ADDRESS_FIELDS.map((f) => text(answers, f)).filter((l) => l !== ''),
  };
}

export function noticeService(definition: ServiceDefinition): NoticeService {
  return {
    serviceName: definition.serviceName,
    organisationName: definition.organisation.name,
    telephone: definition.contact.telephone,
  };
}

/** The child's first name: the given name the referral recorded, never more. */
export function firstNameOf(family: EpisodeFamily): string {
  const first = family.childGivenName.trim().split(/\s+/u)[0] ?? '';
  return first === '' ? 'your child' : first;
}
