/**
 * A letter as an A4 PDF, drawn with pdfkit: the sender at the top right, the addressee where a window envelope shows
 * it, then the date, the subject and the paragraphs. Every value is drawn as text, never interpreted.
 *
 * The PDF uses Helvetica, one of the fonts every PDF reader has, so nothing is embedded or fetched. It covers the
 * Windows-1252 characters (English and western European letters, accents included); anything else is drawn as "?"
 * rather than as the wrong letter. The HTML record and the e-mail keep every character.
 */
import type PDFKitDocument from 'pdfkit';
import type { Letter } from '../../domain/letters/compose.js';

/** The characters Windows-1252 adds between 0x80 and 0x9F, which Helvetica draws. */
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text Helvetica can draw: NFC, with anything outside Windows-1252 shown as "?". */
export function pdfSafeText(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    const drawable = ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff);
    out += drawable || CP1252_EXTRAS.has(ch) ? ch : '?';
  }
  return out;
}

const MM = 72 / 25.4;

/** Draws one letter from the top of the document's current page (a long letter runs on to the next pages). */
function drawLetter(doc: PDFKit.PDFDocument, letter: Omit<Letter, 'recipient'>): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const from = [letter.sender.serviceName, letter.sender.organisationName, `Telephone: ${letter.sender.telephone}`];
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(pdfSafeText(from.join('\n')), left, 20 * MM, { width, align: 'right' });
  // Where a DL window envelope shows the address: 20 mm in, about 50 mm down.
  const to = [letter.recipientName, ...letter.addressLines];
  doc.fontSize(11).text(pdfSafeText(to.join('\n')), left, 50 * MM, { width: 90 * MM });
  doc.text(pdfSafeText(letter.date), left, 95 * MM, { width });
  doc.moveDown();
  doc.font('Helvetica-Bold').text(pdfSafeText(letter.subject), { width });
  doc.font('Helvetica');
  for (const paragraph of letter.paragraphs) {
    doc.moveDown();
    doc.text(pdfSafeText(paragraph), { width });
  }
}

/**
 * An A4 document with the letters drawn in it, in order, each from the top of a new page. pdfkit is loaded on the first
 * letter, not at start-up, where it would be the largest module Otway loads (about a sixth of its start-up time).
 */
async function pdfOf(
  letters: readonly Omit<Letter, 'recipient'>[],
  info: { Title: string; Author: string },
): Promise<Buffer> {
  const PDFDocument: typeof PDFKitDocument = (await import('pdfkit')).default;
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 20 * MM, bottom: 20 * MM, left: 20 * MM, right: 20 * MM },
      info,
      lang: 'en-GB',
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
    letters.forEach((letter, i) => {
      if (i > 0) doc.addPage();
      drawLetter(doc, letter);
    });
    doc.end();
  });
}

/** Any letter drawn from these parts: a triage letter, or a discharge letter (whose recipient is its party). */
export function letterPdf(letter: Omit<Letter, 'recipient'>): Promise<Buffer> {
  return pdfOf([letter], {
    Title: pdfSafeText(letter.subject),
    Author: pdfSafeText(letter.sender.organisationName),
  });
}

/**
 * Several letters in one PDF, to print together: each drawn as `letterPdf` draws it, from the top of a new page, in
 * the order given. Titled without anyone's name, as the file may be seen in a print queue.
 */
export async function lettersPdf(letters: readonly Omit<Letter, 'recipient'>[], title: string): Promise<Buffer> {
  if (letters.length === 0) throw new Error('No letters to put in the PDF');
  return pdfOf(letters, {
    Title: pdfSafeText(title),
    Author: pdfSafeText(letters[0]?.sender.organisationName ?? ''),
  });
}
