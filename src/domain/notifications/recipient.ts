/**
 * Recipients: checking that an address suits its channel, and masking it for the admin pages, which need to tell
 * messages apart but not to show whom a child's family is.
 */
import { isValidEmail } from '../accounts/email.js';
import type { Channel } from './message.js';

/** A UK mobile number, as Notify accepts it: 07..., 447... or +447..., with spaces, dashes or brackets anywhere. */
const UK_MOBILE = /^(?:\+?44|0)7\d{9}$/u;

const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

function digitsOf(phone: string): string {
  return phone.replace(/[\s()-]/gu, '');
}

export function isValidRecipient(channel: Channel, recipient: string): boolean {
  return channel === 'email' ? isValidEmail(recipient) : UK_MOBILE.test(digitsOf(recipient));
}

/** `jane@example.com` becomes `j***@example.com`; `07700 900123` becomes `07*** ***123`. */
export function maskRecipient(channel: Channel, recipient: string): string {
  if (channel === 'email') {
    const at = recipient.lastIndexOf('@');
    if (at <= 0) return '***';
    // The first character as a person sees it (an accent stays with its letter).
    const first = GRAPHEMES.segment(recipient.slice(0, at))[Symbol.iterator]().next().value?.segment ?? '';
    return `${first}***${recipient.slice(at)}`;
  }
  const digits = recipient.replace(/\D/gu, '');
  const national = digits.startsWith('44') ? `0${digits.slice(2)}` : digits;
  if (national.length < 6) return '***';
  return `${national.slice(0, 2)}*** ***${national.slice(-3)}`;
}
