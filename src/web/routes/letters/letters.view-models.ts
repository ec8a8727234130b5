/**
 * What the letter pages show: a referral's letters with how each travelled, one letter as it reads, and the print
 * queue. Plain functions of the stored letters; the templates only place what these give, escaped as text.
 */
import type { FastifyReply } from 'fastify';
import type { LetterRecipient } from '../../../domain/letters/placeholders.js';
import type { LetterSummary, StoredLetter } from '../../../services/letters/decision-letters.service.js';
import { formatDateTime } from '../../plugins/views.js';
import { paths } from '../../paths.js';

export const RECIPIENT_LABELS: Record<LetterRecipient, string> = {
  referrer: 'The referrer',
  family: 'The family',
  gp: 'The GP',
};

/** The same, inside a sentence: "the letter to the GP". */
const RECIPIENTS_IN_A_SENTENCE: Record<LetterRecipient, string> = {
  referrer: 'the referrer',
  family: 'the family',
  gp: 'the GP',
};

/** How the letter travelled, and whether it has gone yet. */
export function howSent(letter: LetterSummary): string {
  if (letter.channel === 'print') {
    return letter.printedAt === null
      ? 'By post: waiting to be printed'
      : `By post: printed ${formatDateTime(letter.printedAt)}`;
  }
  switch (letter.outboxStatus) {
    case 'sent':
      return 'By email: sent';
    case 'dead':
      return 'By email: not sent (an administrator can try it again from Messages)';
    default:
      return 'By email: waiting to be sent';
  }
}

/** The Letters section of a referral's triage page. */
export function referralLetterRows(letters: readonly LetterSummary[]) {
  return letters.map((l) => ({
    recipient: RECIPIENT_LABELS[l.recipient],
    toWhom: RECIPIENTS_IN_A_SENTENCE[l.recipient],
    name: l.recipientName,
    how: howSent(l),
    created: formatDateTime(l.createdAt),
    href: paths.triage.letter.build({ referralId: l.referralId, letterId: l.id }),
    pdfHref: paths.triage.letterPdf.build({ referralId: l.referralId, letterId: l.id }),
  }));
}

/** One letter as it reads: each paragraph as its lines, so line breaks show without any markup in the text. */
export function letterModel(stored: StoredLetter) {
  const { letter } = stored;
  return {
    reference: stored.reference,
    recipient: RECIPIENT_LABELS[stored.recipient],
    toWhom: RECIPIENTS_IN_A_SENTENCE[stored.recipient],
    how: howSent(stored),
    created: formatDateTime(stored.createdAt),
    from: [letter.sender.serviceName, letter.sender.organisationName, `Telephone: ${letter.sender.telephone}`],
    to: [letter.recipientName, ...letter.addressLines],
    date: letter.date,
    subject: letter.subject,
    paragraphs: letter.paragraphs.map((p) => p.split('\n')),
  };
}

/** The print queue: each letter with where it goes, or a warning when there is no address to print. */
export function printQueueRows(letters: readonly StoredLetter[], csrfToken: string) {
  return letters.map((l) => ({
    id: l.id,
    created: formatDateTime(l.createdAt),
    reference: l.reference,
    recipient: RECIPIENT_LABELS[l.recipient],
    toWhom: RECIPIENTS_IN_A_SENTENCE[l.recipient],
    name: l.recipientName,
    addressLines: l.letter.addressLines,
    addressAsTyped: l.letter.addressAsTyped === true,
    pdfHref: paths.letters.printPdf.build({ letterId: l.id }),
    printedAction: paths.letters.printed.build({ letterId: l.id }),
    csrfToken,
  }));
}

/** Sends a letter's PDF as a download the browser may not run or sniff, named by reference and recipient only. */
export function sendPdf(reply: FastifyReply, file: { fileName: string; bytes: Buffer }) {
  return reply
    .header('Content-Type', 'application/pdf')
    .header('Content-Disposition', `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/gu, '_')}"`)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "sandbox; default-src 'none'")
    .header('Cache-Control', 'no-store')
    .send(file.bytes);
}
