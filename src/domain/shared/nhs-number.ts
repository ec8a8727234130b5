/**
 * NHS numbers: ten digits, the last a modulus 11 check digit over the first nine. People write them with spaces in
 * groups of three, three and four ("943 476 5919"); they are stored and compared as the ten digits alone.
 */
const TEN_DIGITS = /^[0-9]{10}$/u;
const NINE_DIGITS = /^[0-9]{9}$/u;

/** Spaces are how people group the digits, so they carry no meaning; anything else stays, and fails the check. */
const withoutSpaces = (text: string) => text.replace(/\s/gu, '');

/**
 * The check digit for the first nine digits, or null when there is none: the digits are weighted 10 down to 2, and
 * the check digit is 11 less the remainder of their sum divided by 11, where 11 becomes 0 and 10 means no NHS number
 * is ever issued with those nine digits.
 */
export function nhsNumberCheckDigit(firstNine: string): number | null {
  if (!NINE_DIGITS.test(firstNine)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return check === 11 ? 0 : check;
}

/** True for ten digits (spaces between them allowed) whose last digit is the right check digit. */
export function isValidNhsNumber(text: string): boolean {
  return normaliseNhsNumber(text) !== null;
}

/** The ten digits of a valid NHS number written with or without spaces, or null when it is not one. */
export function normaliseNhsNumber(text: string): string | null {
  const digits = withoutSpaces(text);
  if (!TEN_DIGITS.test(digits)) return null;
  return nhsNumberCheckDigit(digits.slice(0, 9)) === Number(digits[9]) ? digits : null;
}

/**
 * The number as people read it, "943 476 5919". Text that is not ten digits comes back as it was given (trimmed),
 * so a page never shows something other than what was entered.
 */
export function formatNhsNumber(text: string): string {
  const digits = withoutSpaces(text);
  if (!TEN_DIGITS.test(digits)) return text.trim();
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
