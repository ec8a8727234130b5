/**
 * What a referral's attachments (reports, letters) may be: PDF, JPEG or PNG, judged by their content as well as their
 * name, at most 10 MB each and 5 in all. Files that are two things at once (a PDF that is also a web page, an image
 * with an archive or a script inside) are refused, as are PDFs that carry scripts or launch actions. Pure: the bytes
 * come in, a verdict goes out.
 */
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
const PNG_END = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

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
];
/*
 * Names long enough not to turn up by chance inside compressed data (a three-byte name like /JS would, about once in
 * every 10 MB); a script action always names its type /JavaScript.
 */
const PDF_ACTIVE = [/\/JavaScript\b/u, /\/Launch\b/u, /\/EmbeddedFiles?\b/u, /\/RichMedia\b/u];

/** Each byte as one character, so that byte patterns can be searched as text whatever the file holds. */
function asLatin1(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes);
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

export function checkUpload(originalName: string, bytes: Uint8Array): UploadVerdict {
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
  const text = asLatin1(bytes);
  if (HIDDEN.some((marker) => marker.test(text))) {
    return {
      ok: false,
      message:
        'The selected file contains something other than a document or picture. Save it again as a PDF, JPG or PNG',
    };
  }
  if (type === 'application/pdf' && PDF_ACTIVE.some((marker) => marker.test(text))) {
    return {
      ok: false,
      message: 'The selected PDF contains scripts or attachments. Print it to a new PDF and upload that',
    };
  }
  if (type === 'image/png' && !startsWith(bytes, PNG_END, bytes.length - PNG_END.length)) {
    return { ok: false, message: 'The selected file is not a complete PNG picture' };
  }
  return { ok: true, type, fileName };
}
