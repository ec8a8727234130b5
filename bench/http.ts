/**
 * Load from the benchmark's process with autocannon, on loopback, bounded in time, against a server in another
 * process. autocannon's own latency histogram keeps whole milliseconds and gives p97.5 but no p95, so each
 * response's time (autocannon measures it with the high-resolution clock) is recorded here and the percentiles are
 * computed from all of them: a p95 is a p95.
 */
import autocannon from 'autocannon';
import { summarise, type Summary } from './stats.js';

export interface LoadTestOptions {
  connections?: number;
  headers?: Record<string, string>;
  /** Requests sent in turn by each connection; by default a GET of `url`. */
  requests?: autocannon.Request[];
}

export async function loadTest(url: string, seconds: number, options: LoadTestOptions = {}): Promise<Summary> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections ?? 10,
        duration: seconds,
        pipelining: 1,
        ...(options.headers === undefined ? {} : { headers: options.headers }),
        ...(options.requests === undefined ? {} : { requests: options.requests }),
      },
      (err, r) => {
        if (err !== null && err !== undefined) fail(err instanceof Error ? err : new Error(String(err)));
        else done(r);
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
      latencies.push(responseTimeMs);
    });
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${String(result.non2xx)} non-2xx answers and ${String(result.errors)} errors under load`);
  }
  return summarise(latencies, result.duration * 1000);
}
