import { describe, expect, it } from 'vitest';
import { diffReference } from './diff.js';

type V = { code: string; name: string; status: string; missing_since: string | null };
const v = (code: string, name: string, status = 'A', missing_since: string | null = null): V => ({
  code,
  name,
  status,
  missing_since,
});
const stored = (...rows: V[]) => new Map(rows.map((r) => [r.code, { ...r, first_seen_at: 'x' }]));
const run = (incoming: V[], existing: Map<string, V>) =>
  diffReference(
    incoming,
    existing,
    (r) => r.code,
    (r) => r.status === 'C',
  );

describe('diffReference', () => {
  it('sorts records into added, changed and unchanged, recording each changed column', () => {
    const diff = run(
      [v('A', 'Alpha'), v('B', 'Bravo two'), v('C', 'Charlie')],
      stored(v('B', 'Bravo'), v('C', 'Charlie')),
    );
    expect(diff.added.map((r) => r.code)).toEqual(['A']);
    expect(diff.unchanged).toBe(1);
    expect(diff.changed.map((c) => c.change)).toEqual([
      { key: 'B', kind: 'updated', changes: { name: { from: 'Bravo', to: 'Bravo two' } } },
    ]);
    expect(diff.missing).toEqual([]);
  });

  it('calls a change to a closed status a closure, and a reopening an update', () => {
    const diff = run([v('A', 'Alpha', 'C'), v('B', 'Bravo', 'A')], stored(v('A', 'Alpha'), v('B', 'Bravo', 'C')));
    expect(diff.changed.map((c) => [c.change.key, c.change.kind])).toEqual([
      ['A', 'closed'],
      ['B', 'updated'],
    ]);
  });

  it('lists as missing what the file leaves out, once', () => {
    const diff = run([v('A', 'Alpha')], stored(v('A', 'Alpha'), v('B', 'Bravo'), v('C', 'Charlie', 'A', '2026-01-01')));
    expect(diff.missing).toEqual(['B']);
  });

  it('calls a missing record that comes back unchanged a return', () => {
    const diff = run([v('C', 'Charlie')], stored(v('C', 'Charlie', 'A', '2026-01-01')));
    expect(diff.changed.map((c) => c.change)).toEqual([
      { key: 'C', kind: 'returned', changes: { missing_since: { from: '2026-01-01', to: null } } },
    ]);
  });
});
