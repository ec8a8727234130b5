/**
 * The letters one triage decision sends (or the reminder sent when a requested reply is overdue): which recipients get
 * one, where each goes, and its words, filled from the referral. Pure: the use case gives it the referral, the decision
 * or reminder, and what the reference data says about the GP.
 *
 * What keeps a letter safe to send:
 * - its wording comes from the service definition, whose placeholders are checked at start-up against the short list
 *   in placeholders.ts, and each placeholder is filled from one known field: safeguarding details, the other parent's
 *   details and the clinician's override reason have no placeholder at all;
 * - a field marked sealed (an address not to disclose) is never written into a letter or used to send one, and the
 *   values of sealed and safeguarding fields are taken out of anything a clinician typed into the decision;
 * - every value is text: the HTML and the PDF are made from these strings by render.ts and the PDF writer.
 */
import type { AnswerValue, Answers } from '../forms/fields.js';
import type { ReferralAction } from '../referrals/lifecycle.js';
import type { ServiceDefinition } from '../service/definition.js';
import { formatLongDate } from '../shared/dates.js';
import { codePointLength } from '../shared/text.js';
import {
  fillPlaceholders,
  isLetterKind,
  LETTER_RECIPIENTS,
  placeholdersIn,
  type LetterKind,
  type LetterRecipient,
} from './placeholders.js';

export interface LetterPlace {
  name: string;
  addressLines: string[];
  /** The address is as the referrer typed it, not the publisher's: whoever posts the letter checks it first. */
  addressAsTyped?: boolean;
}

/**
 * A reminder that the reply to a request for more information is overdue: what was asked for, the date it was asked
 * (an ISO date, empty when not known) and the date the reply was due. Not a decision: the referral does not move.
 */
export interface ReplyReminder {
  type: 'reply-reminder';
  whatIsNeeded: string;
  replyBy: string;
  requestedOn: string;
}

/** What a letter is about: a decision, or a reminder. */
export type LetterOccasion = ReferralAction | ReplyReminder;

export interface LetterRecord {
  definition: ServiceDefinition;
  action: LetterOccasion;
  reference: string;
  child: { givenName: string; familyName: string; dateOfBirth: string };
  answers: Answers;
  /** Today's date in Europe/London, as an ISO date. */
  today: string;
  /**
   * The child's GP practice as the reference data has it, when it is known and open; or as the referrer typed it
   * (code '' when they did not know its ODS code); otherwise null.
   */
  gpPractice: (LetterPlace & { code: string }) | null;
  /** The practice or school the referrer named, as the reference data has it; otherwise null. */
  referrerPlace: LetterPlace | null;
  /** Answer fields not to disclose, such as a sealed address: never written into a letter, never used to send one. */
  sealed: ReadonlySet<string>;
}

export interface Letter {
  recipient: LetterRecipient;
  recipientName: string;
  /** Where it may be e-mailed; null when it can only be printed and posted. */
  email: string | null;
  /** The postal address under the name; empty when there is none to show. */
  addressLines: string[];
  /** True when the address is as the referrer typed it (a GP practice not in the reference data): check it first. */
  addressAsTyped?: boolean;
  /** Today, as people read it: "27 November 2026". */
  date: string;
  subject: string;
  /** Plain text; a paragraph may hold line breaks. */
  paragraphs: string[];
  sender: { serviceName: string; organisationName: string; telephone: string };
}

export interface ComposedLetters {
  letters: Letter[];
  /** Recipients the wording provides for who get no letter this time, with the reason. */
  skipped: { recipient: LetterRecipient; reason: string }[];
}

/** The child's address: sealing any part of it withholds all of it, since a town and postcode still say where. */
export const ADDRESS_FIELDS = ['childAddressLine1', 'childAddressLine2', 'childTown', 'childPostcode'] as const;
/** Never shown in a letter; their values are also taken out of anything typed into a decision. */
export const SAFEGUARDING_FIELDS = ['safeguardingDetails', 'safeguardingContact'] as const;
export const WITHHELD = '[withheld]';
/** Shorter values are too likely to be part of ordinary words to be taken out safely. */
const MIN_REDACTED_LENGTH = 4;

const PRIORITY_WORDS: Record<string, string> = { urgent: 'urgent', soon: 'soon', routine: 'routine' };
const SETTING_WORDS: Record<string, string> = { clinic: 'at one of our clinics', home: 'at home', school: 'at school' };

const answer = (answers: Answers, name: string): string => {
  const value: AnswerValue | undefined = answers[name];
  return typeof value === 'string' ? value.trim() : '';
};
const same = (a: string, b: string) =>
  a !== '' && a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();

/** What each placeholder says for this decision or reminder. Only these values can ever appear in a letter. */
function occasionValues(record: LetterRecord, kind: LetterKind): Record<string, string> {
  const { definition, action } = record;
  const common = {
    child_name: `${record.child.givenName} ${record.child.familyName}`,
    child_date_of_birth: formatLongDate(record.child.dateOfBirth),
    reference: record.reference,
    service_name: definition.serviceName,
    organisation_name: definition.organisation.name,
    service_telephone: definition.contact.telephone,
    today: formatLongDate(record.today),
  };
  if (action.type !== kind) throw new Error(`The ${action.type} decision has no ${kind} letters`);
  switch (action.type) {
    case 'accept':
      return {
        ...common,
        pathway: definition.pathways.find((p) => p.id === action.pathway)?.label ?? action.pathway,
        priority: PRIORITY_WORDS[action.priority] ?? action.priority,
        setting: SETTING_WORDS[action.setting] ?? action.setting,
      };
    case 'decline':
      return {
        ...common,
        reason: definition.triage.notAcceptedReasons.find((r) => r.code === action.reason)?.label ?? action.reason,
        signposting: action.signposting
          .map((name) => {
            const s = definition.signposting.find((x) => x.name === name);
            return s === undefined ? `• ${name}` : `• ${s.name} (${s.organisation}): ${s.url}`;
          })
          .join('\n'),
      };
    case 'redirect':
      return {
        ...common,
        redirected_to: definition.triage.redirectServices.find((r) => r.code === action.to)?.label ?? action.to,
        redirect_note: action.note,
      };
    case 'request-information':
      return { ...common, information_needed: action.whatIsNeeded, reply_by: formatLongDate(action.replyBy) };
    case 'give-advice':
      return { ...common, advice: action.advice };
    case 'reply-reminder':
      // A detail not known is empty, so the paragraph that names it is left out rather than printed half-empty.
      return {
        ...common,
        information_needed: action.whatIsNeeded,
        reply_by: formatLongDate(action.replyBy),
        requested_on: action.requestedOn === '' ? '' : formatLongDate(action.requestedOn),
      };
    default:
      throw new Error('This decision sends no letters');
  }
}

/** The values that must never be seen in a letter, longest first so that one inside another is taken out whole. */
function withheldValues(record: LetterRecord): string[] {
  const sealed = new Set(record.sealed);
  if (ADDRESS_FIELDS.some((f) => sealed.has(f))) for (const f of ADDRESS_FIELDS) sealed.add(f);
  const values = [...sealed, ...SAFEGUARDING_FIELDS]
    .map((name) => answer(record.answers, name))
    .filter((v) => codePointLength(v) >= MIN_REDACTED_LENGTH);
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

function redact(text: string, withheld: readonly string[]): string {
  let result = text;
  for (const value of withheld) {
    const lower = value.toLowerCase();
    let at = result.toLowerCase().indexOf(lower);
    while (at !== -1) {
      result = `${result.slice(0, at)}${WITHHELD}${result.slice(at + value.length)}`;
      at = result.toLowerCase().indexOf(lower, at + WITHHELD.length);
    }
  }
  return result;
}

/** Fills one piece of wording; a paragraph that names a detail this decision did not give is left out. */
function fillParagraphs(paragraphs: readonly string[], values: Record<string, string>): string[] {
  return paragraphs
    .filter((p) => placeholdersIn(p).every((name) => (values[name] ?? '') !== ''))
    .map((p) => fillPlaceholders(p, values));
}

/** The letters that ask the referrer to do something: a parent who referred must get the referrer's wording. */
const REFERRER_ACTS: readonly string[] = ['request-information', 'reply-reminder'];

interface Addressee {
  name: string;
  email: string | null;
  addressLines: string[];
  addressAsTyped?: boolean;
}

function addressees(record: LetterRecord): Partial<Record<LetterRecipient, Addressee | string>> {
  const { answers, sealed } = record;
  const shown = (name: string) => (sealed.has(name) ? '' : answer(answers, name));
  const addressSealed = ADDRESS_FIELDS.some((f) => sealed.has(f));
  const familyAddress = addressSealed
    ? []
    : ADDRESS_FIELDS.map((f) => answer(answers, f)).filter((line) => line !== '');
  const referrerName = shown('referrerName');
  const parentName = shown('parent1Name');
  const sharing = answers.consentSharing;
  const gp = record.gpPractice;
  return {
    referrer:
      referrerName === ''
        ? 'the referrer’s name is not known'
        : {
            name: referrerName,
            email: shown('referrerEmail') || null,
            addressLines:
              record.referrerPlace !== null
                ? [record.referrerPlace.name, ...record.referrerPlace.addressLines]
                : [shown('referrerOrganisation')].filter((l) => l !== ''),
          },
    family:
      parentName === ''
        ? 'no one with parental responsibility is named'
        : { name: parentName, email: shown('parent1Email') || null, addressLines: familyAddress },
    gp:
      gp === null
        ? 'the child’s GP practice is not known, or is not open'
        : !(Array.isArray(sharing) && sharing.includes('gp'))
          ? 'the family did not agree to share information with the GP'
          : {
              name: gp.name,
              email: null,
              addressLines: gp.addressLines,
              ...(gp.addressAsTyped === true && { addressAsTyped: true }),
            },
  };
}

/**
 * The letters a decision (or a reminder) sends, in the order referrer, family, GP. A decision without letters gives
 * none.
 */
export function composeLetters(record: LetterRecord): ComposedLetters {
  const kind = record.action.type;
  if (!isLetterKind(kind)) return { letters: [], skipped: [] };
  const wordings: Partial<Record<LetterRecipient, { subject: string; paragraphs: string[] }>> =
    record.definition.letters[kind];
  const values = occasionValues(record, kind);
  const withheld = withheldValues(record);
  const to = addressees(record);
  const letters: Letter[] = [];
  const skipped: ComposedLetters['skipped'] = [];
  const sender = {
    serviceName: record.definition.serviceName,
    organisationName: record.definition.organisation.name,
    telephone: record.definition.contact.telephone,
  };
  const family = to.family;
  const referrer = to.referrer;
  // A parent who referred their own child gets one letter about one decision, not two.
  const familyReferred =
    typeof referrer === 'object' &&
    typeof family === 'object' &&
    (same(referrer.name, family.name) || same(referrer.email ?? '', family.email ?? ''));
  // Which one: the family's, written for families; but when the referrer has something to do (send the information
  // asked for), the referrer's, which says what is needed, posted to the family's home.
  const referrerActs = REFERRER_ACTS.includes(kind) && wordings.referrer !== undefined;
  for (const recipient of LETTER_RECIPIENTS) {
    const wording = wordings[recipient];
    if (wording === undefined) continue;
    let addressee = to[recipient];
    if (addressee === undefined) continue;
    if (typeof addressee === 'string') {
      skipped.push({ recipient, reason: addressee });
      continue;
    }
    if (familyReferred && recipient === 'referrer' && !referrerActs && wordings.family !== undefined) {
      skipped.push({ recipient, reason: 'the referrer is the family, who get their own letter' });
      continue;
    }
    if (familyReferred && recipient === 'family' && referrerActs) {
      skipped.push({
        recipient,
        reason: 'the family referred, and get the referrer’s letter, which says what is needed',
      });
      continue;
    }
    if (familyReferred && recipient === 'referrer' && referrerActs) {
      addressee = { ...addressee, addressLines: typeof family === 'object' ? family.addressLines : [] };
    }
    // A GP who referred gets the referrer's letter; a second copy to the same practice would only confuse.
    if (
      recipient === 'gp' &&
      wordings.referrer !== undefined &&
      record.gpPractice !== null &&
      record.gpPractice.code !== '' &&
      answer(record.answers, 'referrerPractice') === record.gpPractice.code
    ) {
      skipped.push({ recipient, reason: 'the GP practice referred, and gets the referrer’s letter' });
      continue;
    }
    const filled = { ...values, recipient_name: addressee.name };
    letters.push({
      recipient,
      recipientName: redact(addressee.name, withheld),
      email: addressee.email,
      addressLines: addressee.addressLines.map((l) => redact(l, withheld)),
      ...(addressee.addressAsTyped === true && { addressAsTyped: true }),
      date: values.today ?? '',
      subject: redact(fillPlaceholders(wording.subject, filled), withheld),
      paragraphs: fillParagraphs(wording.paragraphs, filled).map((p) => redact(p, withheld)),
      sender,
    });
  }
  return { letters, skipped };
}
