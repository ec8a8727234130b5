/** Test NHS numbers for synthetic children: never a real person's. */
import { nhsNumberCheckDigit } from '../../domain/shared/nhs-number.js';
import type { Random } from './random.js';

/**
 * Unique test NHS numbers, 999 000 000x to 999 999 999x, in an order that looks random but never repeats: a small
 * keyed Feistel permutation of 20 bits, walked until it lands below a million, numbers each six-digit suffix once.
 */
export class TestNhsNumbers {
  private next = 0;
  private readonly keys: number[];

  constructor(random: Random) {
    this.keys = [0, 1, 2, 3].map(() => random.int(0, 0xfffff));
  }

  private permute(x: number): number {
    let [left, right] = [x >>> 10, x & 0x3ff];
    for (const key of this.keys) {
      const f = (Math.imul((right ^ key) + 0x9e37, 0x9e3779b1) >>> 22) & 0x3ff;
      [left, right] = [right, left ^ f];
    }
    return (left << 10) | right;
  }

  take(): string {
    while (this.next < 1_000_000) {
      let suffix = this.permute(this.next++);
      while (suffix >= 1_000_000) suffix = this.permute(suffix);
      const nine = `999${String(suffix).padStart(6, '0')}`;
      const check = nhsNumberCheckDigit(nine);
      if (check !== null) return `${nine}${String(check)}`;
    }
    throw new RangeError('The test range 999 has no NHS numbers left: it holds about 909,000.');
  }
}
