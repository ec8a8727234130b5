/**
 * A POSIX ustar archive written in memory: regular files only, owner-only modes, names Otway makes (ASCII, at most 99
 * bytes, never a person's input unsanitised). Enough for the subject access export (ADR 0030) without a dependency;
 * `tar -xf` and every archive tool read it.
 */
const BLOCK = 512;
const NAME_MAX = 99;

export interface TarEntry {
  /** A relative path of ASCII letters, digits, `.`, `_`, `-` and `/`. */
  name: string;
  bytes: Uint8Array;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: number): Buffer {
  if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/u.test(name) || name.length > NAME_MAX || name.includes('..')) {
    throw new Error(`Not a name this archive writes: ${name}`);
  }
  const block = Buffer.alloc(BLOCK, 0);
  block.write(name, 0, 100, 'ascii');
  block.write(octal(0o600, 8), 100, 8, 'ascii');
  block.write(octal(0, 8), 108, 8, 'ascii');
  block.write(octal(0, 8), 116, 8, 'ascii');
  block.write(octal(size, 12), 124, 12, 'ascii');
  block.write(octal(mtime, 12), 136, 12, 'ascii');
  block.write('        ', 148, 8, 'ascii');
  block.write('0', 156, 1, 'ascii');
  block.write('ustar\0', 257, 6, 'ascii');
  block.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
  return block;
}

/** The archive of these files, each stamped with `modifiedAt`. */
export function tarArchive(entries: readonly TarEntry[], modifiedAt: Date): Buffer {
  const mtime = Math.floor(modifiedAt.getTime() / 1000);
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry.name, entry.bytes.length, mtime), Buffer.from(entry.bytes));
    const padding = (BLOCK - (entry.bytes.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}

/** A person's file name made safe for an archive path: other characters become `_`, and it is cut to `max`. */
export function safeName(name: string, max: number): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[^A-Za-z0-9._-]/gu, '_')
    .replace(/\.{2,}/gu, '_')
    .replace(/^\./u, '_');
  return (cleaned === '' ? 'file' : cleaned).slice(-max);
}
