import { randomBytes } from 'node:crypto';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEADER_BYTES, openingStream, parseBackupKey, sealingStream, SealedArchiveError } from './sealed-stream.js';

async function collect(source: Buffer[], through: () => Transform): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(source), through(), async (chunks: AsyncIterable<Buffer>) => {
    for await (const c of chunks) out.push(c);
  });
  return Buffer.concat(out);
}

const key = randomBytes(32);
const seal = (plain: Buffer, k = key) => collect([plain], () => sealingStream(k));
const unseal = (sealed: Buffer, k = key) => collect([sealed], () => openingStream(k));

async function reason(sealed: Buffer, k = key): Promise<string> {
  try {
    await unseal(sealed, k);
    return 'opened';
  } catch (err) {
    if (err instanceof SealedArchiveError) return err.reason;
    throw err;
  }
}

describe('the sealed stream of a backup archive', () => {
  it('gives back what was sealed, whatever its length (none, under one chunk, many chunks)', async () => {
    for (const n of [0, 1, 65_535, 65_536, 65_537, 300_000]) {
      const plain = randomBytes(n);
      expect((await unseal(await seal(plain))).equals(plain), String(n)).toBe(true);
    }
  });

  it('refuses any single changed byte, anywhere', async () => {
    const sealed = await seal(randomBytes(140_000));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: sealed.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (at, x) => {
          const changed = Buffer.from(sealed);
          changed[at]! ^= x;
          expect(await reason(changed)).not.toBe('opened');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses an archive cut anywhere, including exactly at a chunk boundary', async () => {
    const sealed = await seal(randomBytes(140_000));
    const frame = 5 + 65_536 + 16;
    for (const cut of [0, 10, HEADER_BYTES, HEADER_BYTES + frame, HEADER_BYTES + 2 * frame, sealed.length - 1]) {
      expect(await reason(sealed.subarray(0, cut)), String(cut)).toMatch(/truncated|not-an-archive/u);
    }
    expect(await reason(sealed.subarray(0, HEADER_BYTES + frame))).toBe('truncated');
  });

  it('refuses chunks swapped, bytes appended, and another key', async () => {
    const sealed = await seal(randomBytes(140_000));
    const frame = 5 + 65_536 + 16;
    const a = sealed.subarray(HEADER_BYTES, HEADER_BYTES + frame);
    const b = sealed.subarray(HEADER_BYTES + frame, HEADER_BYTES + 2 * frame);
    const swapped = Buffer.concat([sealed.subarray(0, HEADER_BYTES), b, a, sealed.subarray(HEADER_BYTES + 2 * frame)]);
    expect(await reason(swapped)).toBe('tampered');
    expect(await reason(Buffer.concat([sealed, Buffer.from([0])]))).toBe('tampered');
    expect(await reason(sealed, randomBytes(32))).toBe('wrong-key');
  });

  it('reads a key only as one line of base64 holding 32 bytes', () => {
    expect(parseBackupKey(`${key.toString('base64')}\n`)?.equals(key)).toBe(true);
    expect(parseBackupKey('')).toBeNull();
    expect(parseBackupKey(randomBytes(16).toString('base64'))).toBeNull();
    expect(parseBackupKey('!'.repeat(44))).toBeNull();
  });
});
