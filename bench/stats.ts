/** Percentiles and formatting for the benchmarks. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export interface Summary {
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** Summarises per-operation durations in milliseconds, measured over `elapsedMs` of wall time. */
export function summarise(durationsMs: number[], elapsedMs: number): Summary {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  return {
    perSecond: (durationsMs.length / elapsedMs) * 1000,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
  };
}

/** Times `operation` repeatedly for about `seconds`, one call at a time, after a short warm-up. */
export async function timeLoop(operation: () => unknown, seconds: number): Promise<Summary> {
  const warmUntil = performance.now() + Math.min(1000, seconds * 200);
  while (performance.now() < warmUntil) await operation();
  const durations: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    await operation();
    durations.push(performance.now() - t0);
  }
  return summarise(durations, performance.now() - start);
}

export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n >= 100 ? Math.round(n).toLocaleString('en-GB') : n.toFixed(digits);
}
