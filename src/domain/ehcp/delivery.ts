/**
 * Sending the signed EHCP advice (issue 15 item 5): the send form's fields and what they mean, who the family's copy
 * goes to (the person with parental responsibility named on the child's latest referral) and how, and the name the
 * PDF travels under. Pure: the use case reads the request, the advice and the record, and writes what this decides.
 *
 * The authority gets the advice by e-mail (to its contact, prefilled from the request and editable) or by post (to the
 * address typed here). The family's copy, when the authority's process expects one, goes by e-mail when the record
 * holds a usable address, and otherwise by post to the family's own address, which is read from the record when the
 * print list is drawn and never copied into the delivery (it may be sealed).
 */
import { parseField, versionField, type Answers, type Field, type FieldProblem, sentNamesOf } from '../forms/fields.js';
import { isValidRecipient } from '../notifications/recipient.js';

export const DELIVERY_METHODS = ['email', 'post'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const DELIVERY_RECIPIENTS = ['authority', 'family'] as const;
export type DeliveryRecipient = (typeof DELIVERY_RECIPIENTS)[number];

export const SEND_FIELDS = {
  authorityMethod: {
    kind: 'radios',
    name: 'authorityMethod',
    label: 'How should the advice go to the local authority?',
    missing: 'Select how the advice should go to the local authority',
    options: [
      { value: 'email', text: 'By email, as a download link', hint: 'They confirm their email address to open it' },
      { value: 'post', text: 'By post', hint: 'It goes on the print list for an admin officer to print and post' },
    ],
  },
  authorityEmail: {
    kind: 'email',
    name: 'authorityEmail',
    label: 'The local authority’s email address',
    hint: 'From the request. Change it if the authority asked for the advice to go to another address.',
    missing: 'Enter the local authority’s email address',
    optional: true,
  },
  addressLine1: {
    kind: 'text',
    name: 'addressLine1',
    label: 'Address line 1',
    missing: 'Enter the first line of the local authority’s address',
    max: 100,
    optional: true,
    autocomplete: 'address-line1',
  },
  addressLine2: {
    kind: 'text',
    name: 'addressLine2',
    label: 'Address line 2 (optional)',
    missing: 'Enter the second line of the address',
    max: 100,
    optional: true,
    autocomplete: 'address-line2',
  },
  town: {
    kind: 'text',
    name: 'town',
    label: 'Town or city',
    missing: 'Enter the town or city of the local authority’s address',
    max: 60,
    optional: true,
    width: 'two-thirds',
    autocomplete: 'address-level2',
  },
  postcode: {
    kind: 'postcode',
    name: 'postcode',
    label: 'Postcode',
    missing: 'Enter the postcode of the local authority’s address',
    optional: true,
  },
  familyCopy: {
    kind: 'checkboxes',
    name: 'familyCopy',
    label: 'The family’s copy',
    missing: 'Select whether to send the family’s copy',
    optional: true,
    options: [{ value: 'yes', text: 'Send the family their copy too' }],
  },
  version: versionField,
} as const satisfies Record<string, Field>;

/** The form's fields in page order. */
export const SEND_FIELD_LIST: readonly Field[] = Object.values(SEND_FIELDS);
/** Every name the form may send (CSRF aside). */
export const SEND_NAMES: readonly string[] = sentNamesOf(SEND_FIELD_LIST);

export interface PostalAddress {
  lines: string[];
  postcode: string;
}

export type AuthorityDelivery = { method: 'email'; email: string } | { method: 'post'; address: PostalAddress };

export interface SendChoice {
  authority: AuthorityDelivery;
  familyCopy: boolean;
  /** The request's version the page was drawn at. */
  version: number;
}

export const NOT_AN_EMAIL = 'Enter an email address in the correct format, like name@leicester.gov.uk';

const valueOf = (parsed: ReturnType<typeof parseField>): string | null =>
  'message' in parsed || typeof parsed.value !== 'string' ? null : parsed.value;

/**
 * The send form as sent: how the authority gets the advice (with its e-mail address, or its postal address), whether
 * the family's copy goes too (only where it is offered), and the version; or every problem at once.
 */
export function parseSendForm(
  sent: Record<string, unknown>,
  options: { familyCopyOffered: boolean },
): { ok: true; value: SendChoice } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const field = (f: Field, required: boolean): string | null => {
    const parsed = parseField(required ? { ...f, optional: false } : f, sent, '');
    if ('message' in parsed) {
      problems.push(parsed);
      return null;
    }
    return valueOf(parsed);
  };
  const method = field(SEND_FIELDS.authorityMethod, true);
  let authority: AuthorityDelivery | null = null;
  if (method === 'email') {
    const email = field(SEND_FIELDS.authorityEmail, true);
    if (email !== null && !isValidRecipient('email', email)) {
      problems.push({ field: SEND_FIELDS.authorityEmail.name, message: NOT_AN_EMAIL });
    } else if (email !== null) {
      authority = { method: 'email', email };
    }
  } else if (method === 'post') {
    const line1 = field(SEND_FIELDS.addressLine1, true);
    const line2 = field(SEND_FIELDS.addressLine2, false);
    const town = field(SEND_FIELDS.town, true);
    const postcode = field(SEND_FIELDS.postcode, true);
    if (line1 !== null && town !== null && postcode !== null) {
      authority = {
        method: 'post',
        address: { lines: [line1, line2, town].filter((l): l is string => l !== null), postcode },
      };
    }
  }
  const familyParsed = parseField(SEND_FIELDS.familyCopy, sent, '');
  if ('message' in familyParsed) problems.push(familyParsed);
  const familyCopy =
    options.familyCopyOffered &&
    !('message' in familyParsed) &&
    Array.isArray(familyParsed.value) &&
    familyParsed.value.includes('yes');
  const version = parseField(SEND_FIELDS.version, sent, '');
  if ('message' in version) problems.push(version);
  if (problems.length > 0 || authority === null || 'message' in version) {
    return {
      ok: false,
      problems: problems.length > 0 ? problems : [{ field: 'authorityMethod', message: 'Try again' }],
    };
  }
  return { ok: true, value: { authority, familyCopy, version: Number(version.value) } };
}

/** The family's copy's addressee: the person with parental responsibility, and how their copy can go. */
export interface FamilyAddressee {
  name: string;
  /** A usable e-mail address, or null: the copy then goes by post. */
  email: string | null;
  method: DeliveryMethod;
}

const text = (answers: Answers, name: string): string => {
  const value = answers[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** The referral's answers (JSON text) as answers; nothing when they cannot be read. */
export function answersOf(json: string | null): Answers {
  if (json === null) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Answers) : {};
  } catch {
    return {};
  }
}

/**
 * Who gets the family's copy, as the discharge letters find the family (src/services/record/discharge-plan.ts):
 * the first person with parental responsibility on the child's latest referral, by e-mail when their address is
 * usable, else by post; when no one is named, "the parent or carer of" the child, by post.
 */
export function familyAddressee(answers: Answers, child: { givenName: string; familyName: string }): FamilyAddressee {
  const name = text(answers, 'parent1Name');
  const email = text(answers, 'parent1Email');
  const usable = email !== '' && isValidRecipient('email', email) ? email : null;
  return {
    name: name === '' ? `The parent or carer of ${child.givenName} ${child.familyName}` : name,
    email: usable,
    method: usable === null ? 'post' : 'email',
  };
}

/** The name the PDF travels under: the date it was signed, never anyone's name. */
export function adviceFileName(signedOn: string): string {
  return `ehcp-health-advice-${signedOn}.pdf`;
}

/** A postal address kept as JSON text with a delivery, read back; null when there is none or it cannot be read. */
export function addressOf(json: string | null): PostalAddress | null {
  if (json === null) return null;
  try {
    const parsed = JSON.parse(json) as { lines?: unknown; postcode?: unknown };
    if (!Array.isArray(parsed.lines) || typeof parsed.postcode !== 'string') return null;
    return { lines: parsed.lines.filter((l): l is string => typeof l === 'string'), postcode: parsed.postcode };
  } catch {
    return null;
  }
}

/** The child's initials, as the authority's e-mail names the child ("A B"). */
const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function initialsOf(givenName: string, familyName: string): string {
  // The first character as a person sees it: an accent stays with its letter.
  const first = (name: string) =>
    (GRAPHEMES.segment(name.trim())[Symbol.iterator]().next().value?.segment ?? '').toUpperCase();
  return [first(givenName), first(familyName)].filter((i) => i !== '').join(' ');
}
