/**
 * Turns a reference file's bytes into text. Valid UTF-8 (with or without a byte-order mark) is read as UTF-8;
 * anything else as Windows-1252, the encoding of GIAS downloads.
 *
 * Windows-1252 is decoded here rather than by `TextDecoder('windows-1252')`: Node 20's decoder treats that label as
 * ISO-8859-1 and turns 0x92 into the control character U+0092 instead of the apostrophe U+2019.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Windows-1252 bytes 0x80 to 0x9F; the five undefined ones stay as their C1 control characters. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (b) =>
      b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? b) : b,
    );
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

export type TextEncodingName = 'utf-8' | 'windows-1252';

export function decodeReferenceFile(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  try {
    // The decoder drops a leading byte-order mark by default.
    return { text: UTF8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}
