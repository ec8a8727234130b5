/**
 * Text rules applied to everything people type, before it reaches a rule or a database.
 */

/**
 * NUL, and UTF-16 surrogates that are not part of a pair. With the `u` flag a well-formed pair reads as one code
 * point, so any surrogate (`\p{Cs}`) that matches is a lone one.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE = /\u0000|\p{Cs}/u;

export function hasUnsafeCharacters(value: string): boolean {
  return UNSAFE.test(value);
}

/** Bidirectional control characters, which can make text display differently from what it says. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;

/**
 * Removes bidirectional controls, normalises to NFC and trims. The controls go first: removing one that sat between a
 * letter and its accent brings them together, and only normalising afterwards composes them.
 */
export function cleanText(value: string): string {
  return value.replace(BIDI_CONTROLS, '').normalize('NFC').trim();
}

/** Length in Unicode code points, so an emoji counts once and nothing is cut mid-character. */
export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}
