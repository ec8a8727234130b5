/**
 * Whether a PDF can carry out actions when a clinician opens it (docs/adr/0028). The whole file is read as a PDF
 * reader would read it, and more: every object of every revision (incremental updates included, reachable or not),
 * names with their `#xx` escapes decoded, every FlateDecode stream inflated and the objects inside object streams
 * read too. A PDF is refused when any of them names JavaScript, a launch, an embedded file, a web link (URI), a form
 * submission or import, a remote go-to, rich media or an XFA form (and so an /OpenAction or /AA that points to one);
 * when it is encrypted (its insides cannot be read); when it cannot be read at all; when it inflates to more than
 * `PDF_INFLATE_BUDGET`; and when something follows its last `%%EOF`.
 *
 *   inspectPdf(bytes, inflate) // { ok: false, reason: 'active', name: 'JavaScript' }
 */
import { Budget, decodeStream, type Inflate } from './pdf-filters.js';
import {
  ascii,
  indexOfBytes,
  isRegular,
  isWhitespace,
  lastIndexOfBytes,
  decodeName,
  PdfLexer,
  TokenBudget,
  type PdfToken,
  type PdfValue,
} from './pdf-syntax.js';

export type PdfVerdict =
  | { ok: true }
  | { ok: false; reason: 'active'; name: string }
  | { ok: false; reason: 'unreadable'; detail: string }
  | { ok: false; reason: 'too-big' }
  | { ok: false; reason: 'encrypted' }
  | { ok: false; reason: 'trailing' };

/** At most this many bytes are made by undoing the filters of all a file's streams together. */
export const PDF_INFLATE_BUDGET = 50 * 1024 * 1024;
/** At most this many tokens are read in one file, in its objects and its object streams together. */
export const PDF_MAX_TOKENS = 4_000_000;
/** At most this many streams are decoded in one file (each has a cost beyond its bytes). */
export const PDF_MAX_STREAMS = 20_000;

/** Names that mark active content or actions wherever they appear as a name in an object. */
const ACTIVE = new Set([
  'JavaScript',
  'JS',
  'Launch',
  'EmbeddedFile',
  'EmbeddedFiles',
  'URI',
  'SubmitForm',
  'ImportData',
  'GoToR',
  'GoToE',
  'RichMedia',
  'RichMediaExecute',
  'XFA',
  'OnInstantiate',
]);
/*
 * Outside objects (in a page's drawing instructions, a font or raw bytes) only names long enough not to turn up by
 * chance are looked for, and action types after /S: `/JS` would turn up in random bytes about once in every 10 MB.
 */
const ACTIVE_LONG = new Set([...ACTIVE].filter((name) => name.length >= 5));

class Unreadable extends Error {}

/** The first active name in bytes that are not read as objects (a content stream, a font, the raw file). */
export function scanLoosely(bytes: Uint8Array): string | null {
  let previousWasS = false;
  let previousEnd = -1;
  for (let i = bytes.indexOf(0x2f); i >= 0; i = bytes.indexOf(0x2f, i + 1)) {
    let end = i + 1;
    while (end < bytes.length && isRegular(bytes[end] ?? 0)) end += 1;
    const length = end - i - 1;
    // The longest name looked for, with every letter escaped as #xx, is 48 bytes.
    const name = length >= 1 && length <= 48 ? decodeName(bytes, i + 1, end) : '';
    if (ACTIVE_LONG.has(name)) return name;
    if (previousWasS && ACTIVE.has(name)) {
      let gap = previousEnd;
      while (gap < i && isWhitespace(bytes[gap] ?? 0)) gap += 1;
      if (gap === i) return name;
    }
    previousWasS = name === 'S';
    previousEnd = end;
    i = end - 1;
  }
  return null;
}

interface Stream {
  dict: Map<string, PdfValue>;
  data: Uint8Array;
}

const ENDSTREAM = ascii('endstream');
const EOF_MARK = ascii('%%EOF');

function nameOf(value: PdfValue | undefined): string | undefined {
  return value?.kind === 'name' ? value.name : undefined;
}

function isKeyword(token: PdfToken | undefined, word: string): boolean {
  return token?.kind === 'keyword' && token.word === word;
}

function isInteger(token: PdfToken | undefined): boolean {
  return token?.kind === 'number' && token.integer && token.value >= 0;
}

/** The stream's bytes after `stream`: by its /Length when that ends at `endstream`, else up to `endstream`. */
function readStreamData(lexer: PdfLexer, dict: Map<string, PdfValue>): Stream {
  const { bytes } = lexer;
  let start = lexer.pos;
  if (bytes[start] === 0x0d) start += 1;
  if (bytes[start] === 0x0a) start += 1;
  const length = dict.get('Length');
  if (length?.kind === 'number' && length.integer && length.value >= 0 && start + length.value <= bytes.length) {
    let after = start + length.value;
    while (after < bytes.length && isWhitespace(bytes[after] ?? 0)) after += 1;
    if (ENDSTREAM.every((b, i) => bytes[after + i] === b)) {
      lexer.pos = after + ENDSTREAM.length;
      return { dict, data: bytes.subarray(start, start + length.value) };
    }
  }
  const at = indexOfBytes(bytes, ENDSTREAM, start);
  if (at < 0) throw new Unreadable('a stream has no end');
  let end = at;
  if (end > start && bytes[end - 1] === 0x0a) end -= 1;
  if (end > start && bytes[end - 1] === 0x0d) end -= 1;
  lexer.pos = at + ENDSTREAM.length;
  return { dict, data: bytes.subarray(start, end) };
}

/** Every object in the file, in order, whatever the cross-reference tables say; the streams are kept for later. */
function readObjects(bytes: Uint8Array, onName: (name: string) => void, tokens: TokenBudget): Stream[] {
  const lexer = new PdfLexer(bytes, onName, tokens);
  const streams: Stream[] = [];
  let before: PdfToken | undefined;
  let last: PdfToken | undefined;
  for (;;) {
    const token = lexer.next();
    if (token.kind === 'eof') return streams;
    if (isKeyword(token, 'obj') && isInteger(before) && isInteger(last)) {
      const first = lexer.next();
      if (!isKeyword(first, 'endobj')) {
        const value = lexer.valueFrom(first, 0);
        if (isKeyword(lexer.peek(), 'stream')) {
          lexer.next();
          if (value.kind !== 'dict') throw new Unreadable('a stream without a dictionary');
          streams.push(readStreamData(lexer, value.entries));
        }
        if (isKeyword(lexer.peek(), 'endobj')) lexer.next();
      }
      before = undefined;
      last = undefined;
      continue;
    }
    if (isKeyword(token, 'trailer')) {
      lexer.readValue();
    } else if (token.kind === 'punct' && (token.p === '<<' || token.p === '[')) {
      lexer.valueFrom(token, 0);
    }
    before = last;
    last = token;
  }
}

/** The objects in an object stream: a header of numbers, then the objects, all read as values. */
function readObjectStream(bytes: Uint8Array, onName: (name: string) => void, tokens: TokenBudget): void {
  const lexer = new PdfLexer(bytes, onName, tokens);
  for (let token = lexer.next(); token.kind !== 'eof'; token = lexer.next()) lexer.valueFrom(token, 0);
}

function inspect(bytes: Uint8Array, inflate: Inflate): PdfVerdict {
  const eof = lastIndexOfBytes(bytes, EOF_MARK);
  if (eof < 0) return { ok: false, reason: 'unreadable', detail: 'no %%EOF' };
  for (let i = eof + EOF_MARK.length; i < bytes.length; i += 1) {
    if (!isWhitespace(bytes[i] ?? 0)) return { ok: false, reason: 'trailing' };
  }
  const loose = scanLoosely(bytes);
  if (loose !== null) return { ok: false, reason: 'active', name: loose };

  const seen = new Set<string>();
  const onName = (name: string) => {
    if (ACTIVE.has(name) || name === 'Encrypt') seen.add(name);
  };
  const active = (): PdfVerdict | null => {
    const name = [...seen].find((n) => ACTIVE.has(n));
    return name === undefined ? null : { ok: false, reason: 'active', name };
  };
  const tokens = new TokenBudget(PDF_MAX_TOKENS);
  const streams = readObjects(bytes, onName, tokens);
  const found = active();
  if (found !== null) return found;
  if (seen.has('Encrypt')) return { ok: false, reason: 'encrypted' };

  const budget = new Budget(PDF_INFLATE_BUDGET);
  let decoded = 0;
  for (const { dict, data } of streams) {
    // An object stream is known by /First, whatever its /Type says: readers do not look at the type.
    const objectStream = dict.has('First') || nameOf(dict.get('Type')) === 'ObjStm';
    if (!objectStream && (nameOf(dict.get('Subtype')) === 'Image' || nameOf(dict.get('Type')) === 'XRef')) continue;
    decoded += 1;
    if (decoded > PDF_MAX_STREAMS) return { ok: false, reason: 'unreadable', detail: 'too many streams' };
    const result = decodeStream(dict, data, inflate, budget);
    if (result.kind === 'too-big') return { ok: false, reason: 'too-big' };
    if (result.kind === 'corrupt') return { ok: false, reason: 'unreadable', detail: 'a stream is damaged' };
    if (result.kind === 'unsupported') {
      return { ok: false, reason: 'unreadable', detail: `a stream uses ${result.filter.slice(0, 30)}` };
    }
    if (result.kind === 'pixels') {
      if (objectStream) return { ok: false, reason: 'unreadable', detail: 'an object stream of pixels' };
      continue;
    }
    if (objectStream) {
      readObjectStream(result.bytes, onName, tokens);
      const inside = active();
      if (inside !== null) return inside;
    } else {
      const name = scanLoosely(result.bytes);
      if (name !== null) return { ok: false, reason: 'active', name };
    }
  }
  return { ok: true };
}

/** Never throws: a file the reader cannot follow is refused as unreadable. */
export function inspectPdf(bytes: Uint8Array, inflate: Inflate): PdfVerdict {
  try {
    return inspect(bytes, inflate);
  } catch (err) {
    const detail = err instanceof Error ? err.message : 'unknown';
    return { ok: false, reason: 'unreadable', detail };
  }
}
