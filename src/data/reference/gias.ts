/**
 * DfE "Get Information about Schools" extracts (`edubasealldata` and its subsets): a header row, columns matched by
 * name, dates as DD-MM-YYYY or empty. Decode the bytes first (`decodeReferenceFile`: GIAS issues Windows-1252). Any
 * bad row refuses the whole file, naming its line.
 */
import { parseCsv } from './csv.js';
import { ReferenceFileError } from './errors.js';
import { isoDate, textOrNull, type SchoolRecord, type SchoolStatus } from './records.js';

const COLUMNS = {
  urn: 'URN',
  laCode: 'LA (code)',
  laName: 'LA (name)',
  name: 'EstablishmentName',
  statusName: 'EstablishmentStatus (name)',
  statusCode: 'EstablishmentStatus (code)',
  openDate: 'OpenDate',
  closeDate: 'CloseDate',
  type: 'TypeOfEstablishment (name)',
  typeGroup: 'EstablishmentTypeGroup (name)',
  phase: 'PhaseOfEducation (name)',
  lowAge: 'StatutoryLowAge',
  highAge: 'StatutoryHighAge',
  street: 'Street',
  town: 'Town',
  postcode: 'Postcode',
} as const;
type Column = keyof typeof COLUMNS;

/** Every GIAS download has these; a file without them is not one. */
const REQUIRED: readonly Column[] = ['urn', 'laCode', 'laName', 'name', 'openDate', 'closeDate', 'town', 'postcode'];

const STATUS_BY_NAME: Record<string, SchoolStatus> = {
  open: 'open',
  closed: 'closed',
  'open, but proposed to close': 'open-proposed-to-close',
  'proposed to open': 'proposed-to-open',
};
const STATUS_BY_CODE: Record<string, SchoolStatus> = {
  '1': 'open',
  '2': 'closed',
  '3': 'open-proposed-to-close',
  '4': 'proposed-to-open',
};

function giasDate(value: string, column: string, line: number): string | null {
  const text = value.trim();
  if (text === '') return null;
  const match = /^(\d{2})[-/](\d{2})[-/](\d{4})$/u.exec(text);
  const iso = match && isoDate(Number(match[3]), Number(match[2]), Number(match[1]));
  if (iso === null) {
    throw new ReferenceFileError(line, `the ${column} "${text}" is not a date written DD-MM-YYYY`);
  }
  return iso;
}

function age(value: string, column: string, line: number): number | null {
  const text = value.trim();
  if (text === '') return null;
  if (!/^\d{1,2}$/u.test(text)) throw new ReferenceFileError(line, `the ${column} "${text}" is not an age in years`);
  return Number(text);
}

function columnIndexes(header: string[]): Record<Column, number | undefined> {
  const position = new Map(header.map((name, index) => [name.replace(/^\uFEFF/u, '').trim(), index]));
  const indexes = Object.fromEntries(Object.entries(COLUMNS).map(([key, name]) => [key, position.get(name)])) as Record<
    Column,
    number | undefined
  >;
  const missing = REQUIRED.filter((c) => indexes[c] === undefined).map((c) => `"${COLUMNS[c]}"`);
  if (indexes.statusName === undefined && indexes.statusCode === undefined) missing.push(`"${COLUMNS.statusName}"`);
  if (missing.length > 0) {
    throw new ReferenceFileError(1, `the header has no column ${missing.join(', ')} (is this a GIAS extract?)`);
  }
  return indexes;
}

export function parseGias(text: string): SchoolRecord[] {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) throw new ReferenceFileError(null, 'The file is empty.');
  const at = columnIndexes(header.fields);
  if (rows.length === 0) throw new ReferenceFileError(null, 'The file has a header row but no schools.');
  const seen = new Map<string, number>();
  return rows.map(({ line, fields }) => {
    if (fields.length !== header.fields.length) {
      throw new ReferenceFileError(
        line,
        `expected ${String(header.fields.length)} columns as in the header, found ${String(fields.length)}`,
      );
    }
    const f = (c: Column): string => {
      const index = at[c];
      return index === undefined ? '' : (fields[index] ?? '');
    };
    const urn = f('urn').trim();
    if (urn === '') throw new ReferenceFileError(line, 'the URN is missing');
    if (!/^\d{1,8}$/u.test(urn)) throw new ReferenceFileError(line, `"${urn}" is not a URN`);
    const earlier = seen.get(urn);
    if (earlier !== undefined) throw new ReferenceFileError(line, `URN ${urn} is already on line ${String(earlier)}`);
    seen.set(urn, line);
    const laCode = f('laCode').trim();
    if (!/^\d{3}$/u.test(laCode)) {
      throw new ReferenceFileError(line, `the LA code "${laCode}" of URN ${urn} is not three digits`);
    }
    const name = textOrNull(f('name'));
    if (name === null) throw new ReferenceFileError(line, `the name of URN ${urn} is missing`);
    const statusName = f('statusName').trim().toLowerCase();
    const status = statusName === '' ? STATUS_BY_CODE[f('statusCode').trim()] : STATUS_BY_NAME[statusName];
    if (status === undefined) {
      const shown = statusName === '' ? f('statusCode').trim() : f('statusName').trim();
      throw new ReferenceFileError(line, `the establishment status "${shown}" of URN ${urn} is not known`);
    }
    return {
      urn,
      name,
      laCode,
      laName: textOrNull(f('laName')),
      establishmentType: textOrNull(f('type')),
      establishmentTypeGroup: textOrNull(f('typeGroup')),
      phase: textOrNull(f('phase')),
      status,
      openDate: giasDate(f('openDate'), 'OpenDate', line),
      closeDate: giasDate(f('closeDate'), 'CloseDate', line),
      statutoryLowAge: age(f('lowAge'), 'StatutoryLowAge', line),
      statutoryHighAge: age(f('highAge'), 'StatutoryHighAge', line),
      street: textOrNull(f('street')),
      town: textOrNull(f('town')),
      postcode: textOrNull(f('postcode'))?.toUpperCase() ?? null,
    };
  });
}
