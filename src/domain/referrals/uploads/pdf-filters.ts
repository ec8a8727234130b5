/**
 * Undoing a PDF stream's filters (ISO 32000-1, 7.4) so that what is inside can be read: FlateDecode through the
 * `inflate` function the caller passes in (the domain does no I/O and imports no node module), ASCIIHexDecode and
 * ASCII85Decode here, and the PNG predictors that may follow FlateDecode. Every byte made counts against one budget,
 * so a stream that inflates to gigabytes (a "zip bomb") stops at the budget instead of filling the server's memory.
 */
import type { PdfValue } from './pdf-syntax.js';

/**
 * Inflates zlib (FlateDecode) data, making at most `maxBytes` bytes: 'too-big' when there would be more, 'corrupt'
 * when the data is not zlib. A stream cut short gives what could be made of it, as PDF readers do.
 */
export type Inflate = (data: Uint8Array, maxBytes: number) => InflateResult;
export type InflateResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'too-big' | 'corrupt' };

export type Decoded =
  | { kind: 'bytes'; bytes: Uint8Array }
  /** An image codec (JPEG, JPEG 2000, fax, JBIG2): what it holds is pixels, not PDF objects. */
  | { kind: 'pixels' }
  | { kind: 'unsupported'; filter: string }
  | { kind: 'corrupt' }
  | { kind: 'too-big' };

const PIXEL_FILTERS = new Set(['DCTDecode', 'DCT', 'JPXDecode', 'CCITTFaxDecode', 'CCF', 'JBIG2Decode']);

export class Budget {
  constructor(public remaining: number) {}
}

function asArray(value: PdfValue | undefined): (PdfValue | undefined)[] {
  if (value === undefined || value.kind === 'null') return [];
  return value.kind === 'array' ? value.items : [value];
}

function intEntry(dict: PdfValue | undefined, key: string, fallback: number): number {
  if (dict?.kind !== 'dict') return fallback;
  const v = dict.entries.get(key);
  return v?.kind === 'number' && v.integer ? v.value : fallback;
}

function asciiHex(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 2));
  let n = 0;
  let high = -1;
  for (const b of data) {
    if (b === 0x3e) break;
    const v = b >= 0x30 && b <= 0x39 ? b - 0x30 : (b | 0x20) >= 0x61 && (b | 0x20) <= 0x66 ? (b | 0x20) - 0x57 : -1;
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      out[n++] = high * 16 + v;
      high = -1;
    }
  }
  if (high >= 0) out[n++] = high * 16;
  return out.subarray(0, n);
}

function ascii85(data: Uint8Array): Uint8Array | null {
  const out = new Uint8Array(4 * data.length + 4);
  let n = 0;
  const group: number[] = [];
  const flush = (count: number) => {
    let value = 0;
    for (let i = 0; i < 5; i += 1) value = value * 85 + (group[i] ?? 84);
    if (value > 0xffffffff) return false;
    for (let i = 0; i < count - 1; i += 1) out[n++] = (value >>> (24 - 8 * i)) & 0xff;
    return true;
  };
  for (const b of data) {
    if (b === 0x7e) break;
    if (b === 0x7a && group.length === 0) {
      n += 4;
      continue;
    }
    if (b < 0x21 || b > 0x75) continue;
    group.push(b - 0x21);
    if (group.length === 5) {
      if (!flush(5)) return null;
      group.length = 0;
    }
  }
  if (group.length === 1) return null;
  if (group.length > 1 && !flush(group.length)) return null;
  return out.subarray(0, n);
}

/** Undoes the PNG predictors (10 to 15) row by row; null when the rows do not fit. */
function unpredict(data: Uint8Array, parms: PdfValue | undefined): Uint8Array | null {
  const predictor = intEntry(parms, 'Predictor', 1);
  if (predictor <= 1) return data;
  if (predictor < 10) return null;
  const colors = intEntry(parms, 'Colors', 1);
  const bits = intEntry(parms, 'BitsPerComponent', 8);
  const columns = intEntry(parms, 'Columns', 1);
  if (colors < 1 || colors > 32 || ![1, 2, 4, 8, 16].includes(bits) || columns < 1 || columns > 1 << 20) return null;
  const pixelBytes = Math.max(1, Math.ceil((colors * bits) / 8));
  const rowBytes = Math.ceil((colors * bits * columns) / 8);
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = new Uint8Array(rows * rowBytes);
  for (let r = 0; r < rows; r += 1) {
    const type = data[r * (rowBytes + 1)] ?? 0;
    const src = r * (rowBytes + 1) + 1;
    const dst = r * rowBytes;
    for (let i = 0; i < rowBytes; i += 1) {
      const raw = data[src + i] ?? 0;
      const left = i >= pixelBytes ? (out[dst + i - pixelBytes] ?? 0) : 0;
      const up = r > 0 ? (out[dst + i - rowBytes] ?? 0) : 0;
      const upLeft = r > 0 && i >= pixelBytes ? (out[dst + i - rowBytes - pixelBytes] ?? 0) : 0;
      let add = 0;
      if (type === 1) add = left;
      else if (type === 2) add = up;
      else if (type === 3) add = (left + up) >> 1;
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        add = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (type !== 0) return null;
      out[dst + i] = (raw + add) & 0xff;
    }
  }
  return out;
}

/** The stream's data with its filters undone, in order, within the budget. */
export function decodeStream(dict: Map<string, PdfValue>, raw: Uint8Array, inflate: Inflate, budget: Budget): Decoded {
  const filters = asArray(dict.get('Filter'));
  const parms = asArray(dict.get('DecodeParms') ?? dict.get('DP'));
  let data = raw;
  for (const [i, filter] of filters.entries()) {
    if (filter?.kind !== 'name') return { kind: 'unsupported', filter: '?' };
    const name = filter.name;
    if (PIXEL_FILTERS.has(name)) return { kind: 'pixels' };
    let made: Uint8Array | null;
    if (name === 'FlateDecode' || name === 'Fl') {
      const inflated = inflate(data, budget.remaining);
      if (!inflated.ok) return { kind: inflated.reason };
      made = unpredict(inflated.bytes, parms[i]);
    } else if (name === 'ASCIIHexDecode' || name === 'AHx') {
      made = asciiHex(data);
    } else if (name === 'ASCII85Decode' || name === 'A85') {
      made = ascii85(data);
    } else {
      return { kind: 'unsupported', filter: name };
    }
    if (made === null) return { kind: 'corrupt' };
    if (made.length > budget.remaining) return { kind: 'too-big' };
    budget.remaining -= made.length;
    data = made;
  }
  return { kind: 'bytes', bytes: data };
}
