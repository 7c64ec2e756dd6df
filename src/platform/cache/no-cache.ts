// The cache turned off (CACHE_TTL_SECONDS=0): every call computes, nothing is stored or shared, misses are counted.

import type { Cache, CacheLookup, CacheStats } from './cache.js';

export function createNoCache(): Cache {
  const stats: CacheStats = { hits: 0, misses: 0, errors: 0 };
  return {
    kind: 'none',
    async getOrCompute<T>(_key: string, _ttlSeconds: number, compute: () => Promise<T>): Promise<CacheLookup<T>> {
      stats.misses++;
      return { value: await compute(), hit: false };
    },
    stats: () => ({ ...stats }),
    close: async () => undefined,
  };
}
