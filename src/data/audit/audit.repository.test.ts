import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalAround, GENESIS_HASH, hashAuditRow } from './audit.repository.js';

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const maybe = fc.option(text, { nil: null });
const ownFields = fc.record({
  chain: text,
  service_id: maybe,
  occurred_at: text,
  actor_user_id: maybe,
  actor_roles: text,
  action: text,
  subject_type: maybe,
  subject_id: maybe,
  ip: maybe,
  correlation_id: maybe,
  outcome: text,
  detail: maybe,
});
const hexHash = fc.stringMatching(/^[0-9a-f]{64}$/u);

describe('canonicalAround (the text PostgreSQL hashes when it appends a row)', () => {
  it('puts any previous hash between its two parts to give the text hashAuditRow hashes', () => {
    fc.assert(
      fc.property(ownFields, hexHash, (own, prev) => {
        const { before, after } = canonicalAround(own);
        // As the database hashes it: the bytes of each part, the previous hash's between them.
        const bytes = Buffer.concat([Buffer.from(before), Buffer.from(prev), Buffer.from(after)]);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(hashAuditRow({ ...own, prev_hash: prev }));
      }),
    );
  });

  it('does so for the genesis hash and for text that JSON escapes', () => {
    const own = {
      chain: 'llr',
      service_id: 'llr',
      occurred_at: '2026-11-27T12:00:00.000Z',
      actor_user_id: null,
      actor_roles: 'triage-clinician',
      action: 'triage.worklist-viewed',
      subject_type: 'route',
      subject_id: 'quote " backslash \\ newline \n é 👩‍👧',
      ip: '127.0.0.1',
      correlation_id: 'c',
      outcome: 'success',
      detail: JSON.stringify({ reason: 'ünïcode' }),
    };
    const { before, after } = canonicalAround(own);
    expect(after).toBe('"]');
    expect(
      createHash('sha256')
        .update(before + GENESIS_HASH + after)
        .digest('hex'),
    ).toBe(hashAuditRow({ ...own, prev_hash: GENESIS_HASH }));
  });
});
