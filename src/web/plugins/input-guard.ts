/**
 * Refuses, before any handler or database sees them, request values that no person types: NUL bytes, lone UTF-16
 * surrogates, and keys that would poison an object's prototype. (PostgreSQL rejects NUL with a 500 otherwise.)
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasUnsafeCharacters } from '../../domain/shared/text.js';

const POISON_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 8;

export class UnsafeInputError extends Error {
  override name = 'UnsafeInputError';
  readonly statusCode = 400;
  readonly code = 'OTWAY_UNSAFE_INPUT';
}

export function findUnsafe(value: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH) return 'nested too deeply';
  if (typeof value === 'string') return hasUnsafeCharacters(value) ? 'contains characters that are not allowed' : null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnsafe(item, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (POISON_KEYS.has(key) || hasUnsafeCharacters(key)) return 'has a field name that is not allowed';
      const found = findUnsafe(item, depth + 1);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * Parses an `application/x-www-form-urlencoded` body strictly. A percent-encoded sequence that is not UTF-8 (an
 * encoded lone surrogate such as `%ED%A0%80`, an overlong form, a stray byte) is refused with 400, where the lenient
 * default parser would keep it as literal text for the form to store. A name sent twice becomes an array, as
 * browsers send checkboxes. The object has no prototype, so `__proto__` stays an ordinary key for the guard to refuse.
 */
export function parseFormBody(body: string): Record<string, string | string[]> {
  const fields = Object.create(null) as Record<string, string | string[]>;
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = decodeFormComponent(at === -1 ? pair : pair.slice(0, at));
    const value = at === -1 ? '' : decodeFormComponent(pair.slice(at + 1));
    const earlier = fields[name];
    if (earlier === undefined) fields[name] = value;
    else if (Array.isArray(earlier)) earlier.push(value);
    else fields[name] = [earlier, value];
  }
  return fields;
}

function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    throw new UnsafeInputError('The request is not correctly encoded.');
  }
}

export const inputGuardPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    const problem = findUnsafe(request.query) ?? findUnsafe(request.body) ?? findUnsafe(request.params);
    if (problem !== null) throw new UnsafeInputError(`The request ${problem}.`);
  });
});
