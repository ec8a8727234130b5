/** Load from a second client on loopback with autocannon: bounded in time, 10 connections, this machine only. */
import autocannon from 'autocannon';
import type { Summary } from './stats.js';

export async function loadTest(url: string, seconds: number, connections = 10): Promise<Summary> {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${String(result.non2xx)} non-2xx answers and ${String(result.errors)} errors under load`);
  }
  return {
    perSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p95Ms: result.latency.p97_5,
    p99Ms: result.latency.p99,
  };
}
