/**
 * CSV for exports (RFC 4180), safe to open in a spreadsheet: a cell that starts with =, +, -, @ (or their full-width
 * forms, which some spreadsheets read as the same), after any spaces, or with a tab, a carriage return or NUL, is
 * prefixed with an apostrophe so it is never run as a formula.
 */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters to neutralise
const FORMULA_START = /^[\s\u0000]*[=+\-@＝＋－＠]|^[\t\r\u0000]/u;

export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
