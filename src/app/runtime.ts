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
import type { Embedder } from '../platform/embeddings/embedder.js';
import { ConfigurationError } from '../platform/errors.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { noopTelemetry, type Telemetry } from '../platform/telemetry.js';
import { openConfiguredDatabase } from './configured-database.js';

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
  readonly embedder: Embedder;
  readonly limits: Limits;
  readonly sqlGuard: 'on' | 'off-for-tests';
  /** Each caller's role and store ids, memoized for at most a minute (keys of cached answers). */
  readonly scopes: ScopeCache;
  verifier(): Promise<TokenVerifier>;
  /** The database once it passed the safety self-check; throws a ConfigurationError naming the problems otherwise. */
  database(): Promise<DatabaseHandle>;
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
  const embedder = options.embedder ?? createEmbedderFromConfig(config);
  let verifierPromise: Promise<TokenVerifier> | undefined = options.verifier ? Promise.resolve(options.verifier) : undefined;
  let databasePromise: Promise<DatabaseHandle> | undefined;

  const open = options.openDatabase ?? (() => openConfiguredDatabase(config, logger));

  return {
    config,
    logger,
    clock,
    cache,
    telemetry: options.telemetry ?? noopTelemetry,
    embedder,
    limits: {
      maxRowsDefault: config.MAX_ROWS_DEFAULT,
      maxRowsLimit: config.MAX_ROWS_LIMIT,
      maxResultBytes: config.MAX_RESULT_BYTES,
      maxQueryLength: config.MAX_QUERY_LENGTH,
    },
    sqlGuard: options.unsafeDisableSqlGuardForTests ? 'off-for-tests' : 'on',
    scopes: createScopeCache({ clock }),
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
        return handle;
      })();
      // A failed open is retried on the next request rather than cached forever.
      databasePromise.catch(() => {
        databasePromise = undefined;
      });
      return databasePromise;
    },
    async close() {
      const pending = databasePromise;
      databasePromise = undefined;
      if (pending) await (await pending.catch(() => undefined))?.close();
      await cache.close();
    },
  };
}
