import { describe, expect, it } from 'vitest';
import { hmac, newSessionId, newToken, safeEqual, sha256 } from './secrets.js';

const BASE64URL = /^[A-Za-z0-9_-]+$/u;

describe('newToken', () => {
  it('is 43 base64url characters, which is 256 bits', () => {
    const token = newToken();
    expect(token).toMatch(BASE64URL);
    expect(token).toHaveLength(43);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('is different every time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newToken));
    expect(tokens.size).toBe(1000);
  });
});

describe('newSessionId', () => {
  it('is 22 base64url characters, which is 128 bits', () => {
    const id = newSessionId();
    expect(id).toMatch(BASE64URL);
    expect(id).toHaveLength(22);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
  });

  it('is different every time', () => {
    expect(new Set(Array.from({ length: 1000 }, newSessionId)).size).toBe(1000);
  });
});

describe('sha256 and hmac', () => {
  it('give the known digests', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    // RFC 4231 test case 2.
    expect(Buffer.from(hmac('Jefe', 'what do ya want for nothing?'), 'base64url').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('hmac depends on the secret', () => {
    expect(hmac('one secret', 'session:x')).not.toBe(hmac('another secret', 'session:x'));
  });
});

describe('safeEqual', () => {
  it('is true for equal strings and false for different ones of the same length', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });

  it('is false, without throwing, for different lengths', () => {
    expect(() => safeEqual('abc', 'abcd')).not.toThrow();
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'a')).toBe(false);
  });

  it('compares bytes, so strings of one length in characters but not in bytes are unequal without throwing', () => {
    expect('é'.length).toBe('e'.length);
    expect(() => safeEqual('é', 'e')).not.toThrow();
    expect(safeEqual('é', 'e')).toBe(false);
  });
});
