/**
 * The store @fastify/rate-limit counts in: the shared, database-backed sliding window of src/services/rate-limits
 * (docs/adr/0031), in place of the plugin's in-memory fixed window. Each route with a limit of its own counts in a
 * scope of its own (its method and URL), as the plugin's per-route stores did; every other route shares the global
 * scope. The plugin's 429 answer, its headers and Retry-After are unchanged.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RateLimiter } from '../../services/rate-limits/rate-limiter.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** The scope of a route's own limit: its method(s) and URL, as the plugin hands them to `child`. */
function scopeOf(routeOptions: unknown): string {
  const info = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
  const method = Array.isArray(info.method) ? info.method.join(',') : (info.method ?? '');
  return `route ${method} ${info.url ?? ''}`;
}

function store(limiter: RateLimiter, scope: string): FastifyRateLimitStore {
  const answer = (state: Promise<{ hits: number; retryAfterMs: number }>, callback: Callback) => {
    state.then(
      (s) => {
        callback(null, { current: s.hits, ttl: s.retryAfterMs });
      },
      (err: unknown) => {
        callback(err instanceof Error ? err : new Error(String(err)));
      },
    );
  };
  return {
    incr(key: string, callback: Callback, timeWindow: number, max: number) {
      answer(limiter.hit(scope, key, timeWindow, max), callback);
    },
    read(key: string, callback: Callback, timeWindow: number, max: number) {
      answer(limiter.peek(scope, key, timeWindow, max), callback);
    },
    child(routeOptions) {
      return store(limiter, scopeOf(routeOptions));
    },
  } as FastifyRateLimitStore;
}

/** The constructor the plugin's `store` option takes; the plugin builds it once, with the global settings. */
export function sharedRateLimitStore(limiter: RateLimiter): FastifyRateLimitStoreCtor {
  return function SharedRateLimitStore() {
    return store(limiter, 'global');
  } as unknown as FastifyRateLimitStoreCtor;
}
