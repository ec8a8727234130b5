import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Letter } from '../../domain/letters/compose.js';
import { letterPdf, lettersPdf, pdfSafeText } from './letter-pdf.js';

const LETTER: Letter = {
  recipient: 'family',
  recipientName: 'Zoë O’Brien',
  email: null,
  addressLines: ['12 Granby Street', 'Leicester', 'LE1 6FB'],
  date: '27 November 2026',
  subject: 'About the referral for <script>alert(1)</script> {{7*7}}',
  paragraphs: ['Dear Zoë O’Brien,', 'Child: <script>alert(1)</script> {{7*7}}\nOur reference: OT-7K3M-9QX2'],
  sender: {
    serviceName: "Children's Occupational Therapy",
    organisationName: 'Leicestershire Partnership NHS Trust',
    telephone: '0116 295 2495',
  },
};

/** The text-drawing operators of every page, decompressed: pdfkit writes each run of text as hex glyph codes. */
function drawnText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  let text = '';
  for (const match of source.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/gu)) {
    let body: string;
    try {
      body = inflateSync(Buffer.from(match[1] ?? '', 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const hex of body.matchAll(/<([0-9a-f]+)>/gu)) text += Buffer.from(hex[1] ?? '', 'hex').toString('latin1');
  }
  return text;
}

describe('pdfSafeText', () => {
  it('keeps Windows-1252 letters, composing accents first, and shows anything else as "?"', () => {
    expect(pdfSafeText('Zoë O’Brien – £5 €')).toBe('Zoë O’Brien – £5 €');
    expect(pdfSafeText('Zoe\u0308')).toBe('Zoë');
    expect(pdfSafeText('李 مرحبا 😀')).toBe('? ????? ?');
    expect(pdfSafeText('line one\nline two')).toBe('line one\nline two');
  });
});

describe('letterPdf', () => {
  it('makes a PDF that draws the letter’s words as text, markup and braces included', async () => {
    const pdf = await letterPdf(LETTER);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    // Kerning splits runs of text, so compare with the spaces and splits taken out.
    const drawn = drawnText(pdf).replace(/\s/gu, '');
    expect(drawn).toContain('<script>alert(1)</script>{{7*7}}'.replace(/\s/gu, ''));
    expect(drawn).toContain('OT-7K3M-9QX2');
    expect(drawn).toContain('LE16FB');
  });
});

/** The pages of a PDF: pdfkit writes each page as an object of type /Page, and the page tree's /Count. */
function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/gu)?.length ?? 0;
}

describe('lettersPdf', () => {
  const letter = (name: string, paragraphs = ['Dear family,']): Letter => ({
    ...LETTER,
    recipientName: name,
    subject: `About ${name}`,
    paragraphs,
  });

  it('draws every letter in the order given, each from the top of a new page', async () => {
    const names = ['Amara Adeyemi', 'Bo Brown', 'Cai Chen'];
    const pdf = await lettersPdf(
      names.map((n) => letter(n)),
      'Letters to print',
    );
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pageCount(pdf)).toBe(3);
    expect(pdf.toString('latin1')).toContain('/Count 3');
    const drawn = drawnText(pdf).replace(/\s/gu, '');
    const at = names.map((n) => drawn.indexOf(n.replace(/\s/gu, '')));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('lets a long letter run on, and still starts the next one on a page of its own', async () => {
    const long = letter(
      'Long Letter',
      Array.from({ length: 60 }, (_, i) => `Paragraph ${String(i)} of a long letter.`),
    );
    const one = await letterPdf(long);
    const together = await lettersPdf([long, letter('Short Letter')], 'Letters to print');
    expect(pageCount(one)).toBeGreaterThan(1);
    expect(pageCount(together)).toBe(pageCount(one) + 1);
  });

  it('refuses to make a PDF of no letters', async () => {
    await expect(lettersPdf([], 'Letters to print')).rejects.toThrow('No letters');
  });
});
