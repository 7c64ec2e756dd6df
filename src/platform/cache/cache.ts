// The cache service the tool runner uses: get-or-compute by key with a TTL. Implementations: in memory (default)
// and Redis (shared by instances). Keys are built by the caller and must already carry the tenant scope.

export interface CacheLookup<T> {
  value: T;
  /** True when the value came from the cache (this instance's memory or a shared store). */
  hit: boolean;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Backend failures (e.g. Redis down); the value was computed without the cache. */
  errors: number;
}

export interface Cache {
  /** Backend name for logs and telemetry: 'memory', 'redis', 'none'. */
  readonly kind: string;
  /**
   * The cached value for `key`, or `compute()`'s result stored for `ttlSeconds`. Concurrent identical misses compute
   * once per instance. A failing backend never fails the call: the value is computed and returned uncached.
   * Values must be JSON-serializable.
   */
  getOrCompute<T>(key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<CacheLookup<T>>;
  stats(): CacheStats;
  close(): Promise<void>;
}
