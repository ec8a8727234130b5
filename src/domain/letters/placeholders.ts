/**
 * What a decision letter may say: the decisions that send letters, who receives them, and the `((placeholders))`
 * each decision's wording may use. A letter can only ever show what is named here, so nothing else about a referral
 * (safeguarding details, the other parent, answers about the child's needs) can find its way into one, whatever a
 * service definition's wording asks for: the definition is refused at start-up if it names anything else.
 */

/** The decisions that send letters. Recording that information arrived, and withdrawing, send none. */
export const LETTER_DECISIONS = ['accept', 'decline', 'redirect', 'request-information', 'give-advice'] as const;
export type LetterDecision = (typeof LETTER_DECISIONS)[number];

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

/** What each decision adds: the details the clinician chose or wrote. */
export const DECISION_PLACEHOLDERS = {
  accept: ['pathway', 'priority', 'setting'],
  decline: ['reason', 'signposting'],
  redirect: ['redirected_to', 'redirect_note'],
  'request-information': ['information_needed', 'reply_by'],
  'give-advice': ['advice'],
} as const satisfies Record<LetterDecision, readonly string[]>;

export type Placeholder = (typeof COMMON_PLACEHOLDERS)[number] | (typeof DECISION_PLACEHOLDERS)[LetterDecision][number];

const PLACEHOLDER = /\(\(([^()]*)\)\)/gu;

/** The placeholders a piece of wording names, in order of first use (including ones that are not allowed). */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

export function placeholdersFor(decision: LetterDecision): readonly string[] {
  return [...COMMON_PLACEHOLDERS, ...DECISION_PLACEHOLDERS[decision]];
}

export function isLetterDecision(value: string): value is LetterDecision {
  return (LETTER_DECISIONS as readonly string[]).includes(value);
}

/** Fills `((placeholder))` with its value in one pass, so a value that itself looks like a placeholder stays as typed. */
export function fillPlaceholders(text: string, values: Readonly<Partial<Record<string, string>>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for the placeholder ((${name}))`);
    return value;
  });
}
