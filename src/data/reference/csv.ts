/**
 * A small RFC 4180 reader for the reference files: fields separated by commas, optionally quoted, a quote inside a
 * quoted field doubled, records ended by CRLF or LF. Each record keeps the line it starts on, so errors can name it.
 * Blank lines are skipped. A quoted field may span lines.
 */
import { ReferenceFileError } from './errors.js';

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const length = text.length;
  let i = 0;
  let line = 1;
  while (i < length) {
    const startLine = line;
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const quote = text.indexOf('"', i);
          if (quote === -1) throw new ReferenceFileError(startLine, 'a quoted field is never closed');
          const chunk = text.slice(i, quote);
          for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', nl + 1)) line++;
          value += chunk;
          if (text[quote + 1] === '"') {
            value += '"';
            i = quote + 2;
            continue;
          }
          i = quote + 1;
          break;
        }
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new ReferenceFileError(line, 'text follows the closing quote of a field');
        }
      } else {
        const start = i;
        while (i < length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
        value = text.slice(start, i);
        if (value.includes('"')) throw new ReferenceFileError(line, 'a quote inside an unquoted field');
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
      } else {
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
        endOfRecord = true;
      }
    }
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: startLine, fields });
  }
  return records;
}
