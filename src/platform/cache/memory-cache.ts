// In-memory TTL cache with single-flight: the default, per instance, bounded by entry count.

import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Cache, CacheLookup, CacheStats } from './cache.js';

interface Entry {
  value: unknown;
  expiresAt: number;
}

export interface MemoryCacheOptions {
  /** Oldest entries are evicted beyond this many (insertion order). */
  maxEntries?: number;
  clock?: Clock;
}

export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const maxEntries = options.maxEntries ?? 1000;
  const clock = options.clock ?? systemClock;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<unknown>>();
  const stats: CacheStats = { hits: 0, misses: 0, errors: 0 };

  return {
    kind: 'memory',
    async getOrCompute<T>(key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<CacheLookup<T>> {
      const now = clock.now().getTime();
      const entry = entries.get(key);
      if (entry && entry.expiresAt > now) {
        stats.hits++;
        return { value: entry.value as T, hit: true };
      }
      if (entry) entries.delete(key);
      const pending = inFlight.get(key);
      if (pending) {
        // Someone else is computing this key right now: share their result (counted as a hit: no extra work).
        stats.hits++;
        return { value: (await pending) as T, hit: true };
      }
      stats.misses++;
      const computing = compute();
      inFlight.set(key, computing);
      try {
        const value = await computing;
        if (ttlSeconds > 0) {
          entries.set(key, { value, expiresAt: clock.now().getTime() + ttlSeconds * 1000 });
          while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
        }
        return { value, hit: false };
      } finally {
        inFlight.delete(key);
      }
    },
    stats: () => ({ ...stats }),
    close: async () => {
      entries.clear();
    },
  };
}
