/**
 * The rules for a new staff password (NCSC and NIST SP 800-63B): long enough, not too long to hash, not a common
 * password, and not made of the person's own details. No composition rules, and paste is allowed.
 */
import { codePointLength } from '../shared/text.js';
import { isCommonPassword } from './common-passwords.js';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = 'missing' | 'too-short' | 'too-long' | 'common' | 'personal' | 'repetitive';

export const PASSWORD_MESSAGES: Record<PasswordProblem, string> = {
  missing: 'Enter a password',
  'too-short': `Password must be ${String(PASSWORD_MIN_LENGTH)} characters or more`,
  'too-long': `Password must be ${String(PASSWORD_MAX_LENGTH)} characters or fewer`,
  common: 'Password is too common. Choose a password that would be hard to guess, such as 3 random words',
  personal: 'Password must not contain your name or email address',
  repetitive: 'Password must not be one character repeated or a simple sequence',
};

function isRepetitive(password: string): boolean {
  const chars = Array.from(password); // code points: enough to spot 'aaaaaaaa' or '12345678'
  if (new Set(chars).size <= 2) return true;
  const codes = chars.map((c) => c.codePointAt(0) ?? 0);
  const steps = new Set(codes.slice(1).map((c, i) => c - (codes[i] ?? 0)));
  return steps.size === 1 && [...steps].every((s) => Math.abs(s) === 1);
}

export function checkNewPassword(
  password: string,
  person: { email?: string; name?: string } = {},
): PasswordProblem | null {
  if (password.length === 0) return 'missing';
  const length = codePointLength(password);
  if (length < PASSWORD_MIN_LENGTH) return 'too-short';
  if (length > PASSWORD_MAX_LENGTH) return 'too-long';
  if (isRepetitive(password)) return 'repetitive';
  if (isCommonPassword(password)) return 'common';
  const lower = password.toLowerCase();
  const personal = [person.email?.split('@')[0], ...(person.name?.split(/\s+/u) ?? [])]
    .map((p) => p?.toLowerCase() ?? '')
    .filter((p) => p.length >= 4);
  if (personal.some((p) => lower.includes(p))) return 'personal';
  return null;
}
