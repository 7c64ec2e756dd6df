// The composition root, one per process (a warm Functions instance reuses it): configuration, then the shared
// services built once (logger, clock, cache, telemetry, embedder, token verifier) and the database, opened lazily
// and self-checked once. Every default needs nothing; tests and hosts inject their own parts.

import type { Limits } from '../analytics/request-context.js';
import { createScopeCache, type ScopeCache } from '../analytics/scope-cache.js';
import { createConfiguredVerifier, type TokenVerifier } from '../auth/verify-token.js';
import type { DatabaseHandle } from '../data/open-database.js';
import { checkDatabaseSafety } from '../data/self-check.js';
import type { Cache } from '../platform/cache/cache.js';
import { createCache } from '../platform/cache/create-cache.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import { createEmbedderFromConfig } from '../platform/embeddings/create-embedder.js';
import { type BreakerEmbedder, withCircuitBreaker } from '../platform/embeddings/breaker-embedder.js';
import type { Embedder } from '../platform/embeddings/embedder.js';
import { embeddingsTarget, withTracing } from '../platform/embeddings/traced-embedder.js';
import { ConfigurationError } from '../platform/errors.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { createPerformanceMonitor, type PerformanceMonitor } from '../platform/performance-monitor.js';
import type { Telemetry } from '../platform/telemetry.js';
import { createTelemetry } from '../platform/telemetry/create-telemetry.js';
import { deferTelemetry } from '../platform/telemetry/deferred-telemetry.js';
import { openConfiguredDatabase } from './configured-database.js';
import { observePool } from './pool-metrics.js';
import { createScopeRetry, type ScopeRetry } from './scope-retry.js';

export interface RuntimeOptions {
  config: Config;
  logger?: Logger;
  /** Opens the database; defaults to DATABASE_URL or the embedded PGlite. */
  openDatabase?: () => Promise<DatabaseHandle>;
  embedder?: Embedder;
  verifier?: TokenVerifier;
  /** "Now" for everything that answers with dates (get_current_utc_date, cache expiry); pinned in tests. */
  clock?: Clock;
  cache?: Cache;
  telemetry?: Telemetry;
  /** Test-only: run SQL without the parser guard to prove the database holds alone. Refused outside tests. */
  unsafeDisableSqlGuardForTests?: boolean;
}

export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly cache: Cache;
  readonly telemetry: Telemetry;
  /** The embedder behind the circuit breaker (EMBEDDINGS_BREAKER_*): fails fast while the service is down. */
  readonly embedder: Embedder;
  /** The breaker's state and retry time, for readiness. */
  readonly embeddingsBreaker: Pick<BreakerEmbedder, 'retryAt'> & { readonly state: BreakerEmbedder['breaker']['state'] };
  /** Repeats whole tenant-scope read transactions after transient database failures (DB_RETRY_*). */
  readonly scopeRetry: ScopeRetry;
  readonly limits: Limits;
  readonly sqlGuard: 'on' | 'off-for-tests';
  /** Each caller's role and store ids, memoized for at most a minute (keys of cached answers). */
  readonly scopes: ScopeCache;
  readonly performance: PerformanceMonitor;
  verifier(): Promise<TokenVerifier>;
  /** The database once it passed the safety self-check; throws a ConfigurationError naming the problems otherwise. */
  database(): Promise<DatabaseHandle>;
  /**
   * Starts what the first request would otherwise wait for, one after the other: the database (opened and
   * self-checked) and the token signing keys. Resolves when both are done; never rejects: a failure is logged and
   * the first request tries again.
   */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  if (options.unsafeDisableSqlGuardForTests && (config.runningInAzure || process.env.NODE_ENV === 'production' || !process.env.VITEST)) {
    throw new ConfigurationError('The SQL guard can only be disabled inside the test suite.');
  }
  const clock = options.clock ?? systemClock;
  const cache = options.cache ?? createCache(config, { logger, clock });
  // No-op (nothing imported) unless an exporter is configured; then started in the background.
  const telemetry = options.telemetry ?? deferTelemetry(createTelemetry(config, { logger }));
  // Injected embedders (tests, CLIs) get the same breaker: the service-facing behaviour is the same everywhere.
  const breakerEmbedder = withCircuitBreaker(options.embedder ?? createEmbedderFromConfig(config), {
    consecutiveFailures: config.EMBEDDINGS_BREAKER_FAILURES,
    openMs: config.EMBEDDINGS_BREAKER_OPEN_MS,
    telemetry,
    onStateChange: (state) => logger[state === 'open' ? 'warn' : 'info']('embeddings circuit breaker', { state }),
  });
  // Outside the breaker, so a refused call is still a span and a count.
  const embedder = withTracing(breakerEmbedder, { telemetry, target: embeddingsTarget(config, breakerEmbedder.model) });
  const scopeRetry = createScopeRetry({
    deadlineMs: config.DB_RETRY_DEADLINE_MS,
    maxRetries: config.DB_RETRY_MAX,
    initialBackoffMs: config.DB_RETRY_INITIAL_BACKOFF_MS,
    maxBackoffMs: config.DB_RETRY_MAX_BACKOFF_MS,
    telemetry,
    logger,
  });
  let verifierPromise: Promise<TokenVerifier> | undefined = options.verifier ? Promise.resolve(options.verifier) : undefined;
  let databasePromise: Promise<DatabaseHandle> | undefined;
  let unobservePool = (): void => undefined;

  const open = options.openDatabase ?? (() => openConfiguredDatabase(config, logger));

  const runtime: Runtime = {
    config,
    logger,
    clock,
    cache,
    telemetry,
    embedder,
    embeddingsBreaker: {
      get state() {
        return breakerEmbedder.breaker.state;
      },
      get retryAt() {
        return breakerEmbedder.retryAt;
      },
    },
    scopeRetry,
    limits: {
      maxRowsDefault: config.MAX_ROWS_DEFAULT,
      maxRowsLimit: config.MAX_ROWS_LIMIT,
      maxResultBytes: config.MAX_RESULT_BYTES,
      maxQueryLength: config.MAX_QUERY_LENGTH,
    },
    sqlGuard: options.unsafeDisableSqlGuardForTests ? 'off-for-tests' : 'on',
    scopes: createScopeCache({ clock }),
    performance: createPerformanceMonitor({ slowQueryMs: config.SLOW_QUERY_MS, now: () => clock.now() }),
    verifier() {
      verifierPromise ??= createConfiguredVerifier(config);
      return verifierPromise;
    },
    database() {
      databasePromise ??= (async () => {
        const handle = await open();
        const problems = await checkDatabaseSafety(handle.database, { embeddingDimensions: embedder.dimensions });
        if (problems.length > 0) {
          logger.error('database failed the safety self-check; refusing to serve', { problems });
          await handle.close().catch(() => undefined);
          throw new ConfigurationError(`Refusing to serve: ${problems.join(' ')}`, {
            nextStep: 'Fix what the message names (docs/security.md explains each check) and restart.',
          });
        }
        logger.info('database ready', { target: handle.description });
        unobservePool = observePool(telemetry, handle);
        return handle;
      })();
      // A failed open is retried on the next request rather than cached forever.
      databasePromise.catch(() => {
        databasePromise = undefined;
      });
      return databasePromise;
    },
    async warmUp() {
      const started = performance.now();
      const [database, keys] = await Promise.allSettled([runtime.database(), runtime.verifier().then((verifier) => verifier.prefetchKeys())]);
      const failed: Record<string, unknown> = {};
      if (database.status === 'rejected') failed.database = database.reason;
      if (keys.status === 'rejected') failed.signing_keys = keys.reason;
      if (Object.keys(failed).length > 0) logger.warn('warm-up incomplete; the first request tries again', failed);
      else logger.info('warmed up', { ms: Math.round(performance.now() - started) });
    },
    async close() {
      const pending = databasePromise;
      databasePromise = undefined;
      unobservePool();
      if (pending) await (await pending.catch(() => undefined))?.close();
      await cache.close();
      await telemetry.shutdown();
    },
  };
  return runtime;
}
