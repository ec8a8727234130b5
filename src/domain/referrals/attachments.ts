/**
 * What a referral's attachments (reports, letters) may be: PDF, JPEG or PNG, judged by their content as well as their
 * name, at most 10 MB each and 5 in all. Files that are two things at once (a PDF that is also a web page, an image
 * with an archive or a script inside, or anything after a picture's end) are refused, as are PDFs that carry
 * scripts, actions, links or attached files, read by a real PDF reader (docs/adr/0028). Pure: the bytes come in, a
 * verdict goes out; the caller passes in the function that inflates compressed PDF streams.
 */
import { jpegEnd, pngEnd, trailingData } from './uploads/images.js';
import type { Inflate } from './uploads/pdf-filters.js';
import { inspectPdf, type PdfVerdict } from './uploads/pdf-inspect.js';

export type { Inflate } from './uploads/pdf-filters.js';

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_MAX_FILES = 5;

export const ATTACHMENT_TYPES = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
} as const;

export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

export type UploadVerdict = { ok: true; type: AttachmentType; fileName: string } | { ok: false; message: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** The type the first bytes say the file is, whatever its name says. */
export function sniffType(bytes: Uint8Array): AttachmentType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  return null;
}

/** Markers of something else hidden inside: a web page, a script, an SVG, an archive, or a PDF's active content. */
const HIDDEN = [
  /<\s*(?:html|script|svg|iframe|object|embed|body)\b/iu,
  /<!doctype\s+html/iu,
  /javascript:/iu,
  // eslint-disable-next-line no-control-regex -- a ZIP archive's local file header starts PK, 3, 4
  /PK\u0003\u0004/u,
  // eslint-disable-next-line no-control-regex -- a RAR archive starts Rar!, 0x1a, 0x07
  /Rar!\u001a\u0007/u,
  // eslint-disable-next-line no-control-regex -- a 7-Zip archive starts 7z, 0xbc, 0xaf, 0x27, 0x1c
  /7z\u00bc\u00af'\u001c/u,
];

/** Each byte as one character, so that byte patterns can be searched as text whatever the file holds. */
function asLatin1(bytes: Uint8Array): string {
  // TextDecoder('latin1') is windows-1252 and slow on bytes over 0x7f; fromCharCode maps each byte to itself.
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += 8192) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(at, at + 8192) as unknown as number[]));
  }
  return parts.join('');
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f"<>|*?:\u202a-\u202e\u2066-\u2069\u200e\u200f]/gu;

/**
 * A file name safe to show and to send back in a download header: the last part of any path, without control
 * characters, quotes or bidirectional marks, at most 100 characters with its extension kept.
 */
export function safeFileName(name: string): string {
  const last = name.split(/[\\/]/u).at(-1) ?? '';
  const clean = last.normalize('NFC').replace(UNSAFE_IN_NAME, '').trim();
  if (clean.length <= 100) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 && clean.length - dot <= 6 ? clean.slice(dot) : '';
  return `${clean.slice(0, 100 - extension.length)}${extension}`;
}

const MESSAGES = {
  hidden: 'The selected file contains something other than a document or picture. Save it again as a PDF, JPG or PNG',
  active: 'The selected PDF contains scripts, links or attached files. Print it to a new PDF and upload that',
  unreadable: 'The selected PDF cannot be read. Print it to a new PDF and upload that',
  tooBig: 'The selected PDF is too big once opened. Print it to a new PDF, or split it into smaller files',
  encrypted: 'The selected PDF is protected by a password. Print it to a new PDF and upload that',
  trailing: 'The selected file has something else added after its end. Save it again as a PDF, JPG or PNG',
  png: 'The selected file is not a complete PNG picture',
  jpeg: 'The selected file is not a complete JPG picture',
} as const;

function pdfMessage(verdict: Exclude<PdfVerdict, { ok: true }>): string {
  switch (verdict.reason) {
    case 'active':
      return MESSAGES.active;
    case 'unreadable':
      return MESSAGES.unreadable;
    case 'too-big':
      return MESSAGES.tooBig;
    case 'encrypted':
      return MESSAGES.encrypted;
    case 'trailing':
      return MESSAGES.trailing;
  }
}

/** Why the file's content cannot be taken, or null. */
function contentProblem(type: AttachmentType, bytes: Uint8Array, inflate: Inflate): string | null {
  const text = asLatin1(bytes);
  if (HIDDEN.some((marker) => marker.test(text))) return MESSAGES.hidden;
  if (type === 'application/pdf') {
    const verdict = inspectPdf(bytes, inflate);
    return verdict.ok ? null : pdfMessage(verdict);
  }
  const png = type === 'image/png';
  const end = png ? pngEnd(bytes) : jpegEnd(bytes);
  if (!end.ok) return png ? MESSAGES.png : MESSAGES.jpeg;
  return trailingData(bytes, end.end, !png) ? MESSAGES.trailing : null;
}

export function checkUpload(originalName: string, bytes: Uint8Array, inflate: Inflate): UploadVerdict {
  const fileName = safeFileName(originalName);
  if (bytes.length === 0) return { ok: false, message: 'The selected file is empty' };
  if (bytes.length > ATTACHMENT_MAX_BYTES) return { ok: false, message: 'The selected file must be smaller than 10MB' };
  const extension = fileName.slice(fileName.lastIndexOf('.')).toLowerCase();
  const named = (Object.keys(ATTACHMENT_TYPES) as AttachmentType[]).find((t) =>
    (ATTACHMENT_TYPES[t] as readonly string[]).includes(extension),
  );
  const type = sniffType(bytes);
  if (named === undefined || type === null)
    return { ok: false, message: 'The selected file must be a PDF, JPG or PNG' };
  if (type !== named) {
    return { ok: false, message: 'The selected file is not what its name says: it must be a real PDF, JPG or PNG' };
  }
  const problem = contentProblem(type, bytes, inflate);
  if (problem !== null) return { ok: false, message: problem };
  return { ok: true, type, fileName };
}
