/**
 * What a letter may say: the kinds of letter (one for each decision that sends letters, and the reminder when a reply
 * is overdue), who receives them, and the `((placeholders))` each kind's wording may use. A letter can only ever show
 * what is named here, so nothing else about a referral (safeguarding details, the other parent, answers about the
 * child's needs) can find its way into one, whatever a service definition's wording asks for: the definition is
 * refused at start-up if it names anything else.
 */

/** The decisions that send letters. Recording that information arrived, and withdrawing, send none. */
export const LETTER_DECISIONS = ['accept', 'decline', 'redirect', 'request-information', 'give-advice'] as const;
export type LetterDecision = (typeof LETTER_DECISIONS)[number];

/**
 * Every kind of letter a service definition words: the decisions' letters, and the reminder sent to the referrer when
 * the reply to a request for more information is overdue (not a decision: the referral does not move).
 */
export const LETTER_KINDS = [...LETTER_DECISIONS, 'reply-reminder'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** Who a letter is for: the person who referred, the family (the first person with parental responsibility), the GP. */
export const LETTER_RECIPIENTS = ['referrer', 'family', 'gp'] as const;
export type LetterRecipient = (typeof LETTER_RECIPIENTS)[number];

/** Every letter may use these. */
export const COMMON_PLACEHOLDERS = [
  'recipient_name',
  'child_name',
  'child_date_of_birth',
  'reference',
  'service_name',
  'organisation_name',
  'service_telephone',
  'today',
] as const;

/**
 * What each kind of letter adds: for a decision, the details the clinician chose or wrote; for the reminder, what was
 * asked for, the date it was asked (`requested_on`) and the date the reply was due.
 */
export const KIND_PLACEHOLDERS = {
  accept: ['pathway', 'priority', 'setting'],
  decline: ['reason', 'signposting'],
  redirect: ['redirected_to', 'redirect_note'],
  'request-information': ['information_needed', 'reply_by'],
  'give-advice': ['advice'],
  'reply-reminder': ['information_needed', 'reply_by', 'requested_on'],
} as const satisfies Record<LetterKind, readonly string[]>;

export type Placeholder = (typeof COMMON_PLACEHOLDERS)[number] | (typeof KIND_PLACEHOLDERS)[LetterKind][number];

const PLACEHOLDER = /\(\(([^()]*)\)\)/gu;

/** The placeholders a piece of wording names, in order of first use (including ones that are not allowed). */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

export function placeholdersFor(kind: LetterKind): readonly string[] {
  return [...COMMON_PLACEHOLDERS, ...KIND_PLACEHOLDERS[kind]];
}

export function isLetterKind(value: string): value is LetterKind {
  return (LETTER_KINDS as readonly string[]).includes(value);
}

/** Fills `((placeholder))` with its value in one pass, so a value that itself looks like a placeholder stays as typed. */
export function fillPlaceholders(text: string, values: Readonly<Partial<Record<string, string>>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for the placeholder ((${name}))`);
    return value;
  });
}
