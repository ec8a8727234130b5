import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from './base32.js';
import { hmacSha1, sha1 } from './totp-hmac.js';
import { groupedSecret, hotp, otpauthUri, totpAt, verifyTotp } from './totp.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
/** The RFC 4226 and RFC 6238 test key for SHA-1. */
const RFC_KEY = ascii('12345678901234567890');

describe('SHA-1 and HMAC-SHA-1', () => {
  it('matches FIPS 180 and RFC 2202 vectors', () => {
    expect(hex(sha1(ascii('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(ascii('')))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex(sha1(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
    expect(hex(hmacSha1(new Uint8Array(20).fill(0x0b), ascii('Hi There')))).toBe(
      'b617318655057264e28bc0b6fb378c8ef146be00',
    );
    expect(
      hex(hmacSha1(new Uint8Array(80).fill(0xaa), ascii('Test Using Larger Than Block-Size Key - Hash Key First'))),
    ).toBe('aa4ae5e15272d00e95705637ce8a3b55ed402112');
  });
});

describe('HOTP (RFC 4226 appendix D)', () => {
  it('gives the published values for counters 0 to 9', () => {
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(expected.map((_, i) => hotp(RFC_KEY, i))).toEqual(expected);
  });
});

describe('TOTP (RFC 6238 appendix B, SHA-1)', () => {
  const vectors: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  it.each(vectors)('at %i seconds gives %s (8 digits)', (seconds, code) => {
    expect(totpAt(RFC_KEY, new Date(seconds * 1000), 8)).toBe(code);
  });

  it('accepts the code of this step and one step either side, and no further', () => {
    const at = new Date(1_111_111_111_000);
    const step = Math.floor(1_111_111_111 / 30);
    expect(verifyTotp(RFC_KEY, totpAt(RFC_KEY, at), at, null)).toBe(step);
    expect(verifyTotp(RFC_KEY, totpAt(RFC_KEY, new Date(at.getTime() - 30_000)), at, null)).toBe(step - 1);
    expect(verifyTotp(RFC_KEY, totpAt(RFC_KEY, new Date(at.getTime() + 30_000)), at, null)).toBe(step + 1);
    expect(verifyTotp(RFC_KEY, totpAt(RFC_KEY, new Date(at.getTime() - 60_000)), at, null)).toBeNull();
    expect(verifyTotp(RFC_KEY, totpAt(RFC_KEY, new Date(at.getTime() + 60_000)), at, null)).toBeNull();
  });

  it('refuses a code of a step already used, or of an earlier one', () => {
    const at = new Date(1_111_111_111_000);
    const step = Math.floor(1_111_111_111 / 30);
    const code = totpAt(RFC_KEY, at);
    expect(verifyTotp(RFC_KEY, code, at, step)).toBeNull();
    expect(verifyTotp(RFC_KEY, totpAt(RFC_KEY, new Date(at.getTime() - 30_000)), at, step - 1)).toBeNull();
    expect(verifyTotp(RFC_KEY, code, at, step - 1)).toBe(step);
  });

  it('accepts spaces inside a code and refuses anything that is not six digits', () => {
    const at = new Date(59_000);
    const code = totpAt(RFC_KEY, at);
    expect(verifyTotp(RFC_KEY, `${code.slice(0, 3)} ${code.slice(3)}`, at, null)).not.toBeNull();
    for (const bad of ['', '12345', '1234567', 'abcdef', '１２３４５６', `${code}\u0000`]) {
      expect(verifyTotp(RFC_KEY, bad, at, null)).toBeNull();
    }
  });

  it('writes the address an authenticator app reads', () => {
    const uri = otpauthUri(RFC_KEY, 'Otway', 'ada@nhs.test');
    expect(uri).toBe(
      'otpauth://totp/Otway:ada%40nhs.test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Otway&algorithm=SHA1&digits=6&period=30',
    );
    expect(groupedSecret(RFC_KEY)).toBe('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
  });
});

describe('base32 (RFC 4648 section 10)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  it.each(vectors)('"%s" is "%s"', (plain, encoded) => {
    expect(base32Encode(ascii(plain))).toBe(encoded);
    expect(base32Decode(encoded)).toEqual(ascii(plain));
  });

  it('reads lower case, spaces and padding, and refuses other characters', () => {
    expect(base32Decode('mzxw 6ytb oi======')).toEqual(ascii('foobar'));
    expect(base32Decode('MZXW1')).toBeNull();
    expect(base32Decode('MZXW6!')).toBeNull();
  });

  it('round-trips any bytes', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });
});
