/**
 * Signed EHCP health advice as an A4 PDF, drawn with pdfkit and Helvetica as the letters are (letter-pdf.ts), but
 * with headings and lists, which a letter has not. Every value is drawn as text (`pdfSafeText`), never interpreted.
 */
import type PDFKitDocument from 'pdfkit';
import type { AdviceDocument, Block } from '../../domain/ehcp/advice-document.js';
import { pdfSafeText } from '../letters/letter-pdf.js';

const MM = 72 / 25.4;

function drawBlocks(doc: PDFKit.PDFDocument, blocks: readonly Block[], width: number): void {
  for (const block of blocks) {
    if (block.kind === 'heading') {
      doc.moveDown(0.5).font('Helvetica-Bold').fontSize(11).text(pdfSafeText(block.text), { width });
      doc.font('Helvetica');
    } else if (block.kind === 'paragraph') {
      doc.moveDown(0.3).fontSize(11).text(pdfSafeText(block.text), { width });
    } else if (block.items.length > 0) {
      doc.moveDown(0.3).fontSize(11).list(block.items.map(pdfSafeText), { width, bulletRadius: 1.5, textIndent: 12 });
    }
  }
}

function draw(doc: PDFKit.PDFDocument, d: AdviceDocument): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font('Helvetica-Bold').fontSize(15).text(pdfSafeText(d.title), left, doc.page.margins.top, { width });
  doc.moveDown(0.5).font('Helvetica').fontSize(10);
  for (const [label, value] of d.details) {
    doc.font('Helvetica-Bold').text(pdfSafeText(`${label}: `), { continued: true, width });
    doc.font('Helvetica').text(pdfSafeText(value), { width });
  }
  for (const section of d.sections) {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(pdfSafeText(section.heading), { width });
    doc.font('Helvetica');
    drawBlocks(doc, section.blocks, width);
  }
  doc.moveDown(1).fontSize(11);
  for (const line of d.signature) doc.text(pdfSafeText(line), { width });
  if (d.addenda.length > 0) {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text('Addenda', { width });
    doc.font('Helvetica');
    for (const addendum of d.addenda) {
      doc.moveDown(0.5).font('Helvetica-Bold').fontSize(11).text(pdfSafeText(addendum.heading), { width });
      doc.font('Helvetica');
      drawBlocks(doc, addendum.blocks, width);
    }
  }
}

/** The advice as a PDF; pdfkit is loaded on first use, as the letters load it. */
export async function advicePdf(d: AdviceDocument, author: string): Promise<Buffer> {
  const PDFDocument: typeof PDFKitDocument = (await import('pdfkit')).default;
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 20 * MM, bottom: 20 * MM, left: 20 * MM, right: 20 * MM },
      info: { Title: pdfSafeText(d.title), Author: pdfSafeText(author) },
      lang: 'en-GB',
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
    draw(doc, d);
    doc.end();
  });
}
