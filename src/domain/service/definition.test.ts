import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseServiceDefinition } from './definition.js';

const root = new URL('../../../', import.meta.url);
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

const llr = () => readJson('service-definitions/llr-childrens-ot.json') as Record<string, unknown>;

function problemsOf(input: unknown): string[] {
  const result = parseServiceDefinition(input);
  if (result.ok) throw new Error('expected the definition to be refused');
  return result.problems;
}

describe('parseServiceDefinition', () => {
  it("accepts the LLR children's occupational therapy definition", () => {
    const result = parseServiceDefinition(llr());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.definition.id).toBe('llr-childrens-ot');
      expect(result.definition.organisation.odsCode).toBe('RT5');
    }
  });

  it('accepts the test physiotherapy definition', () => {
    const result = parseServiceDefinition(readJson('test/fixtures/service-definitions/test-paediatric-physio.json'));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.definition.contact.hours).toBe('Weekdays, 8am to 6pm');
  });

  it('fills in notes when they are left out', () => {
    const { notes: _notes, ...withoutNotes } = llr();
    const result = parseServiceDefinition(withoutNotes);
    expect(result.ok && result.definition.notes).toEqual([]);
  });

  it('names the id when it has capitals', () => {
    const problems = problemsOf({ ...llr(), id: 'LLR-Childrens-OT' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^id: /u);
  });

  it.each(['with space', '-leading', 'trailing-', 'double--hyphen', ''])('names the id %j', (id) => {
    expect(problemsOf({ ...llr(), id })[0]).toMatch(/^id: /u);
  });

  it('names organisation.odsCode when it is missing', () => {
    const definition = llr();
    const problems = problemsOf({ ...definition, organisation: { name: 'Leicestershire Partnership NHS Trust' } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^organisation\.odsCode: /u);
  });

  it('names an unknown extra field, at the top or nested', () => {
    const top = problemsOf({ ...llr(), colour: 'blue' });
    expect(top).toHaveLength(1);
    expect(top[0]).toContain('colour');

    const nested = problemsOf({ ...llr(), contact: { telephone: '0116 295 2495', fax: '0116 000 0000' } });
    expect(nested).toHaveLength(1);
    expect(nested[0]).toMatch(/^contact: /u);
    expect(nested[0]).toContain('fax');
  });

  it('names every bad field at once', () => {
    const problems = problemsOf({ ...llr(), phase: 'gamma', contact: { telephone: 'call us' } });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['contact.telephone', 'phase']);
  });

  it('refuses what is not an object', () => {
    for (const input of [null, 'llr', 42, []]) expect(problemsOf(input)[0]).toMatch(/^\(root\): /u);
  });
});
