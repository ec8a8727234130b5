/**
 * Referral references, like OT-7K3M-9QX2: short enough to read over the telephone, with no letters that look like
 * digits (Crockford's base 32 leaves out I, L, O and U), and 40 random bits, so that one cannot be guessed from
 * another. There is no public look-up by reference; the randomness guards against someone trying one on the phone.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUP = 4;
const BODY = /^[0-9A-HJKMNP-TV-Z]{8}$/u;

/** `random(n)` gives n random bytes (crypto in production, a seeded source in tests). */
export function newReference(prefix: string, random: (n: number) => Uint8Array): string {
  const bytes = random(5);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let chars = '';
  for (let i = 0; i < 8; i += 1) {
    chars = ALPHABET.charAt(Number(bits & 31n)) + chars;
    bits >>= 5n;
  }
  return `${prefix}-${chars.slice(0, GROUP)}-${chars.slice(GROUP)}`;
}

/**
 * A reference as someone typed or read it out, tidied: upper case, spaces and dashes in the right places, and the
 * letters people confuse with digits mapped as Crockford's base 32 does (O to 0, I and L to 1). Null if it cannot be one.
 */
export function normaliseReference(text: string, prefix: string): string | null {
  const compact = text.toUpperCase().replace(/[\s-]/gu, '').replace(/O/gu, '0').replace(/[IL]/gu, '1');
  const body = compact.startsWith(prefix.replace(/O/gu, '0')) ? compact.slice(prefix.length) : null;
  if (body === null || !BODY.test(body)) return null;
  return `${prefix}-${body.slice(0, GROUP)}-${body.slice(GROUP)}`;
}
