/**
 * The words of a discharge summary letter (issue 14 item 8), to the family, the GP or the school: who was discharged
 * and when, the reason, the clinician's summary and, for the family, until when they may refer again directly. The
 * same `Letter` parts as the triage letters (src/domain/letters/compose.ts), so that the letter pipeline draws its
 * HTML, its e-mail text and its PDF, with its party (family, GP, school) as the recipient. Only the family's letter
 * carries the child's postal address (the address block of the letter posted to them); the GP's and school's carry
 * the child's name and date of birth, as a clinical letter must. Pure.
 */
import type { Letter } from '../letters/compose.js';
import { formatLongDate } from '../shared/dates.js';
import type { LetterParty } from './discharge.js';

export interface DischargeLetter extends Omit<Letter, 'recipient'> {
  recipient: LetterParty;
}

export interface DischargeLetterInput {
  to: LetterParty;
  name: string;
  addressLines: readonly string[];
  addressAsTyped?: boolean;
  /** The family's e-mail address, when there is a usable one; null for the GP and the school. */
  email: string | null;
  child: { givenName: string; familyName: string; dateOfBirth: string; nhsNumber: string | null };
  reasonLabel: string;
  summary: string;
  dischargedOn: string;
  reReferralUntil: string;
  today: string;
  sender: Letter['sender'];
}

const SALUTATIONS: Record<LetterParty, (name: string) => string> = {
  family: (name) => `Dear ${name}`,
  gp: () => 'Dear Doctor',
  school: () => 'Dear Special Educational Needs Co-ordinator',
};

/** One party's discharge summary letter. */
export function dischargeLetter(input: DischargeLetterInput): DischargeLetter {
  const { child, sender } = input;
  const childName = `${child.givenName} ${child.familyName}`;
  const about = [
    `${childName}, born ${formatLongDate(child.dateOfBirth)}`,
    ...(child.nhsNumber !== null && input.to !== 'family' ? [`NHS number ${child.nhsNumber}`] : []),
  ].join('\n');
  const paragraphs = [
    SALUTATIONS[input.to](input.name),
    about,
    input.to === 'family'
      ? `${child.givenName} has been discharged from ${sender.serviceName} on ${formatLongDate(input.dischargedOn)}.`
      : `We have discharged ${child.givenName} from ${sender.serviceName} on ${formatLongDate(input.dischargedOn)}.`,
    `Reason for discharge: ${input.reasonLabel}.`,
    `Summary:\n${input.summary}`,
    input.to === 'family'
      ? `If you have new concerns, you may refer ${child.givenName} to us again yourself until ` +
        `${formatLongDate(input.reReferralUntil)}. After that date, please ask your GP, health visitor or school to ` +
        'refer.'
      : `${child.givenName}'s parent or carer may refer again directly until ${formatLongDate(input.reReferralUntil)}.`,
    `If you have any questions, please call us on ${sender.telephone}.`,
    `Yours sincerely\n${sender.serviceName}\n${sender.organisationName}`,
  ];
  return {
    recipient: input.to,
    recipientName: input.name,
    email: input.email,
    addressLines: [...input.addressLines],
    ...(input.addressAsTyped === true && { addressAsTyped: true }),
    date: formatLongDate(input.today),
    subject: `Discharge from ${sender.serviceName}: ${childName}`,
    paragraphs,
    sender,
  };
}
