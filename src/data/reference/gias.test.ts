import { describe, expect, it } from 'vitest';
import { ReferenceFileError } from './errors.js';
import { parseGias } from './gias.js';

const HEADER = [
  'URN',
  'LA (code)',
  'LA (name)',
  'EstablishmentName',
  'TypeOfEstablishment (name)',
  'EstablishmentStatus (code)',
  'EstablishmentStatus (name)',
  'OpenDate',
  'CloseDate',
  'PhaseOfEducation (name)',
  'StatutoryLowAge',
  'StatutoryHighAge',
  'Street',
  'Town',
  'Postcode',
];
const quoted = (values: readonly string[]) => values.map((v) => `"${v.replaceAll('"', '""')}"`).join(',');
const header = quoted(HEADER);

function row(overrides: Partial<Record<string, string>> = {}): string {
  const base: Record<string, string> = {
    URN: '120000',
    'LA (code)': '855',
    'LA (name)': 'Leicestershire',
    EstablishmentName: 'Castle Donington College',
    'TypeOfEstablishment (name)': 'Academy converter',
    'EstablishmentStatus (code)': '1',
    'EstablishmentStatus (name)': 'Open',
    OpenDate: '01-09-2011',
    CloseDate: '',
    'PhaseOfEducation (name)': 'Secondary',
    StatutoryLowAge: '11',
    StatutoryHighAge: '16',
    Street: 'Mount Pleasant',
    Town: 'Derby',
    Postcode: 'de74 2lN',
  };
  const values = { ...base, ...overrides };
  return quoted(HEADER.map((h) => values[h] ?? ''));
}

function errorOf(text: string): ReferenceFileError {
  try {
    parseGias(text);
  } catch (err) {
    if (err instanceof ReferenceFileError) return err;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

describe('parseGias', () => {
  it('matches columns by name and reads a school', () => {
    expect(parseGias(`${header}\r\n${row()}\r\n`)).toEqual([
      {
        urn: '120000',
        name: 'Castle Donington College',
        laCode: '855',
        laName: 'Leicestershire',
        establishmentType: 'Academy converter',
        establishmentTypeGroup: null,
        phase: 'Secondary',
        status: 'open',
        openDate: '2011-09-01',
        closeDate: null,
        statutoryLowAge: 11,
        statutoryHighAge: 16,
        street: 'Mount Pleasant',
        town: 'Derby',
        postcode: 'DE74 2LN',
      },
    ]);
  });

  it('does not depend on the order of the columns', () => {
    const reversed = [
      quoted([...HEADER].reverse()),
      quoted(
        row()
          .split(',')
          .reverse()
          .map((v) => v.slice(1, -1)),
      ),
    ];
    expect(parseGias(reversed.join('\n'))[0]?.name).toBe('Castle Donington College');
  });

  it('reads each GIAS status, by name or else by code', () => {
    const statuses = ['Open', 'Closed', 'Open, but proposed to close', 'Proposed to open'].map((name, i) =>
      row({ URN: String(200 + i), 'EstablishmentStatus (name)': name }),
    );
    statuses.push(row({ URN: '300', 'EstablishmentStatus (name)': '', 'EstablishmentStatus (code)': '2' }));
    expect(parseGias([header, ...statuses].join('\n')).map((s) => s.status)).toEqual([
      'open',
      'closed',
      'open-proposed-to-close',
      'proposed-to-open',
      'closed',
    ]);
  });

  it('keeps quoted commas and doubled quotes in names', () => {
    const name = 'St Mary’s, the "Old" School';
    expect(parseGias(`${header}\n${row({ EstablishmentName: name })}`)[0]?.name).toBe(name);
  });

  it('reads a closed school with its close date', () => {
    const closed = row({ 'EstablishmentStatus (name)': 'Closed', CloseDate: '31-08-2019' });
    expect(parseGias(`${header}\n${closed}`)[0]).toMatchObject({ status: 'closed', closeDate: '2019-08-31' });
  });

  it('refuses a header without a required column', () => {
    const text = `${quoted(HEADER.filter((h) => h !== 'LA (code)'))}\n`;
    expect(errorOf(text).message).toBe('Line 1: the header has no column "LA (code)" (is this a GIAS extract?)');
  });

  it('refuses a row with the wrong number of columns, naming its line', () => {
    const text = [header, row({ URN: '1' }), row({ URN: '2' }), `${row({ URN: '3' })},""`].join('\n');
    expect(errorOf(text).message).toBe('Line 4: expected 15 columns as in the header, found 16');
  });

  it('refuses bad dates, URNs, LA codes, statuses and ages, naming the line', () => {
    const bad = (overrides: Partial<Record<string, string>>) =>
      errorOf(`${header}\n${row()}\n${row({ URN: '9', ...overrides })}`);
    expect(bad({ OpenDate: '31-02-2020' }).message).toBe(
      'Line 3: the OpenDate "31-02-2020" is not a date written DD-MM-YYYY',
    );
    expect(bad({ CloseDate: '2020-01-31' }).line).toBe(3);
    expect(bad({ URN: '' }).problem).toBe('the URN is missing');
    expect(bad({ URN: 'ABC' }).problem).toBe('"ABC" is not a URN');
    expect(bad({ 'LA (code)': 'E10000018' }).problem).toMatch(/LA code/u);
    expect(bad({ 'EstablishmentStatus (name)': 'Shut' }).problem).toBe(
      'the establishment status "Shut" of URN 9 is not known',
    );
    expect(bad({ StatutoryLowAge: 'four' }).problem).toMatch(/StatutoryLowAge/u);
    expect(bad({ URN: '120000' }).message).toBe('Line 3: URN 120000 is already on line 2');
  });

  it('refuses an empty file and a file with no schools', () => {
    expect(errorOf('').line).toBeNull();
    expect(errorOf(`${header}\n`).problem).toMatch(/no schools/u);
  });
});
