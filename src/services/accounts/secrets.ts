/**
 * Random tokens and the hashes under which they are stored.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits, URL-safe: for one-time links. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** 128 bits, URL-safe: for session ids. */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function hmac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
