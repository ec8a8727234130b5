/**
 * The syntax of a PDF file (ISO 32000-1, 7.2 and 7.3): tokens, and the objects built from them (numbers, strings,
 * names with their `#xx` escapes decoded, arrays, dictionaries and references). Enough to read every object in a file
 * or in an object stream, not to draw a page. Pure: bytes in, values out; malformed input throws `PdfSyntaxError`,
 * nesting deeper than `MAX_DEPTH` too, and the work done is linear in the bytes read.
 *
 *   const lexer = new PdfLexer(bytes, (name) => seen.add(name));
 *   const value = lexer.readValue(); // { kind: 'dict', entries: Map { 'Type' => { kind: 'name', name: 'Catalog' } } }
 */

export class PdfSyntaxError extends Error {}

export type PdfValue =
  | { kind: 'number'; value: number; integer: boolean }
  | { kind: 'string' }
  | { kind: 'name'; name: string }
  | { kind: 'bool' }
  | { kind: 'null' }
  | { kind: 'ref'; num: number }
  | { kind: 'array'; items: PdfValue[] }
  | { kind: 'dict'; entries: Map<string, PdfValue> };

export type PdfToken =
  | { kind: 'eof' }
  | { kind: 'number'; value: number; integer: boolean }
  | { kind: 'string' }
  | { kind: 'name'; name: string }
  | { kind: 'keyword'; word: string }
  | { kind: 'punct'; p: '[' | ']' | '<<' | '>>' | '{' | '}' | ')' | '>' };

/** Nesting of arrays and dictionaries deeper than this is refused: no real document comes near it. */
export const MAX_DEPTH = 64;

/** Each byte's class: 0 regular, 1 white-space, 2 delimiter (ISO 32000-1, 7.2.2). */
const CLASS = new Uint8Array(256);
for (const b of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[b] = 1;
for (const b of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[b] = 2;

export function isWhitespace(b: number): boolean {
  return CLASS[b] === 1;
}

export function isRegular(b: number): boolean {
  return CLASS[b] === 0;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

/**
 * The name a reader sees for the characters after a `/`: each `#` followed by two hex digits is that byte
 * (`J#61vaScript` is `JavaScript`). Bytes are kept one character each.
 */
export function decodeName(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i += 1) {
    const b = bytes[i] ?? 0;
    if (b === 0x23 && i + 2 < end) {
      const hi = hexValue(bytes[i + 1] ?? 0);
      const lo = hexValue(bytes[i + 2] ?? 0);
      if (hi >= 0 && lo >= 0) {
        out += String.fromCharCode(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += String.fromCharCode(b);
  }
  return out;
}

/** A name longer than this (raw) is none that matters here; it is not decoded (PDF's own limit is 127 bytes). */
const LONGEST_NAME = 127;
const LONGEST_KEYWORD = 16;

function plain(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i += 1) out += String.fromCharCode(bytes[i] ?? 0);
  return out;
}

/** The number in bytes[start, end) (`12`, `-3.5`, `.5`, `+7`), or null when it is not one. */
function parseNumber(bytes: Uint8Array, start: number, end: number): { value: number; integer: boolean } | null {
  let i = start;
  let sign = 1;
  if (bytes[i] === 0x2b || bytes[i] === 0x2d) {
    if (bytes[i] === 0x2d) sign = -1;
    i += 1;
  }
  let value = 0;
  let digits = 0;
  let integer = true;
  let scale = 1;
  for (; i < end; i += 1) {
    const b = bytes[i] ?? 0;
    if (b >= 0x30 && b <= 0x39) {
      digits += 1;
      if (integer) value = value * 10 + (b - 0x30);
      else {
        scale /= 10;
        value += (b - 0x30) * scale;
      }
    } else if (b === 0x2e && integer) {
      integer = false;
    } else {
      return null;
    }
  }
  return digits === 0 ? null : { value: sign * value, integer };
}

/**
 * A budget of tokens for one file, shared by every lexer reading it: a file that would take more is refused rather
 * than read for seconds (work done, not time, is what is bounded).
 */
export class TokenBudget {
  constructor(public remaining: number) {}
}

export class PdfLexer {
  pos: number;

  /** `onName` hears every name read, as a key or as a value, decoded. */
  constructor(
    readonly bytes: Uint8Array,
    private readonly onName: (name: string) => void = () => undefined,
    private readonly budget = new TokenBudget(Number.POSITIVE_INFINITY),
  ) {
    this.pos = 0;
  }

  private skipSpace(): void {
    const { bytes } = this;
    while (this.pos < bytes.length) {
      const b = bytes[this.pos] ?? 0;
      if (CLASS[b] === 1) {
        this.pos += 1;
      } else if (b === 0x25) {
        while (this.pos < bytes.length && bytes[this.pos] !== 0x0a && bytes[this.pos] !== 0x0d) this.pos += 1;
      } else {
        return;
      }
    }
  }

  private skipLiteralString(): void {
    const { bytes } = this;
    let depth = 1;
    while (this.pos < bytes.length) {
      const b = bytes[this.pos] ?? 0;
      this.pos += 1;
      if (b === 0x5c) this.pos += 1;
      else if (b === 0x28) depth += 1;
      else if (b === 0x29) {
        depth -= 1;
        if (depth === 0) return;
      }
    }
    throw new PdfSyntaxError('unterminated string');
  }

  private skipHexString(): void {
    const { bytes } = this;
    while (this.pos < bytes.length) {
      const b = bytes[this.pos] ?? 0;
      this.pos += 1;
      if (b === 0x3e) return;
      if (CLASS[b] !== 1 && hexValue(b) < 0) throw new PdfSyntaxError('bad hex string');
    }
    throw new PdfSyntaxError('unterminated hex string');
  }

  next(): PdfToken {
    this.budget.remaining -= 1;
    if (this.budget.remaining < 0) throw new PdfSyntaxError('too many tokens');
    this.skipSpace();
    const { bytes } = this;
    if (this.pos >= bytes.length) return { kind: 'eof' };
    const b = bytes[this.pos] ?? 0;
    this.pos += 1;
    switch (b) {
      case 0x28:
        this.skipLiteralString();
        return { kind: 'string' };
      case 0x3c:
        if (bytes[this.pos] === 0x3c) {
          this.pos += 1;
          return { kind: 'punct', p: '<<' };
        }
        this.skipHexString();
        return { kind: 'string' };
      case 0x3e:
        if (bytes[this.pos] === 0x3e) {
          this.pos += 1;
          return { kind: 'punct', p: '>>' };
        }
        return { kind: 'punct', p: '>' };
      case 0x5b:
        return { kind: 'punct', p: '[' };
      case 0x5d:
        return { kind: 'punct', p: ']' };
      case 0x7b:
        return { kind: 'punct', p: '{' };
      case 0x7d:
        return { kind: 'punct', p: '}' };
      case 0x29:
        return { kind: 'punct', p: ')' };
      case 0x2f: {
        const start = this.pos;
        while (this.pos < bytes.length && isRegular(bytes[this.pos] ?? 0)) this.pos += 1;
        if (this.pos - start > LONGEST_NAME) return { kind: 'name', name: '' };
        const name = bytes.subarray(start, this.pos).includes(0x23)
          ? decodeName(bytes, start, this.pos)
          : plain(bytes, start, this.pos);
        this.onName(name);
        return { kind: 'name', name };
      }
      default: {
        const start = this.pos - 1;
        while (this.pos < bytes.length && isRegular(bytes[this.pos] ?? 0)) this.pos += 1;
        const number = this.pos - start <= 32 ? parseNumber(bytes, start, this.pos) : null;
        if (number !== null) return { kind: 'number', ...number };
        const word = this.pos - start <= LONGEST_KEYWORD ? plain(bytes, start, this.pos) : '';
        return { kind: 'keyword', word };
      }
    }
  }

  /** The token after this one, without moving on. */
  peek(): PdfToken {
    const at = this.pos;
    const token = this.next();
    this.pos = at;
    return token;
  }

  /** One object: `1 0 R` is read as a reference. */
  readValue(depth = 0): PdfValue {
    return this.valueFrom(this.next(), depth);
  }

  valueFrom(token: PdfToken, depth: number): PdfValue {
    if (depth > MAX_DEPTH) throw new PdfSyntaxError('nested too deeply');
    switch (token.kind) {
      case 'number':
        if (token.integer && token.value >= 0) return this.maybeReference(token);
        return token;
      case 'string':
      case 'name':
        return token;
      case 'keyword':
        if (token.word === 'true' || token.word === 'false') return { kind: 'bool' };
        if (token.word === 'null') return { kind: 'null' };
        throw new PdfSyntaxError(`unexpected ${token.word.slice(0, 20)}`);
      case 'punct':
        if (token.p === '[') return this.readArray(depth + 1);
        if (token.p === '<<') return this.readDict(depth + 1);
        throw new PdfSyntaxError(`unexpected ${token.p}`);
      case 'eof':
        throw new PdfSyntaxError('unexpected end');
    }
  }

  private maybeReference(first: { kind: 'number'; value: number; integer: boolean }): PdfValue {
    const at = this.pos;
    const second = this.next();
    if (second.kind === 'number' && second.integer) {
      const third = this.next();
      if (third.kind === 'keyword' && third.word === 'R') return { kind: 'ref', num: first.value };
    }
    this.pos = at;
    return first;
  }

  private readArray(depth: number): PdfValue {
    const items: PdfValue[] = [];
    for (;;) {
      const token = this.next();
      if (token.kind === 'punct' && token.p === ']') return { kind: 'array', items };
      items.push(this.valueFrom(token, depth));
    }
  }

  private readDict(depth: number): PdfValue {
    const entries = new Map<string, PdfValue>();
    for (;;) {
      const token = this.next();
      if (token.kind === 'punct' && token.p === '>>') return { kind: 'dict', entries };
      if (token.kind !== 'name') throw new PdfSyntaxError('dictionary key is not a name');
      const valueToken = this.next();
      // A key with no value before the end (`<< /A >>`) is read as null, as readers do.
      if (valueToken.kind === 'punct' && valueToken.p === '>>') {
        entries.set(token.name, { kind: 'null' });
        return { kind: 'dict', entries };
      }
      entries.set(token.name, this.valueFrom(valueToken, depth));
    }
  }
}

/** The index of `needle` in `bytes` at or after `from`, or -1. */
export function indexOfBytes(bytes: Uint8Array, needle: readonly number[], from: number): number {
  const first = needle[0];
  for (let i = bytes.indexOf(first ?? 0, from); i >= 0; i = bytes.indexOf(first ?? 0, i + 1)) {
    if (i + needle.length > bytes.length) return -1;
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j += 1;
    if (j === needle.length) return i;
  }
  return -1;
}

/** The index of the last `needle` in `bytes`, or -1. */
export function lastIndexOfBytes(bytes: Uint8Array, needle: readonly number[]): number {
  const first = needle[0] ?? 0;
  for (let i = bytes.lastIndexOf(first); i >= 0; i = i === 0 ? -1 : bytes.lastIndexOf(first, i - 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j += 1;
    if (j === needle.length) return i;
  }
  return -1;
}

export function ascii(text: string): number[] {
  return Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
}
