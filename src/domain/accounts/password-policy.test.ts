import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, PASSWORD_MIN_LENGTH, checkNewPassword } from './password-policy.js';

/** `n` code points that are neither repetitive, a sequence nor a common password. */
function varied(n: number, alphabet = 'violet tractor harbour 42 '): string {
  const chars = Array.from(alphabet);
  return Array.from({ length: n }, (_, i) => chars[i % chars.length]!).join('');
}

describe('checkNewPassword: length', () => {
  it('refuses nothing as missing', () => {
    expect(checkNewPassword('')).toBe('missing');
  });

  it('refuses 7 code points and accepts 8', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(8);
    expect(checkNewPassword('vlt tr4')).toBe('too-short');
    expect(checkNewPassword('vlt tr4x')).toBeNull();
  });

  it('accepts 256 code points and refuses 257', () => {
    expect(PASSWORD_MAX_LENGTH).toBe(256);
    expect(checkNewPassword(varied(256))).toBeNull();
    expect(checkNewPassword(varied(257))).toBe('too-long');
  });

  it('counts an emoji once', () => {
    const sevenEmoji = '🦊🐢🌈🍉🚲🎻🌵'; // 14 UTF-16 units
    expect(sevenEmoji.length).toBe(14);
    expect(checkNewPassword(sevenEmoji)).toBe('too-short');
    expect(checkNewPassword(`${sevenEmoji}🧭`)).toBeNull();
    const emoji = Array.from('🦊🐢🌈🍉🚲🎻🌵🧭');
    const max = Array.from({ length: 256 }, (_, i) => emoji[i % emoji.length]!).join('');
    expect(checkNewPassword(max)).toBeNull();
    expect(checkNewPassword(`${max}🦊`)).toBe('too-long');
  });

  it('has a message for every problem', () => {
    for (const message of Object.values(PASSWORD_MESSAGES)) expect(message.length).toBeGreaterThan(0);
    expect(PASSWORD_MESSAGES['too-short']).toContain('8');
    expect(PASSWORD_MESSAGES['too-long']).toContain('256');
  });
});

describe('checkNewPassword: guessable passwords', () => {
  it.each(['password', 'Password123!', 'PASSWORD', 'qwertyuiop', 'Qwertyuiop1', 'iloveyou', 'welcome123'])(
    'refuses the common password %s',
    (password) => {
      expect(checkNewPassword(password)).toBe('common');
    },
  );

  it.each(['12345678', 'aaaaaaaa', 'abcdefgh', 'hgfedcba', '87654321', 'abababab', '🦊🦊🦊🦊🦊🦊🦊🦊'])(
    'refuses the repeated or sequential %s',
    (password) => {
      expect(checkNewPassword(password)).not.toBeNull();
    },
  );

  it('refuses a password containing the e-mail address before the @', () => {
    const person = { email: 'jane.okafor@nhs.net', name: 'Jane Okafor' };
    expect(checkNewPassword('my-jane.okafor-secret', person)).toBe('personal');
    expect(checkNewPassword('XJANE.OKAFOR99z', person)).toBe('personal');
  });

  it('refuses a password containing a word of 4 or more letters from the name, in any case', () => {
    const person = { email: 'j.o@nhs.net', name: 'Jane Okafor' };
    expect(checkNewPassword('blue okafor house', person)).toBe('personal');
    expect(checkNewPassword('JaneRidesBikes', person)).toBe('personal');
  });

  it('ignores name words and e-mail local parts shorter than 4 letters', () => {
    expect(checkNewPassword('violet tractor harbour 42', { email: 'vi@nhs.net', name: 'Al Ola' })).toBeNull();
    expect(checkNewPassword('hairy al ola volcano', { email: 'al@nhs.net', name: 'Al Ola' })).toBeNull();
  });

  it.each(['violet tractor harbour 42', 'correct horse battery staple', 'Tea at 4, then the 7:15 to Derby!'])(
    'accepts the pasted passphrase "%s"',
    (password) => {
      expect(checkNewPassword(password, { email: 'sam.jones@nhs.net', name: 'Sam Jones' })).toBeNull();
    },
  );

  it('accepts any passphrase of three lower-case words that the person has not put their name in', () => {
    const word = fc.stringMatching(/^[a-z]{5,9}$/u);
    fc.assert(
      fc.property(fc.tuple(word, word, word), fc.integer({ min: 10, max: 99 }), ([a, b, c], n) => {
        fc.pre(new Set([a, b, c]).size === 3);
        const passphrase = `${a} ${b} ${c} ${String(n)}`;
        expect(checkNewPassword(passphrase, { email: 'x@nhs.net', name: 'Li Wu' })).toBeNull();
      }),
    );
  });
});
