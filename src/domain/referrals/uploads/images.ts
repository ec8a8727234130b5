/**
 * Where a PNG or JPEG picture ends, found by walking its structure rather than looking for an end marker, so that
 * nothing can ride along after it (an archive appended to a photo is still a valid photo to every viewer, and a
 * valid archive to an unzipping tool). docs/adr/0028.
 *
 *   pictureEnd('image/png', bytes)  // { ok: true, end: 1234 } when IEND's CRC is the last thing in the file
 */

export type PictureEnd = { ok: true; end: number } | { ok: false };

const PNG_SIGNATURE_LENGTH = 8;
const IHDR = 0x49484452;
const IEND = 0x49454e44;

function u32(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0
  );
}

function isChunkType(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < 4; i += 1) {
    const b = (bytes[at + i] ?? 0) | 0x20;
    if (b < 0x61 || b > 0x7a) return false;
  }
  return true;
}

/** A PNG's chunks (length, type, data, CRC) from IHDR to IEND; the end is just after IEND's CRC. */
export function pngEnd(bytes: Uint8Array): PictureEnd {
  let at = PNG_SIGNATURE_LENGTH;
  let first = true;
  while (at + 12 <= bytes.length) {
    const length = u32(bytes, at);
    if (length > 0x7fffffff || !isChunkType(bytes, at + 4)) return { ok: false };
    const type = u32(bytes, at + 4);
    if (first && type !== IHDR) return { ok: false };
    first = false;
    const next = at + 12 + length;
    if (next > bytes.length) return { ok: false };
    if (type === IEND) return { ok: true, end: next };
    at = next;
  }
  return { ok: false };
}

/** Markers with no length after them: TEM, RST0 to RST7, SOI, EOI. */
function standalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);
}

/**
 * A JPEG's segments from SOI: each marker's length is skipped; after a start of scan (SOS) the entropy-coded data
 * runs to the next marker that is not a stuffed 0xFF00 or a restart (RST0 to RST7); progressive pictures have several
 * scans. The end is just after EOI.
 */
export function jpegEnd(bytes: Uint8Array): PictureEnd {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return { ok: false };
  let at = 2;
  for (;;) {
    if (bytes[at] !== 0xff) return { ok: false };
    while (bytes[at] === 0xff) at += 1; // fill bytes before a marker
    if (at >= bytes.length) return { ok: false };
    const marker = bytes[at] ?? 0;
    at += 1;
    if (marker === 0xd9) return { ok: true, end: at };
    if (marker === 0x00 || marker === 0xd8) return { ok: false };
    if (standalone(marker)) continue;
    if (at + 2 > bytes.length) return { ok: false };
    const length = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
    if (length < 2 || at + length > bytes.length) return { ok: false };
    at += length;
    if (marker !== 0xda) continue;
    // Entropy-coded data: find the 0xFF that starts the next real marker.
    for (;;) {
      at = bytes.indexOf(0xff, at);
      if (at < 0) return { ok: false };
      const after = bytes[at + 1];
      if (after === undefined) return { ok: false };
      if (after === 0x00 || (after >= 0xd0 && after <= 0xd7)) {
        at += 2;
        continue;
      }
      if (after === 0xff) {
        at += 1;
        continue;
      }
      break;
    }
  }
}

/**
 * Whether the bytes after a picture's end carry anything. A JPEG may be followed by zero bytes (some cameras pad
 * their files to a block size; zeros carry nothing); a PNG may be followed by nothing at all.
 */
export function trailingData(bytes: Uint8Array, end: number, zerosAllowed: boolean): boolean {
  if (!zerosAllowed) return end !== bytes.length;
  for (let i = end; i < bytes.length; i += 1) if (bytes[i] !== 0) return true;
  return false;
}
