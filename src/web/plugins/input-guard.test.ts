import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnsafeInputError, findUnsafe } from './input-guard.js';

const BAD_CHARACTERS = 'contains characters that are not allowed';
const BAD_KEY = 'has a field name that is not allowed';
const TOO_DEEP = 'nested too deeply';

/** A value wrapped in `levels` objects, built without recursion so a very deep one costs nothing to make. */
function nested(levels: number, inner: unknown = 'x', wrap: (v: unknown) => unknown = (v) => ({ a: v })): unknown {
  let value = inner;
  for (let i = 0; i < levels; i++) value = wrap(value);
  return value;
}

describe('findUnsafe', () => {
  it('passes ordinary form and JSON values', () => {
    expect(findUnsafe(undefined)).toBeNull();
    expect(findUnsafe(null)).toBeNull();
    expect(findUnsafe('Ada Lovelace 😀 محمد')).toBeNull();
    expect(findUnsafe(42)).toBeNull();
    expect(findUnsafe({ name: 'Ada', roles: ['admin', 'auditor'], version: 3, ok: true, none: null })).toBeNull();
  });

  it('finds NUL and lone surrogates in strings at any position in the structure', () => {
    expect(findUnsafe('a\u0000b')).toBe(BAD_CHARACTERS);
    expect(findUnsafe({ name: 'Ada\uD800' })).toBe(BAD_CHARACTERS);
    expect(findUnsafe({ roles: ['admin', 'x\uDC00'] })).toBe(BAD_CHARACTERS);
    expect(findUnsafe([[['ok'], ['\u0000']]])).toBe(BAD_CHARACTERS);
    expect(findUnsafe({ child: { address: { lines: ['1 High St', 'Flat\u0000 2'] } } })).toBe(BAD_CHARACTERS);
  });

  it('finds unsafe characters in keys', () => {
    expect(findUnsafe({ 'na\u0000me': 'Ada' })).toBe(BAD_KEY);
    expect(findUnsafe({ ok: { ['\uD800']: 1 } })).toBe(BAD_KEY);
  });

  it('finds __proto__ as an own key, as JSON.parse makes it', () => {
    const body: unknown = JSON.parse('{"name":"Ada","__proto__":{"isAdmin":true}}');
    expect(Object.keys(body as object)).toContain('__proto__');
    expect(findUnsafe(body)).toBe(BAD_KEY);
    expect(findUnsafe(JSON.parse('{"a":[{"b":{"__proto__":{}}}]}'))).toBe(BAD_KEY);
  });

  it.each(['constructor', 'prototype'])('finds %s as a key, however deep', (key) => {
    expect(findUnsafe({ [key]: 'x' })).toBe(BAD_KEY);
    expect(findUnsafe({ a: [{ b: { [key]: { c: 1 } } }] })).toBe(BAD_KEY);
  });

  it('allows keys that only contain a poison word', () => {
    expect(findUnsafe({ constructorName: 'x', my_prototype: 'y', proto: 'z' })).toBeNull();
  });

  it('allows 8 levels of nesting below the top and refuses a 9th', () => {
    expect(findUnsafe(nested(8))).toBeNull();
    expect(findUnsafe(nested(9))).toBe(TOO_DEEP);
    expect(findUnsafe(nested(8, 'x', (v) => [v]))).toBeNull();
    expect(findUnsafe(nested(9, 'x', (v) => [v]))).toBe(TOO_DEEP);
  });

  it('stops early on very deep nesting instead of overflowing the stack', () => {
    expect(findUnsafe(nested(100_000))).toBe(TOO_DEEP);
    expect(findUnsafe(nested(100_000, 'x', (v) => [v]))).toBe(TOO_DEEP);
  });

  it('passes any JSON value of well-formed text without poison keys within the depth limit', () => {
    const text = fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000'));
    const safeKey = text.filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', maxDepth: 6 },
        text,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value')),
        fc.dictionary(safeKey, tie('value')),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(findUnsafe(value)).toBeNull();
      }),
    );
  });
});

describe('UnsafeInputError', () => {
  it('answers 400 with a stable code', () => {
    const err = new UnsafeInputError('The request contains characters that are not allowed.');
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('OTWAY_UNSAFE_INPUT');
    expect(err.name).toBe('UnsafeInputError');
  });
});
