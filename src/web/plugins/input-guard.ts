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

export const inputGuardPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (request) => {
    const problem = findUnsafe(request.query) ?? findUnsafe(request.body) ?? findUnsafe(request.params);
    if (problem !== null) throw new UnsafeInputError(`The request ${problem}.`);
  });
});
