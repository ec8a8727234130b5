import { describe, expect, it } from 'vitest';
import { ANSWERS_LIFETIME_MS, answersCookie as sealedWith } from './answers-cookie.js';

/** The checker's questions, by the names its answers are kept under. */
const NAMES = ['childDateOfBirth', 'childGp', 'difficulties', 'referrerType', 'seenBefore', 'childDischargedOn'];
const answersCookie = (secret: string, secure: boolean) => sealedWith(secret, secure, NAMES);

const SECRET = 'a-secret-that-is-long-enough-for-the-tests-0123456789';
const NOW = Date.parse('2026-11-27T10:00:00Z');
const cookie = answersCookie(SECRET, false);
const state = {
  ...cookie.fresh('llr-childrens-ot', NOW),
  answers: { childDateOfBirth: '2014-05-02', childGp: 'C82044', difficulties: ['movement'] } as Record<
    string,
    string | string[]
  >,
};

describe('the sealed answers cookie', () => {
  it('opens what it sealed, and the answers cannot be read from the cookie', () => {
    const sealed = cookie.seal(state);
    expect(cookie.open(sealed, 'llr-childrens-ot', NOW + 1000)).toEqual(state);
    expect(sealed).not.toContain('2014');
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('2014-05-02');
    // A new random IV each time: the same answers never give the same cookie.
    expect(cookie.seal(state)).not.toBe(sealed);
  });

  it('refuses a cookie that was changed, made up, sealed with another secret or for another service', () => {
    const sealed = cookie.seal(state);
    const flipped = `${sealed.slice(0, 30)}${sealed[30] === 'A' ? 'B' : 'A'}${sealed.slice(31)}`;
    expect(cookie.open(flipped, 'llr-childrens-ot', NOW)).toBeNull();
    expect(cookie.open('not-a-cookie', 'llr-childrens-ot', NOW)).toBeNull();
    expect(cookie.open('', 'llr-childrens-ot', NOW)).toBeNull();
    expect(cookie.open('%00', 'llr-childrens-ot', NOW)).toBeNull();
    expect(cookie.open('A'.repeat(5000), 'llr-childrens-ot', NOW)).toBeNull();
    expect(cookie.open(undefined, 'llr-childrens-ot', NOW)).toBeNull();
    expect(answersCookie(`${SECRET}x`, false).open(sealed, 'llr-childrens-ot', NOW)).toBeNull();
    expect(cookie.open(sealed, 'test-paediatric-physio', NOW)).toBeNull();
    // The secure name is part of what is authenticated: a cookie cannot move between the two names.
    expect(answersCookie(SECRET, true).open(sealed, 'llr-childrens-ot', NOW)).toBeNull();
  });

  it('forgets the answers an hour after the last one was given', () => {
    const sealed = cookie.seal(state);
    expect(cookie.open(sealed, 'llr-childrens-ot', NOW + ANSWERS_LIFETIME_MS)).not.toBeNull();
    expect(cookie.open(sealed, 'llr-childrens-ot', NOW + ANSWERS_LIFETIME_MS + 1)).toBeNull();
  });

  it('keeps whether we have seen the child and when we discharged them', () => {
    const parent = {
      ...state,
      answers: { ...state.answers, referrerType: 'parent-carer', seenBefore: 'yes', childDischargedOn: '2026-09-30' },
    };
    expect(cookie.open(cookie.seal(parent), 'llr-childrens-ot', NOW)).toEqual(parent);
    const notADate = { ...parent, answers: { ...parent.answers, childDischargedOn: '30/09/2026' } };
    expect(cookie.open(cookie.seal(notADate), 'llr-childrens-ot', NOW)).toBeNull();
  });

  it('refuses answers whose shape this version does not know', () => {
    const odd = { ...state, answers: { ...state.answers, favouriteColour: 'blue' } };
    expect(cookie.open(cookie.seal(odd as typeof state), 'llr-childrens-ot', NOW)).toBeNull();
    // The shape of an answer before the checker's questions were fields of the form model: treated as absent.
    const older = { ...state, answers: { ...state.answers, childGp: { kind: 'practice', code: 'C82044' } } };
    expect(cookie.open(cookie.seal(older as unknown as typeof state), 'llr-childrens-ot', NOW)).toBeNull();
  });

  it('is HttpOnly, SameSite=Lax, for the whole site, and __Host- and Secure over HTTPS', () => {
    expect(cookie.name).toBe('otway-checker');
    expect(cookie.options).toEqual({ path: '/', httpOnly: true, sameSite: 'lax', secure: false });
    const secure = answersCookie(SECRET, true);
    expect(secure.name).toBe('__Host-otway-checker');
    expect(secure.options.secure).toBe(true);
  });
});
