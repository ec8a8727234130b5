/**
 * A small seeded pseudo-random generator for the benchmark data, so that the same seed always builds the same data
 * sets on any machine and Node.js version (Math.random cannot be seeded). sfc32: fast, 128 bits of state, and good
 * enough for synthetic records; not for anything secret.
 */

/** Mixes a seed and a label into one 32-bit number (FNV-1a, then a finaliser), to start independent streams. */
function hash32(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const DAY_MS = 86_400_000;
const daysOf = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
const isoOf = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `label` names the stream: the same seed with different labels gives sequences that do not follow each other. */
  constructor(seed: number, label = '') {
    this.a = hash32(seed, `${label}/a`);
    this.b = hash32(seed, `${label}/b`);
    this.c = hash32(seed, `${label}/c`);
    this.d = hash32(seed, `${label}/d`);
    // The first outputs still show the seed's pattern; these are thrown away.
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A number from 0 (inclusive) to 1 (exclusive). */
  next(): number {
    const sum = (this.a + this.b) >>> 0;
    this.a = (this.b ^ (this.b >>> 9)) >>> 0;
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.d = (this.d + 1) >>> 0;
    const t = (sum + this.d) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4_294_967_296;
  }

  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One of the items, each as likely as its weight; weights need not add up to anything in particular. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let at = this.next() * total;
    for (const [item, weight] of choices) {
      at -= weight;
      if (at < 0) return item;
    }
    const last = choices.at(-1);
    if (last === undefined) throw new RangeError('Cannot pick from an empty list');
    return last[0];
  }

  /** Up to `count` different items, in the order drawn. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const drawn: T[] = [];
    while (drawn.length < count && pool.length > 0) drawn.push(...pool.splice(this.int(0, pool.length - 1), 1));
    return drawn;
  }

  /** An ISO date from `from` to `to`, both included; calendar days counted in UTC so time zones cannot shift them. */
  dateBetween(from: string, to: string): string {
    const [start, end] = [daysOf(from), daysOf(to)];
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) {
      throw new RangeError(`No date between ${from} and ${to}`);
    }
    return isoOf(this.int(start, end));
  }
}
