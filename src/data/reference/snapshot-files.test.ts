import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSnapshot, SnapshotError } from './snapshot-files.js';

const SHIPPED = resolve(import.meta.dirname, '../../../service-definitions');

describe('the reference-data snapshot shipped beside the service definitions', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const folderWith = (manifest: unknown): string => {
    const dir = mkdtempSync(join(tmpdir(), 'otway-snapshot-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'reference-data'));
    writeFileSync(join(dir, 'reference-data', 'snapshot.json'), JSON.stringify(manifest));
    writeFileSync(join(dir, 'reference-data', 'p.csv'), 'x');
    return dir;
  };
  const manifest = (file: string, dataDate = '2025-09-01') => ({
    licence: 'Open Government Licence v3.0',
    licenceUrl: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    attribution: 'Contains public sector information licensed under the Open Government Licence v3.0.',
    files: [{ kind: 'practices', file, publisher: 'NHS England', dataDate }],
  });

  it('lists the shipped files, each with its publisher and the date of its data', () => {
    const files = readSnapshot(SHIPPED);
    expect(files.map((f) => [f.kind, f.dataDate])).toEqual([
      ['practices', '2025-09-01'],
      ['schools', '2024-08-31'],
    ]);
    expect(files.every((f) => f.bytes.length > 10_000)).toBe(true);
  });

  it('is none when the folder has no manifest, and refuses a manifest that is wrong', () => {
    const empty = mkdtempSync(join(tmpdir(), 'otway-snapshot-'));
    dirs.push(empty);
    expect(readSnapshot(empty)).toEqual([]);
    expect(readSnapshot(folderWith(manifest('p.csv')))).toHaveLength(1);
    expect(() => readSnapshot(folderWith(manifest('../p.csv')))).toThrow(SnapshotError);
    expect(() => readSnapshot(folderWith(manifest('p.csv', '1 Sept 2025')))).toThrow(SnapshotError);
  });
});
