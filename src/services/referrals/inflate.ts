/**
 * FlateDecode for the upload checks (docs/adr/0028): zlib's inflate, stopped as soon as it would make more than the
 * bytes allowed, so a small stream that expands to gigabytes costs no more than the allowance. A stream cut short
 * gives what it holds (as PDF readers read it); data that is not zlib at all is 'corrupt'.
 */
import { constants, inflateSync } from 'node:zlib';
import type { Inflate } from '../../domain/referrals/attachments.js';

export const boundedInflate: Inflate = (data, maxBytes) => {
  try {
    const bytes = inflateSync(data, { maxOutputLength: Math.max(1, maxBytes), finishFlush: constants.Z_SYNC_FLUSH });
    return { ok: true, bytes };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (err instanceof RangeError || code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, reason: 'too-big' };
    return { ok: false, reason: 'corrupt' };
  }
};
