import { describe, expect, it } from 'vitest';
import { anchorLine, anchorText, parseAnchorLine } from './anchor.js';

const anchor = {
  chain: 'llr-childrens-ot',
  lastId: 42,
  lastHash: 'a'.repeat(64),
  anchoredAt: '2026-12-03T06:00:00.000Z',
};

describe('audit anchors', () => {
  it('signs a versioned text of every field, so no field can change without the signature failing', () => {
    const text = anchorText(anchor);
    expect(text).toBe(`otway-audit-anchor/1\nllr-childrens-ot\n42\n${'a'.repeat(64)}\n2026-12-03T06:00:00.000Z`);
    for (const changed of [
      { ...anchor, chain: 'instance' },
      { ...anchor, lastId: 43 },
      { ...anchor, lastHash: 'b'.repeat(64) },
      { ...anchor, anchoredAt: '2026-12-03T06:15:00.000Z' },
    ]) {
      expect(anchorText(changed)).not.toBe(text);
    }
  });

  it('reads back the line it writes', () => {
    const signed = { ...anchor, signature: 'c2lnbmF0dXJl' };
    expect(parseAnchorLine(anchorLine(signed))).toEqual(signed);
  });

  it.each([
    ['a torn line', '{"chain":"llr-childrens-ot","lastId":4'],
    ['not JSON', 'hello'],
    ['a hash that is not one', JSON.stringify({ ...anchor, lastHash: 'xyz', signature: 's' })],
    ['an id that is not one', JSON.stringify({ ...anchor, lastId: -1, signature: 's' })],
    ['a field too many', JSON.stringify({ ...anchor, signature: 's', extra: 1 })],
    ['no signature', JSON.stringify(anchor)],
  ])('is not an anchor: %s', (_what, line) => {
    expect(parseAnchorLine(line)).toBeNull();
  });
});
