/**
 * Remembers `read`'s answers by key for `keptMs`, the least recently read dropped past `max`. A read in flight is
 * shared, so that a burst of requests for one code reads it once; a failed read is not kept.
 */
export function recentlyRead<T>(
  read: (key: string) => Promise<T>,
  options: { keptMs: number; max: number; now?: () => number },
) {
  const now = options.now ?? (() => performance.now());
  const kept = new Map<string, { value: Promise<T>; until: number }>();
  return {
    get(key: string): Promise<T> {
      const at = now();
      const hit = kept.get(key);
      kept.delete(key);
      if (hit !== undefined && hit.until > at) {
        kept.set(key, hit);
        return hit.value;
      }
      const value = read(key);
      const entry = { value, until: at + options.keptMs };
      kept.set(key, entry);
      value.catch(() => {
        if (kept.get(key) === entry) kept.delete(key);
      });
      if (kept.size > options.max) {
        const oldest = kept.keys().next();
        if (oldest.done !== true) kept.delete(oldest.value);
      }
      return value;
    },
    forget(): void {
      kept.clear();
    },
  };
}
