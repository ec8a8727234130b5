import { describe, expect, it } from 'vitest';
import { EMAIL_MAX_LENGTH, isValidEmail, normaliseEmail } from './email.js';

describe('normaliseEmail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Jane.Okafor@NHS.net \n')).toBe('jane.okafor@nhs.net');
  });

  it('makes two spellings of one address equal', () => {
    expect(normaliseEmail('SAM@Example.NHS.UK')).toBe(normaliseEmail('sam@example.nhs.uk '));
  });
});

describe('isValidEmail', () => {
  it.each(['jane.okafor@nhs.net', 'sam+otway@example.nhs.uk', "o'brien@trust.nhs.uk", 'a@b.co'])(
    'accepts %s',
    (email) => {
      expect(isValidEmail(email)).toBe(true);
    },
  );

  it.each([
    '',
    'jane',
    'jane@',
    '@nhs.net',
    'jane@nhs',
    'jane@nhs.n',
    'jane@@nhs.net',
    'jane okafor@nhs.net',
    'jane@nhs.net\n',
    '<jane@nhs.net>',
    'jane@nhs.net,sam@nhs.net',
    'jane@nhs.net;sam@nhs.net',
    '"jane"@nhs.net',
    'javascript:alert(1)//@nhs.net',
  ])('refuses %j', (email) => {
    expect(isValidEmail(email)).toBe(false);
  });

  it('accepts an address of the maximum length and refuses one longer', () => {
    const domain = '@nhs.net';
    const exact = 'a'.repeat(EMAIL_MAX_LENGTH - domain.length) + domain;
    expect(exact).toHaveLength(254);
    expect(isValidEmail(exact)).toBe(true);
    expect(isValidEmail(`a${exact}`)).toBe(false);
  });
});
