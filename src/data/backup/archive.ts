/**
 * The backup archive: named entries, one after another, inside the sealed stream (sealed-stream.ts).
 *
 *   entry  "F" | name length (2 bytes) | name (UTF-8) | size (8 bytes) | the bytes
 *   end    "E"
 *
 * Entry names are fixed shapes (ENTRY_NAME): nothing in an archive chooses where its bytes are written. The writer
 * hashes each entry as it streams it, and the last entry (the manifest) is made from those hashes.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createReadStream } from 'node:fs';
import { openingStream, SealedArchiveError, sealingStream } from './sealed-stream.js';

export const ENTRY_NAME = /^(database\.(sqlite|dump)|manifest\.json|files\/[a-z0-9-]{1,63}\/[0-9a-f-]{36})$/u;

export interface EntryDigest {
  size: number;
  sha256: string;
}

/** An entry to write: a file on disk (skipped, and reported, if it is gone by the time it is read) or bytes. */
export type EntrySource = { name: string; path: string } | { name: string; bytes: Buffer };

export interface WriteResult {
  digests: Map<string, EntryDigest>;
  /** Entries whose file was gone when its turn came. */
  vanished: string[];
}

function entryHead(name: string, size: number): Buffer {
  if (!ENTRY_NAME.test(name)) throw new Error(`Not an archive entry name: ${name}`);
  const nameBytes = Buffer.from(name, 'utf8');
  const head = Buffer.alloc(1 + 2 + nameBytes.length + 8);
  head.write('F', 0, 'ascii');
  head.writeUInt16BE(nameBytes.length, 1);
  nameBytes.copy(head, 3);
  head.writeBigUInt64BE(BigInt(size), 3 + nameBytes.length);
  return head;
}

async function openIfPresent(path: string): Promise<FileHandle | null> {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function* entryBytes(
  sources: EntrySource[],
  last: (digests: Map<string, EntryDigest>) => EntrySource,
  result: WriteResult,
): AsyncGenerator<Buffer> {
  const one = async function* (source: EntrySource): AsyncGenerator<Buffer> {
    const hash = createHash('sha256');
    if ('bytes' in source) {
      yield entryHead(source.name, source.bytes.length);
      hash.update(source.bytes);
      yield source.bytes;
      result.digests.set(source.name, { size: source.bytes.length, sha256: hash.digest('hex') });
      return;
    }
    // Opened first and read to the size it had then: a file is written once under its name and never changed.
    const handle = await openIfPresent(source.path);
    if (handle === null) {
      result.vanished.push(source.name);
      return;
    }
    try {
      const { size } = await handle.stat();
      yield entryHead(source.name, size);
      let left = size;
      const buffer = Buffer.alloc(64 * 1024);
      while (left > 0) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, left), size - left);
        if (bytesRead === 0) throw new Error(`${source.path} became shorter while it was being copied.`);
        const piece = Buffer.from(buffer.subarray(0, bytesRead));
        hash.update(piece);
        left -= bytesRead;
        yield piece;
      }
      result.digests.set(source.name, { size, sha256: hash.digest('hex') });
    } finally {
      await handle.close();
    }
  };
  for (const source of sources) yield* one(source);
  yield* one(last(result.digests));
  yield Buffer.from('E', 'ascii');
}

/**
 * Writes the archive to `target` (mode 0600), through a temporary name that is renamed into place once the whole
 * archive is on disk, so a half-written backup never carries a backup's name.
 */
export async function writeArchive(
  target: string,
  key: Buffer,
  sources: EntrySource[],
  last: (digests: Map<string, EntryDigest>) => EntrySource,
): Promise<WriteResult> {
  const result: WriteResult = { digests: new Map(), vanished: [] };
  const partial = `${target}.partial`;
  try {
    await pipeline(
      Readable.from(entryBytes(sources, last, result)),
      sealingStream(key),
      createWriteStream(partial, { flags: 'wx', mode: 0o600 }),
    );
    const handle = await open(partial, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, target);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return result;
}

/** The archive's container is damaged although its encryption held: only a bug, or a forged key, leads here. */
function malformed(why: string): SealedArchiveError {
  return new SealedArchiveError(
    'tampered',
    `This backup is not laid out as an Otway backup (${why}). Nothing was restored.`,
  );
}

/**
 * Decrypts and unpacks the archive into `staging` (which must exist and be empty), hashing each entry. Nothing is
 * written outside `staging`; an archive that fails its authentication anywhere throws SealedArchiveError, and the
 * caller removes `staging`.
 */
export async function readArchive(source: string, key: Buffer, staging: string): Promise<Map<string, EntryDigest>> {
  const digests = new Map<string, EntryDigest>();
  let buffered: Buffer = Buffer.alloc(0);
  interface Open {
    name: string;
    left: number;
    size: number;
    handle: FileHandle;
    hash: ReturnType<typeof createHash>;
  }
  // One object, moved on by consume() and read after the pipeline.
  const state: { current: Open | null; finished: boolean } = { current: null, finished: false };

  async function consume(plain: AsyncIterable<Buffer>): Promise<void> {
    for await (const chunk of plain) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      for (;;) {
        const current = state.current;
        if (current !== null) {
          const take = Math.min(current.left, buffered.length);
          if (take > 0) {
            const piece = buffered.subarray(0, take);
            current.hash.update(piece);
            await current.handle.write(piece);
            current.left -= take;
            buffered = buffered.subarray(take);
          }
          if (current.left > 0) break;
          await current.handle.close();
          digests.set(current.name, { size: current.size, sha256: current.hash.digest('hex') });
          state.current = null;
          continue;
        }
        if (buffered.length === 0) break;
        if (state.finished) throw malformed('bytes after the end');
        const type = buffered.toString('ascii', 0, 1);
        if (type === 'E') {
          state.finished = true;
          buffered = buffered.subarray(1);
          continue;
        }
        if (type !== 'F') throw malformed('an unknown entry');
        if (buffered.length < 3) break;
        const nameLength = buffered.readUInt16BE(1);
        if (buffered.length < 3 + nameLength + 8) break;
        const name = buffered.toString('utf8', 3, 3 + nameLength);
        if (!ENTRY_NAME.test(name) || digests.has(name)) throw malformed(`an entry named ${JSON.stringify(name)}`);
        const size = Number(buffered.readBigUInt64BE(3 + nameLength));
        buffered = buffered.subarray(3 + nameLength + 8);
        const path = join(staging, name);
        await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        state.current = { name, left: size, size, handle: await open(path, 'wx', 0o600), hash: createHash('sha256') };
      }
    }
  }

  // pipeline() can reject (a failed tag) while consume() is still writing: it is waited for before anything returns,
  // so the caller's clean-up never races a file being made in staging.
  let consuming: Promise<void> = Promise.resolve();
  try {
    await pipeline(createReadStream(source), openingStream(key), (plain: AsyncIterable<Buffer>) => {
      consuming = consume(plain);
      return consuming;
    });
  } finally {
    await consuming.catch(() => undefined);
    await state.current?.handle.close().catch(() => undefined);
  }
  if (!state.finished || state.current !== null) throw malformed('it ends inside an entry');
  return digests;
}
