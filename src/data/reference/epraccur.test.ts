import { describe, expect, it } from 'vitest';
import { parseEpraccur, townFromAddress } from './epraccur.js';
import { ReferenceFileError } from './errors.js';

/** One epraccur row, quoted as ODS issues it, with the given 1-based columns replaced. */
function row(overrides: Record<number, string> = {}): string {
  const base: Record<number, string> = {
    1: 'C82044',
    2: 'EMPINGHAM MEDICAL CENTRE',
    3: 'Y60',
    4: 'QK1',
    5: 'MAIN STREET',
    6: 'EMPINGHAM',
    7: 'OAKHAM',
    10: 'LE15 8PR',
    11: '19740401',
    13: 'A',
    14: 'B',
    15: '03W',
    16: '20130401',
    18: '01780 460202',
    22: '0',
    24: '03W',
    26: '4',
  };
  const values = { ...base, ...overrides };
  return Array.from({ length: 27 }, (_, i) => `"${(values[i + 1] ?? '').replaceAll('"', '""')}"`).join(',');
}

function errorOf(text: string): ReferenceFileError {
  try {
    parseEpraccur(text);
  } catch (err) {
    if (err instanceof ReferenceFileError) return err;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

describe('parseEpraccur', () => {
  it('reads the columns the rules and forms need', () => {
    expect(parseEpraccur(`${row()}\r\n`)).toEqual([
      {
        code: 'C82044',
        name: 'EMPINGHAM MEDICAL CENTRE',
        nationalGrouping: 'Y60',
        icbCode: 'QK1',
        subIcbCode: '03W',
        addressLines: ['MAIN STREET', 'EMPINGHAM', 'OAKHAM', null, null],
        town: 'OAKHAM',
        postcode: 'LE15 8PR',
        status: 'A',
        openDate: '1974-04-01',
        closeDate: null,
        telephone: '01780 460202',
        prescribingSetting: 4,
      },
    ]);
  });

  it('reads a closed practice with its close date', () => {
    const [practice] = parseEpraccur(row({ 1: 'C82029', 12: '20240331', 13: 'C' }));
    expect(practice).toMatchObject({ code: 'C82029', status: 'C', closeDate: '2024-03-31' });
  });

  it('refuses a row with the wrong number of columns, naming its line', () => {
    const text = [row({ 1: 'A00001' }), row({ 1: 'A00002' }), `${row({ 1: 'A00003' })},"extra"`].join('\n');
    expect(errorOf(text).message).toBe('Line 3: expected 27 columns, found 28 (is this an epraccur file?)');
  });

  it('refuses a file with a header row', () => {
    expect(errorOf('code,name\n').line).toBe(1);
  });

  it('refuses bad dates: impossible days, the wrong shape, 29 February outside a leap year', () => {
    expect(errorOf(row({ 11: '20230230' })).message).toBe(
      'Line 1: the open date (column 11) "20230230" is not a date written YYYYMMDD',
    );
    expect(errorOf(row({ 12: '2024-03-31' })).problem).toMatch(/close date/u);
    expect(errorOf(row({ 11: '20230229' })).line).toBe(1);
    expect(parseEpraccur(row({ 11: '20240229' }))[0]?.openDate).toBe('2024-02-29');
  });

  it('refuses an unknown status, a missing code, a missing name and a missing setting', () => {
    expect(errorOf(`${row({ 1: 'A81001' })}\n${row({ 13: 'X' })}`).message).toBe(
      'Line 2: the status "X" of C82044 is not A, C, D or P',
    );
    expect(errorOf(row({ 1: ' ' })).message).toBe('Line 1: the organisation code (column 1) is missing');
    expect(errorOf(row({ 2: '' })).problem).toMatch(/name of C82044/u);
    expect(errorOf(row({ 26: '' })).problem).toMatch(/prescribing setting/u);
  });

  it('refuses a code listed twice, naming both lines', () => {
    expect(errorOf(`${row()}\n\n${row()}`).message).toBe('Line 3: C82044 is already on line 1');
  });

  it('refuses an empty file', () => {
    expect(errorOf('\n').line).toBeNull();
  });
});

describe('townFromAddress', () => {
  it('takes the last line that is not a county, and never the first line', () => {
    expect(townFromAddress(['ORCHARD SURGERY', 'THE DRAGWELL, KEGWORTH', 'DERBY', 'NOTTINGHAMSHIRE', null])).toBe(
      'DERBY',
    );
    expect(townFromAddress(['KENDREW MEDICAL CENTRE', 'COTTESMORE', null, 'OAKHAM', 'RUTLAND'])).toBe('OAKHAM');
    expect(townFromAddress(['2A STATION STREET', null, 'KIBWORTH', 'LEICESTERSHIRE', null])).toBe('KIBWORTH');
    expect(townFromAddress(['1 HIGH STREET', null, null, null, null])).toBeNull();
  });
});
