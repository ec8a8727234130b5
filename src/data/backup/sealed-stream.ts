/**
 * A backup archive's encryption: AES-256-GCM over the archive in chunks, so that it streams in both directions and
 * nothing is used before it is authenticated (docs/adr/0034).
 *
 *   header   "OTWAYBK1" | key check (8 bytes) | salt (32 bytes)
 *   chunk    flag (1 byte: 0 more follows, 1 last) | length (4 bytes) | ciphertext | tag (16 bytes)
 *
 * Each archive has a key of its own, derived with HKDF-SHA-256 from the backup key and the archive's random salt, so
 * the nonces can be a counter: chunk i's nonce is i (11 bytes, big-endian) then the flag. The header is every chunk's
 * associated data. A changed byte anywhere fails a tag; chunks swapped or dropped fail their nonce; a cut after any
 * chunk is found because no chunk said it was the last; bytes after the last chunk are refused.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

const MAGIC = Buffer.from('OTWAYBK1', 'ascii');
const KEY_CHECK_BYTES = 8;
const SALT_BYTES = 32;
export const HEADER_BYTES = MAGIC.length + KEY_CHECK_BYTES + SALT_BYTES;
const CHUNK_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const FRAME_HEAD_BYTES = 5;

/** Why an archive cannot be opened; the message is for the operator. */
export class SealedArchiveError extends Error {
  override name = 'SealedArchiveError';
  constructor(
    readonly reason: 'not-an-archive' | 'wrong-key' | 'tampered' | 'truncated',
    message: string,
  ) {
    super(message);
  }
}

/** Eight bytes that tell whether a key is the one an archive was made with, without revealing anything of it. */
function keyCheck(key: Buffer): Buffer {
  return createHmac('sha256', key).update('otway backup key check').digest().subarray(0, KEY_CHECK_BYTES);
}

function archiveKey(key: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, salt, 'otway backup archive v1', 32));
}

function nonce(counter: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  n.writeUIntBE(counter, 5, 6);
  n[11] = last ? 1 : 0;
  return n;
}

/** Encrypts what is written to it into the archive format. */
export function sealingStream(key: Buffer): Transform {
  const salt = randomBytes(SALT_BYTES);
  const header = Buffer.concat([MAGIC, keyCheck(key), salt]);
  const k = archiveKey(key, salt);
  let counter = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  const frame = (plain: Buffer, last: boolean): Buffer => {
    const cipher = createCipheriv('aes-256-gcm', k, nonce(counter++, last));
    cipher.setAAD(header);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const head = Buffer.alloc(FRAME_HEAD_BYTES);
    head[0] = last ? 1 : 0;
    head.writeUInt32BE(body.length, 1);
    return Buffer.concat([head, body, cipher.getAuthTag()]);
  };

  let started = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      if (!started) {
        this.push(header);
        started = true;
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= CHUNK_BYTES) {
        let all = Buffer.concat(pending);
        while (all.length > CHUNK_BYTES) {
          this.push(frame(all.subarray(0, CHUNK_BYTES), false));
          all = all.subarray(CHUNK_BYTES);
        }
        pending = [all];
        pendingBytes = all.length;
      }
      done();
    },
    flush(done: TransformCallback) {
      if (!started) this.push(header);
      this.push(frame(Buffer.concat(pending), true));
      done();
    },
  });
}

/** Decrypts an archive, passing on each chunk only once its tag has been checked. */
export function openingStream(key: Buffer): Transform {
  let buffered: Buffer = Buffer.alloc(0);
  let header: Buffer | null = null;
  let k: Buffer | null = null;
  let counter = 0;
  let ended = false;

  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      try {
        if (header === null) {
          if (buffered.length < HEADER_BYTES) {
            done();
            return;
          }
          header = buffered.subarray(0, HEADER_BYTES);
          buffered = buffered.subarray(HEADER_BYTES);
          if (!header.subarray(0, MAGIC.length).equals(MAGIC)) {
            throw new SealedArchiveError('not-an-archive', 'This file is not an Otway backup.');
          }
          if (!header.subarray(MAGIC.length, MAGIC.length + KEY_CHECK_BYTES).equals(keyCheck(key))) {
            throw new SealedArchiveError(
              'wrong-key',
              'This backup was not made with this key: give the BACKUP_KEY_FILE it was made with.',
            );
          }
          k = archiveKey(key, header.subarray(MAGIC.length + KEY_CHECK_BYTES));
        }
        while (buffered.length >= FRAME_HEAD_BYTES) {
          if (ended) throw tampered();
          const last = buffered[0] === 1;
          if (buffered[0] !== 0 && !last) throw tampered();
          const length = buffered.readUInt32BE(1);
          if (length > CHUNK_BYTES) throw tampered();
          const total = FRAME_HEAD_BYTES + length + TAG_BYTES;
          if (buffered.length < total) break;
          if (k === null) throw tampered();
          const decipher = createDecipheriv('aes-256-gcm', k, nonce(counter++, last));
          decipher.setAAD(header);
          decipher.setAuthTag(buffered.subarray(FRAME_HEAD_BYTES + length, total));
          let plain: Buffer;
          try {
            plain = Buffer.concat([
              decipher.update(buffered.subarray(FRAME_HEAD_BYTES, FRAME_HEAD_BYTES + length)),
              decipher.final(),
            ]);
          } catch {
            throw tampered();
          }
          buffered = buffered.subarray(total);
          if (plain.length > 0) this.push(plain);
          if (last) ended = true;
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      done(endProblem(header === null, buffered.length, ended));
    },
  });
}

/** What is wrong with how an archive ended, if anything. */
function endProblem(noHeader: boolean, leftover: number, ended: boolean): SealedArchiveError | null {
  if (noHeader && leftover === 0) return new SealedArchiveError('truncated', 'This backup is empty.');
  if (noHeader) return new SealedArchiveError('not-an-archive', 'This file is not an Otway backup.');
  if (ended && leftover > 0) return tampered();
  if (!ended) {
    return new SealedArchiveError(
      'truncated',
      'This backup is cut short: it ends before its last part. Nothing was restored.',
    );
  }
  return null;
}

function tampered(): SealedArchiveError {
  return new SealedArchiveError(
    'tampered',
    'This backup has been changed or damaged since it was made (it fails its authentication). Nothing was restored.',
  );
}

/** A new backup key: 32 random bytes, written as base64 on one line. */
export function newBackupKeyText(): string {
  return randomBytes(32).toString('base64') + '\n';
}

/** Reads a backup key from its file's text; null when it is not 32 bytes of base64. */
export function parseBackupKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]{43}=$/u.test(trimmed)) return null;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : null;
}
