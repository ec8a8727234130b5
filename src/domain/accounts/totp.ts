/**
 * One-time codes from an authenticator app: HOTP (RFC 4226) and TOTP over it (RFC 6238) with SHA-1, 6 digits and
 * 30-second steps, as every common app does by default. A code is accepted in the step it was made for or one step
 * either side (clocks drift); the step it matched is returned so that the caller can refuse a second use of it.
 */
import { base32Encode } from './base32.js';
import { hmacSha1 } from './totp-hmac.js';

export const TOTP_DIGITS = 6;
export const TOTP_STEP_SECONDS = 30;
/** Steps either side of now that are still accepted. */
export const TOTP_WINDOW = 1;
/** 160 bits: the length RFC 4226 recommends for a shared secret. */
export const TOTP_SECRET_BYTES = 20;

/** The HOTP value of a key and a counter, as a zero-padded decimal string. */
export function hotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = new Uint8Array(8);
  const view = new DataView(message.buffer);
  view.setUint32(0, Math.floor(counter / 0x1_0000_0000));
  view.setUint32(4, counter >>> 0);
  const mac = hmacSha1(key, message);
  const offset = (mac[19] ?? 0) & 0x0f;
  const binary =
    (((mac[offset] ?? 0) & 0x7f) << 24) |
    ((mac[offset + 1] ?? 0) << 16) |
    ((mac[offset + 2] ?? 0) << 8) |
    (mac[offset + 3] ?? 0);
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step an instant falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
}

export function totpAt(key: Uint8Array, at: Date, digits = TOTP_DIGITS): string {
  return hotp(key, totpStep(at), digits);
}

/** Whether a typed code has the shape of a TOTP code (spaces allowed, as apps show "123 456"). */
export function looksLikeTotp(typed: string): boolean {
  return /^\d{6}$/u.test(typed.replace(/\s/gu, ''));
}

/**
 * The step a code matches within the window around `at`, or null. Steps at or before `lastUsedStep` are not
 * accepted: a code, once used, cannot be used again, nor can an older one.
 */
export function verifyTotp(key: Uint8Array, typed: string, at: Date, lastUsedStep: number | null): number | null {
  const code = typed.replace(/\s/gu, '');
  if (!/^\d{6}$/u.test(code)) return null;
  const now = totpStep(at);
  let matched: number | null = null;
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    // Every step is computed, so that the time taken says nothing about which one matched.
    if (constantTimeEqual(hotp(key, step), code) && matched === null) matched = step;
  }
  if (matched === null || (lastUsedStep !== null && matched <= lastUsedStep)) return null;
  return matched;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The `otpauth://` address an authenticator app reads from the QR code: the issuer and the account's address, and
 * the secret in base32.
 */
export function otpauthUri(secret: Uint8Array, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret: base32Encode(secret),
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/** A secret written in groups of four for typing into an app by hand. */
export function groupedSecret(secret: Uint8Array): string {
  return base32Encode(secret).replace(/(.{4})(?=.)/gu, '$1 ');
}
