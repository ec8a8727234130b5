/**
 * What an appointment's letters show: each letter with how it travelled, and one letter as it reads. Plain functions
 * of the stored letters; the templates only place what these give, escaped as text. The appointment page lists an
 * appointment's letters with `appointmentLetterRows`.
 */
import type { AppointmentLetterRecord } from '../../../services/care/appointment-notices.service.js';
import { formatDateTime } from '../../plugins/views.js';
import { paths } from '../../paths.js';
import { howSent } from '../letters/letters.view-models.js';

const KIND_LABELS: Record<string, string> = {
  booked: 'Appointment letter',
  cancelled: 'Cancellation letter',
};

const how = (l: AppointmentLetterRecord) =>
  howSent({ channel: l.channel, printedAt: l.printedAt, outboxStatus: l.outboxStatus } as Parameters<
    typeof howSent
  >[0]);

export function appointmentLetterRows(letters: readonly AppointmentLetterRecord[]) {
  return letters.map((l) => ({
    kind: KIND_LABELS[l.kind] ?? 'Letter',
    how: how(l),
    created: formatDateTime(l.createdAt),
    href: paths.appointments.letter.build({ appointmentId: l.appointmentId, letterId: l.id }),
    pdfHref: paths.appointments.letterPdf.build({ appointmentId: l.appointmentId, letterId: l.id }),
  }));
}

/** One letter as it reads: each paragraph as its lines, so line breaks show without any markup in the text. */
export function appointmentLetterModel(stored: AppointmentLetterRecord) {
  const { letter } = stored;
  return {
    kind: KIND_LABELS[stored.kind] ?? 'Letter',
    reference: stored.reference,
    how: how(stored),
    created: formatDateTime(stored.createdAt),
    from: [letter.sender.serviceName, letter.sender.organisationName, `Telephone: ${letter.sender.telephone}`],
    to: [letter.recipientName, ...letter.addressLines],
    date: letter.date,
    subject: letter.subject,
    paragraphs: letter.paragraphs.map((p) => p.split('\n')),
  };
}

/** The appointment letters to print: where each goes, or a warning when there is no address to print. */
export function appointmentPrintRows(letters: readonly AppointmentLetterRecord[], csrfToken: string) {
  return letters.map((l) => ({
    id: l.id,
    created: formatDateTime(l.createdAt),
    reference: l.reference,
    kind: KIND_LABELS[l.kind] ?? 'Letter',
    name: l.letter.recipientName,
    addressLines: l.letter.addressLines,
    pdfHref: paths.appointments.letterPdf.build({ appointmentId: l.appointmentId, letterId: l.id }),
    printedAction: paths.letters.appointmentLetterPrinted.build({ letterId: l.id }),
    csrfToken,
  }));
}
