/**
 * The upload inspection of docs/adr/0028: the PDF reader (names, objects, object streams, filters, budgets), the
 * pictures' ends, and checkUpload on the hostile and clean fixtures of test/fixtures/uploads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedInflate } from '../../../services/referrals/inflate.js';
import { checkUpload } from '../attachments.js';
import { jpegEnd, pngEnd, trailingData } from './images.js';
import { Budget, decodeStream } from './pdf-filters.js';
import { inspectPdf, PDF_INFLATE_BUDGET, PDF_MAX_STREAMS, PDF_MAX_TOKENS, scanLoosely } from './pdf-inspect.js';
import { PdfLexer, PdfSyntaxError, type PdfValue } from './pdf-syntax.js';

const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/uploads');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const pdf = (body: string) => bytes(`%PDF-1.4\n${body}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

describe('PDF syntax', () => {
  it('decodes #xx escapes in names, and reads dictionaries, arrays and references', () => {
    const names: string[] = [];
    const value = new PdfLexer(
      bytes('<< /S /J#61vaScript /Kids [3 0 R 4 0 R] /N 1.5 /T (a (nested) str\\)ing) >>'),
      (n) => names.push(n),
    ).readValue();
    expect(names).toEqual(['S', 'JavaScript', 'Kids', 'N', 'T']);
    expect(value.kind === 'dict' && value.entries.get('Kids')).toEqual({
      kind: 'array',
      items: [
        { kind: 'ref', num: 3 },
        { kind: 'ref', num: 4 },
      ],
    });
    expect(value.kind === 'dict' && value.entries.get('N')).toEqual({ kind: 'number', value: 1.5, integer: false });
  });

  it('refuses what cannot be read: an unterminated string, a key that is not a name, nesting without end', () => {
    expect(() => new PdfLexer(bytes('(never closed')).readValue()).toThrow(PdfSyntaxError);
    expect(() => new PdfLexer(bytes('<< (key) 1 >>')).readValue()).toThrow(PdfSyntaxError);
    expect(() => new PdfLexer(bytes('['.repeat(100_000))).readValue()).toThrow('nested too deeply');
    expect(() => new PdfLexer(bytes('<4g>')).readValue()).toThrow(PdfSyntaxError);
  });
});

describe('loose scan of bytes that are not read as objects', () => {
  it('finds long active names with escapes, and action types after /S', () => {
    expect(scanLoosely(bytes('q /J#61vaScript Q'))).toBe('JavaScript');
    expect(scanLoosely(bytes('<< /S /U#52I /URI (x) >>'))).toBe('URI');
    expect(scanLoosely(bytes('/S\n/JS'))).toBe('JS');
  });
  it('ignores short names that turn up by chance, and ordinary drawing instructions', () => {
    expect(scanLoosely(bytes('/JS /URI /XFA BT /F1 12 Tf (JavaScript) Tj ET /Span <</MCID 0>> BDC'))).toBeNull();
    expect(scanLoosely(bytes('/S /GoTo /D [1 0 R /Fit]'))).toBeNull();
  });
});

describe('PDF inspection', () => {
  const refusedFor = (b: Uint8Array) => {
    const verdict = inspectPdf(b, boundedInflate);
    return verdict.ok ? 'ok' : verdict.reason;
  };

  it.each([
    'clean-pdfkit.pdf',
    'clean-chromium-print.pdf',
    'clean-object-streams.pdf',
    'clean-incremental-update.pdf',
    'paediatrician-letter.pdf',
  ])('passes the clean %s', (name) => {
    const b =
      name === 'paediatrician-letter.pdf'
        ? new Uint8Array(readFileSync(join(FIXTURES, '../../../e2e/fixtures', name)))
        : fixture(name);
    expect(inspectPdf(b, boundedInflate)).toEqual({ ok: true });
  });

  it.each([
    ['escaped-javascript.pdf', 'active'],
    ['escaped-launch.pdf', 'active'],
    ['escaped-uri.pdf', 'active'],
    ['escaped-embedded-file.pdf', 'active'],
    ['object-stream-javascript.pdf', 'active'],
    ['object-stream-untyped-launch.pdf', 'active'],
    ['flate-stream-javascript.pdf', 'active'],
    ['uri-action.pdf', 'active'],
    ['submit-form.pdf', 'active'],
    ['open-action-javascript-update.pdf', 'active'],
    ['zip-bomb.pdf', 'too-big'],
    ['truncated.pdf', 'unreadable'],
    ['malformed.pdf', 'unreadable'],
    ['encrypted.pdf', 'encrypted'],
    ['data-after-end.pdf', 'trailing'],
  ])('refuses %s as %s', (name, reason) => {
    expect(refusedFor(fixture(name))).toBe(reason);
  });

  it('reads every object as a reader would, so names split by comments or escapes are still found', () => {
    // The loose scan does not see /S%…\n/URI as an action; reading the object does.
    expect(
      refusedFor(pdf('1 0 obj << /Type /Catalog /OpenAction << /S%x\n/URI /URI (https://x.example) >> >> endobj')),
    ).toBe('active');
    expect(refusedFor(pdf('1 0 obj << /Type /Catalog /A#41 << /S /G#6F#54#6FR /F (x.pdf) >> >> endobj'))).toBe(
      'active',
    );
    expect(refusedFor(pdf('1 0 obj << /Type /Catalog /XFA 2 0 R >> endobj'))).toBe('active');
    expect(refusedFor(pdf('1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj'))).toBe('ok');
  });

  it('reads an object stream through more than one filter, and its objects whatever its header says', () => {
    const objects = deflateSync(Buffer.from('1 0 << /S /JavaScript /JS (x) >>'));
    const hex = objects.toString('hex');
    const file = pdf(
      `5 0 obj << /N 1 /First 4 /Filter [/AHx /Fl] /Length ${String(hex.length + 1)} >>\nstream\n${hex}>\nendstream\nendobj`,
    );
    expect(refusedFor(file)).toBe('active');
    const unknown = pdf(
      '5 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /LZWDecode /Length 3 >>\nstream\nabc\nendstream\nendobj',
    );
    expect(refusedFor(unknown)).toBe('unreadable');
  });

  it('stops inflating at the budget, and refuses damaged compressed data', () => {
    const budget = new Budget(1000);
    const dict = new Map([['Filter', { kind: 'name', name: 'FlateDecode' } as const]]);
    expect(decodeStream(dict, deflateSync(Buffer.alloc(5000)), boundedInflate, budget).kind).toBe('too-big');
    expect(decodeStream(dict, new Uint8Array([1, 2, 3, 4]), boundedInflate, new Budget(1000)).kind).toBe('corrupt');
    const ok = decodeStream(dict, deflateSync(Buffer.from('hello')), boundedInflate, new Budget(1000));
    expect(ok.kind === 'bytes' && Buffer.from(ok.bytes).toString()).toBe('hello');
    expect(PDF_INFLATE_BUDGET).toBe(50 * 1024 * 1024);
  });

  it('undoes ASCII85 and PNG predictors', () => {
    const a85 = new Map([['Filter', { kind: 'name', name: 'ASCII85Decode' } as const]]);
    const made = decodeStream(a85, bytes('87cURD]i,"Ebo80~>'), boundedInflate, new Budget(100));
    expect(made.kind === 'bytes' && Buffer.from(made.bytes).toString()).toBe('Hello World!');
    const predicted = new Map<string, PdfValue>([
      ['Filter', { kind: 'name', name: 'FlateDecode' }],
      ['DecodeParms', new PdfLexer(bytes('<< /Predictor 12 /Columns 3 >>')).readValue()],
    ]);
    const rows = deflateSync(Buffer.from([0, 1, 2, 3, 2, 1, 1, 1]));
    const undone = decodeStream(predicted, rows, boundedInflate, new Budget(100));
    expect(undone.kind === 'bytes' && [...undone.bytes]).toEqual([1, 2, 3, 2, 3, 4]);
  });

  it('is bounded by the work done: too many tokens or streams are refused, not read for ever', () => {
    const numbers = pdf(`1 0 obj [${'1 '.repeat(PDF_MAX_TOKENS)}] endobj`);
    expect(inspectPdf(numbers, boundedInflate)).toMatchObject({ reason: 'unreadable', detail: 'too many tokens' });
    const tiny = deflateSync(Buffer.from('q Q')).toString('latin1');
    const streams = Array.from(
      { length: PDF_MAX_STREAMS + 1 },
      (_, i) =>
        `${String(i + 1)} 0 obj << /Filter /FlateDecode /Length ${String(tiny.length)} >>\nstream\n${tiny}\nendstream endobj`,
    ).join('\n');
    expect(inspectPdf(pdf(streams), boundedInflate)).toMatchObject({
      reason: 'unreadable',
      detail: 'too many streams',
    });
  }, 60_000);

  it('never throws nor hangs on damaged input', () => {
    const clean = fixture('clean-object-streams.pdf');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(clean.length), (noise, at) => {
        const mangled = new Uint8Array([...clean.subarray(0, at), ...noise, ...clean.subarray(at)]);
        const verdict = inspectPdf(mangled, boundedInflate);
        expect(typeof verdict.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});

describe('where a picture ends', () => {
  it('walks a PNG to IEND and a JPEG to EOI, through stuffing, restarts and several scans', () => {
    const png = fixture('clean-drawing.png');
    expect(pngEnd(png)).toEqual({ ok: true, end: png.length });
    const jpeg = fixture('clean-photo.jpg');
    expect(jpegEnd(jpeg)).toEqual({ ok: true, end: jpeg.length });
    // SOI, SOS (progressive: two scans with a DHT between), data with FF00 and RST0, EOI.
    const progressive = new Uint8Array([
      0xff, 0xd8, 0xff, 0xda, 0, 2, 1, 0xff, 0x00, 2, 0xff, 0xd0, 3, 0xff, 0xc4, 0, 3, 9, 0xff, 0xda, 0, 2, 4, 0xff,
      0xff, 0xd9,
    ]);
    expect(jpegEnd(progressive)).toEqual({ ok: true, end: progressive.length });
  });

  it('finds the end before appended data, and refuses pictures cut short', () => {
    const photo = fixture('clean-photo.jpg');
    const gz = fixture('jpeg-then-gzip.jpg');
    expect(jpegEnd(gz)).toEqual({ ok: true, end: photo.length });
    expect(trailingData(gz, photo.length, true)).toBe(true);
    expect(trailingData(fixture('clean-photo-zero-padded.jpg'), photo.length, true)).toBe(false);
    expect(trailingData(fixture('clean-photo-zero-padded.jpg'), photo.length, false)).toBe(true);
    expect(jpegEnd(fixture('truncated.jpg')).ok).toBe(false);
    expect(pngEnd(fixture('truncated.png')).ok).toBe(false);
    expect(pngEnd(fixture('png-then-zlib.png'))).toEqual({ ok: true, end: fixture('clean-drawing.png').length });
  });
});

describe('checkUpload with the fixtures', () => {
  const messages = {
    active: 'The selected PDF contains scripts, links or attached files. Print it to a new PDF and upload that',
    unreadable: 'The selected PDF cannot be read. Print it to a new PDF and upload that',
    tooBig: 'The selected PDF is too big once opened. Print it to a new PDF, or split it into smaller files',
    encrypted: 'The selected PDF is protected by a password. Print it to a new PDF and upload that',
    trailing: 'The selected file has something else added after its end. Save it again as a PDF, JPG or PNG',
    hidden: 'The selected file contains something other than a document or picture. Save it again as a PDF, JPG or PNG',
  };
  it.each([
    ['escaped-javascript.pdf', messages.active],
    ['object-stream-javascript.pdf', messages.active],
    ['zip-bomb.pdf', messages.tooBig],
    ['truncated.pdf', messages.unreadable],
    ['encrypted.pdf', messages.encrypted],
    ['data-after-end.pdf', messages.trailing],
    ['png-then-rar.png', messages.hidden],
    ['png-then-zlib.png', messages.trailing],
    ['jpeg-then-7z.jpg', messages.hidden],
    ['jpeg-then-zip.jpg', messages.hidden],
    ['jpeg-then-gzip.jpg', messages.trailing],
    ['truncated.png', 'The selected file is not a complete PNG picture'],
    ['truncated.jpg', 'The selected file is not a complete JPG picture'],
  ])('refuses %s with a message saying what to do', (name, message) => {
    expect(checkUpload(name, fixture(name), boundedInflate)).toEqual({ ok: false, message });
  });

  it.each([
    ['clean-photo.jpg', 'image/jpeg'],
    ['clean-photo-zero-padded.jpg', 'image/jpeg'],
    ['clean-drawing.png', 'image/png'],
    ['clean-pdfkit.pdf', 'application/pdf'],
  ])('takes %s', (name, type) => {
    expect(checkUpload(name, fixture(name), boundedInflate)).toEqual({ ok: true, type, fileName: name });
  });
});
