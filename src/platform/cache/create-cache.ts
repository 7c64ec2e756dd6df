// Picks the cache backend from configuration: Redis when REDIS_URL is set (shared by every instance), else memory
// (per instance); CACHE_TTL_SECONDS=0 turns caching off. The `redis` module loads only on the Redis path.

import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import type { Cache } from './cache.js';
import { createMemoryCache } from './memory-cache.js';
import { createNoCache } from './no-cache.js';
import { createRedisCache } from './redis-cache.js';

export type CacheConfig = Pick<Config, 'REDIS_URL' | 'CACHE_TTL_SECONDS' | 'REDIS_TIMEOUT_MS' | 'CACHE_MAX_ENTRIES'>;

export interface CacheDependencies {
  logger?: Logger;
  clock?: Clock;
  /** Redis key prefix (default `zava:v1:`); the database namespace is part of each key already. */
  keyPrefix?: string;
}

export function createCache(config: CacheConfig, deps: CacheDependencies = {}): Cache {
  const logger = deps.logger ?? silentLogger;
  const clock = deps.clock ?? systemClock;
  if (config.CACHE_TTL_SECONDS === 0) {
    logger.info('cache off (CACHE_TTL_SECONDS=0)');
    return createNoCache();
  }
  if (config.REDIS_URL) {
    return createRedisCache({
      url: config.REDIS_URL,
      timeoutMs: config.REDIS_TIMEOUT_MS,
      logger,
      clock,
      ...(deps.keyPrefix === undefined ? {} : { keyPrefix: deps.keyPrefix }),
    });
  }
  return createMemoryCache({ maxEntries: config.CACHE_MAX_ENTRIES, clock });
}
