import { describe, expect, it } from 'vitest';
import { recentlyRead } from './recently-read.js';

/** A reader that counts its reads and answers `${key}#${n}`, or fails while `failing` is set. */
function reader() {
  const reads: string[] = [];
  let failing = false;
  return {
    reads,
    fail(on: boolean) {
      failing = on;
    },
    read: async (key: string) => {
      reads.push(key);
      if (failing) throw new Error(`cannot read ${key}`);
      return `${key}#${String(reads.length)}`;
    },
  };
}

describe('recentlyRead', () => {
  it('reads a key once while it is kept, and again once it has expired', async () => {
    let now = 0;
    const r = reader();
    const kept = recentlyRead(r.read, { keptMs: 1_000, max: 10, now: () => now });
    expect(await kept.get('C82044')).toBe('C82044#1');
    now = 999;
    expect(await kept.get('C82044')).toBe('C82044#1');
    now = 1_000;
    expect(await kept.get('C82044')).toBe('C82044#2');
    expect(r.reads).toEqual(['C82044', 'C82044']);
  });

  it('keeps an answer of "not found" too, for the same time', async () => {
    let now = 0;
    const reads: string[] = [];
    const kept = recentlyRead(
      async (key) => {
        reads.push(key);
        return undefined;
      },
      { keptMs: 1_000, max: 10, now: () => now },
    );
    await expect(kept.get('ZZZ999')).resolves.toBeUndefined();
    now = 500;
    await expect(kept.get('ZZZ999')).resolves.toBeUndefined();
    expect(reads).toEqual(['ZZZ999']);
  });

  it('shares a read in flight between the requests that ask at once', async () => {
    const r = reader();
    const kept = recentlyRead(r.read, { keptMs: 1_000, max: 10, now: () => 0 });
    const answers = await Promise.all([kept.get('A'), kept.get('A'), kept.get('B')]);
    expect(answers).toEqual(['A#1', 'A#1', 'B#2']);
    expect(r.reads).toEqual(['A', 'B']);
  });

  it('does not keep a failed read: the next request reads again', async () => {
    const r = reader();
    const kept = recentlyRead(r.read, { keptMs: 1_000, max: 10, now: () => 0 });
    r.fail(true);
    await expect(kept.get('A')).rejects.toThrow('cannot read A');
    r.fail(false);
    expect(await kept.get('A')).toBe('A#2');
  });

  it('drops the least recently read once it holds more than max', async () => {
    const r = reader();
    const kept = recentlyRead(r.read, { keptMs: 1_000, max: 2, now: () => 0 });
    await kept.get('A');
    await kept.get('B');
    await kept.get('A'); // A is now the most recently read
    await kept.get('C'); // B goes
    await kept.get('A');
    await kept.get('B');
    expect(r.reads).toEqual(['A', 'B', 'C', 'B']);
  });

  it('forgets everything when asked (after an import)', async () => {
    const r = reader();
    const kept = recentlyRead(r.read, { keptMs: 1_000, max: 10, now: () => 0 });
    await kept.get('A');
    kept.forget();
    expect(await kept.get('A')).toBe('A#2');
  });
});
