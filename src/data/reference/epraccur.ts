/**
 * NHS ODS `epraccur` (GP practices and other prescribing cost centres), in the publisher's format: no header row,
 * 27 quoted columns, dates as YYYYMMDD or empty. Any bad row refuses the whole file, naming its line.
 *
 * Columns used (1-based): 1 code, 2 name, 3 national grouping, 4 high level health geography (ICB), 5-9 address
 * lines, 10 postcode, 11 open date, 12 close date, 13 status (A/C/D/P), 15 commissioner (sub-ICB location),
 * 18 telephone, 26 prescribing setting.
 */
import type { PracticeStatus } from '../../domain/reference/types.js';
import { parseCsv } from './csv.js';
import { ReferenceFileError } from './errors.js';
import { isoDate, textOrNull, type PracticeRecord } from './records.js';

export const EPRACCUR_COLUMNS = 27;
const STATUSES: readonly string[] = ['A', 'C', 'D', 'P'] satisfies PracticeStatus[];
const CODE = /^[A-Z0-9]{3,10}$/u;

function epraccurDate(value: string, column: string, line: number): string | null {
  const text = value.trim();
  if (text === '') return null;
  const match = /^(\d{4})(\d{2})(\d{2})$/u.exec(text);
  const iso = match && isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  if (iso === null) {
    throw new ReferenceFileError(line, `the ${column} "${text}" is not a date written YYYYMMDD`);
  }
  return iso;
}

/**
 * The post town, from address lines that ODS fills unevenly: the last line that is not a county (lines ending in
 * "SHIRE", or "RUTLAND" after another line), and never the first line, which names the building or street.
 */
export function townFromAddress(lines: readonly (string | null)[]): string | null {
  const filled = lines.filter((l): l is string => l !== null);
  while (filled.length > 2 && /SHIRE$|^RUTLAND$/iu.test(filled.at(-1) ?? '')) filled.pop();
  return filled.length >= 2 ? (filled.at(-1) ?? null) : null;
}

export function parseEpraccur(text: string): PracticeRecord[] {
  const records = parseCsv(text);
  if (records.length === 0) throw new ReferenceFileError(null, 'The file has no rows.');
  const seen = new Map<string, number>();
  return records.map(({ line, fields }) => {
    if (fields.length !== EPRACCUR_COLUMNS) {
      throw new ReferenceFileError(
        line,
        `expected ${String(EPRACCUR_COLUMNS)} columns, found ${String(fields.length)} (is this an epraccur file?)`,
      );
    }
    const f = (column: number): string => fields[column - 1] ?? '';
    const code = f(1).trim().toUpperCase();
    if (code === '') throw new ReferenceFileError(line, 'the organisation code (column 1) is missing');
    if (!CODE.test(code)) throw new ReferenceFileError(line, `"${code}" is not an ODS organisation code`);
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      throw new ReferenceFileError(line, `${code} is already on line ${String(earlier)}`);
    }
    seen.set(code, line);
    const name = textOrNull(f(2));
    if (name === null) throw new ReferenceFileError(line, `the name of ${code} (column 2) is missing`);
    const status = f(13).trim().toUpperCase();
    if (!STATUSES.includes(status)) {
      throw new ReferenceFileError(line, `the status "${f(13)}" of ${code} is not A, C, D or P`);
    }
    const setting = f(26).trim();
    if (!/^\d{1,3}$/u.test(setting)) {
      throw new ReferenceFileError(line, `the prescribing setting "${setting}" of ${code} (column 26) is not a number`);
    }
    const addressLines = [textOrNull(f(5)), textOrNull(f(6)), textOrNull(f(7)), textOrNull(f(8)), textOrNull(f(9))];
    return {
      code,
      name,
      nationalGrouping: textOrNull(f(3)),
      icbCode: textOrNull(f(4))?.toUpperCase() ?? null,
      subIcbCode: textOrNull(f(15))?.toUpperCase() ?? null,
      addressLines: addressLines as PracticeRecord['addressLines'],
      town: townFromAddress(addressLines),
      postcode: textOrNull(f(10))?.toUpperCase() ?? null,
      status: status as PracticeStatus,
      openDate: epraccurDate(f(11), 'open date (column 11)', line),
      closeDate: epraccurDate(f(12), 'close date (column 12)', line),
      telephone: textOrNull(f(18)),
      prescribingSetting: Number(setting),
    };
  });
}
