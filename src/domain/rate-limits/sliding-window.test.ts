import { describe, expect, it } from 'vitest';
import { slidingWindow, windowStartOf } from './sliding-window.js';

const W = 60_000;
const T = 1_800_000_000_000 - (1_800_000_000_000 % W);

describe('the sliding window', () => {
  it('aligns fixed windows on multiples of their length', () => {
    expect(windowStartOf(T + 59_999, W)).toBe(T);
    expect(windowStartOf(T + 60_000, W)).toBe(T + W);
  });

  it('allows exactly the limit in one window and refuses the next', () => {
    expect(slidingWindow({ previous: 0, current: 10 }, T + 5000, W, 10)).toEqual({
      hits: 10,
      exceeded: false,
      retryAfterMs: 55_000,
    });
    const refused = slidingWindow({ previous: 0, current: 11 }, T + 5000, W, 10);
    expect(refused.exceeded).toBe(true);
    // Refused requests count: 11 in this window weigh 11 * (1 - s/W) <= 9 after s = W * 2/11 into the next one.
    expect(refused.retryAfterMs).toBe(55_000 + Math.ceil((W * 2) / 11));
  });

  it('still weighs a burst at the end of the previous window just after the edge', () => {
    const justAfter = slidingWindow({ previous: 10, current: 1 }, T + 100, W, 10);
    expect(justAfter.exceeded).toBe(true);
    // One more would make current 2: wait until 10 * left / W <= 10 - 2, that is left = 0.8 W.
    expect(justAfter.retryAfterMs).toBe(Math.ceil(W - 100 - (8 * W) / 10));
  });

  it('lets the previous window fade out', () => {
    expect(slidingWindow({ previous: 10, current: 5 }, T + W / 2, W, 10).exceeded).toBe(false);
    expect(slidingWindow({ previous: 10, current: 6 }, T + W / 2, W, 10).exceeded).toBe(true);
    expect(slidingWindow({ previous: 10, current: 9 }, T + W - 1, W, 10).exceeded).toBe(false);
    expect(slidingWindow({ previous: 0, current: 10 }, T + W, W, 10).exceeded).toBe(false);
  });

  it('never asks for less than a second, nor more than two windows', () => {
    expect(slidingWindow({ previous: 600, current: 9 }, T + W - 200, W, 10).retryAfterMs).toBe(1000);
    expect(slidingWindow({ previous: 0, current: 1 }, T, W, 0).retryAfterMs).toBe(2 * W);
  });
});
