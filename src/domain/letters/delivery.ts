/**
 * How a letter travels: by e-mail through the outbox when its recipient has a usable address and the letter fits in
 * one e-mail's personalisation, otherwise printed and posted by an admin officer from the print queue. A GP has no
 * e-mail address here yet, so the GP's copy is always printed.
 */
import { isValidRecipient } from '../notifications/recipient.js';
import { MAX_FIELD_LENGTH } from '../notifications/validate.js';
import { codePointLength } from '../shared/text.js';
import type { Letter } from './compose.js';
import { letterText } from './render.js';

export const LETTER_CHANNELS = ['email', 'print'] as const;
export type LetterChannel = (typeof LETTER_CHANNELS)[number];

export function deliveryOf(letter: Omit<Letter, 'recipient'>): { channel: 'email'; to: string } | { channel: 'print' } {
  const to = letter.email?.trim() ?? '';
  const fits =
    codePointLength(letterText(letter)) <= MAX_FIELD_LENGTH && codePointLength(letter.subject) <= MAX_FIELD_LENGTH;
  // A letter too long for one e-mail (long advice, say) is posted whole rather than cut.
  return to !== '' && isValidRecipient('email', to) && fits ? { channel: 'email', to } : { channel: 'print' };
}
