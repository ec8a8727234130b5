/**
 * Advice and strategies (issue 14 item 6): the service's library of home and school programmes (the definition's
 * `record.advice`), given to the family or the school as a document and recorded on the child's record. Pure: what
 * may be given to whom, and the document's words; the PDF is drawn by the letters' renderer.
 */
import type { Letter } from '../letters/compose.js';
import type { AdviceAudience } from '../service/record-settings.js';
import { formatLongDate } from '../shared/dates.js';

export const ADVICE_RECIPIENTS = ['family', 'school'] as const;
export type AdviceRecipient = (typeof ADVICE_RECIPIENTS)[number];

export const RECIPIENT_LABELS: Record<AdviceRecipient, string> = { family: 'The family', school: 'The school' };

export interface AdviceProgramme {
  code: string;
  title: string;
  audience: AdviceAudience;
  difficulties: readonly string[];
  paragraphs: readonly string[];
}

/** Whether a programme is written for this recipient: home programmes for the family, school ones for the school. */
export function suitsRecipient(programme: AdviceProgramme, to: AdviceRecipient): boolean {
  return programme.audience === 'both' || (programme.audience === 'home') === (to === 'family');
}

export type AdviceChoice =
  | { ok: true; value: { programme: AdviceProgramme; to: AdviceRecipient } }
  | { ok: false; problems: { field: string; message: string }[] };

/** The programme and recipient a form chose, from the service's library. */
export function chooseAdvice(sent: Record<string, unknown>, library: readonly AdviceProgramme[]): AdviceChoice {
  const problems: { field: string; message: string }[] = [];
  const programme = library.find((p) => p.code === sent.programme);
  if (programme === undefined) problems.push({ field: 'programme', message: 'Select the advice to give' });
  const to = sent.to;
  const recipient = to === 'family' || to === 'school' ? to : undefined;
  if (recipient === undefined) problems.push({ field: 'to', message: 'Select who you are giving it to' });
  if (programme !== undefined && recipient !== undefined && !suitsRecipient(programme, recipient)) {
    problems.push({
      field: 'to',
      message:
        programme.audience === 'home'
          ? 'This advice is written for home: give it to the family'
          : 'This advice is written for school: give it to the school',
    });
  }
  if (problems.length > 0 || programme === undefined || recipient === undefined) return { ok: false, problems };
  return { ok: true, value: { programme, to: recipient } };
}

/**
 * The document given: the programme's own words under a heading naming the child by first name only (it may be
 * printed and left at a school), dated, from the service. No address: it is handed over or sent with a letter.
 */
export function adviceDocument(input: {
  programme: AdviceProgramme;
  to: AdviceRecipient;
  childGivenName: string;
  givenOn: string;
  sender: Letter['sender'];
}): Omit<Letter, 'recipient'> {
  const { programme, sender } = input;
  return {
    recipientName:
      input.to === 'family' ? `For ${input.childGivenName}'s family` : `For ${input.childGivenName}'s school`,
    email: null,
    addressLines: [],
    date: formatLongDate(input.givenOn),
    subject: programme.title,
    paragraphs: [
      ...programme.paragraphs,
      `If you have any questions about this advice, please call ${sender.serviceName} on ${sender.telephone}.`,
    ],
    sender,
  };
}
