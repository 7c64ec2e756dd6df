// The composition root, one per process (a warm Functions instance reuses it): configuration, logger, the
// database (opened lazily and self-checked once), the embedder and the token verifier.

import type { TokenVerifier } from '../auth/verify-token.js';
import { createConfiguredVerifier } from '../auth/verify-token.js';
import { openPool, type DatabaseTarget } from '../data/connect.js';
import { Database } from '../data/database.js';
import { checkDatabaseSafety } from '../data/self-check.js';
import type { Limits } from '../analytics/service-context.js';
import type { Config } from '../platform/config.js';
import { createEmbedderFromConfig } from '../platform/embeddings/create-embedder.js';
import type { Embedder } from '../platform/embeddings/embedder.js';
import { ConfigurationError } from '../platform/errors.js';
import { createLogger, type Logger } from '../platform/logger.js';

export interface DatabaseHandle {
  database: Database;
  description: string;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  config: Config;
  logger?: Logger;
  /** Opens the database; defaults to DATABASE_URL or the embedded PGlite. */
  openDatabase?: () => Promise<DatabaseHandle>;
  embedder?: Embedder;
  verifier?: TokenVerifier;
  now?: () => Date;
  /** Test-only: run SQL without the parser guard to prove the database holds alone. Refused outside tests. */
  unsafeDisableSqlGuardForTests?: boolean;
}

export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly embedder: Embedder;
  readonly limits: Limits;
  readonly sqlGuard: 'on' | 'off-for-tests';
  now(): Date;
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
  const embedder = options.embedder ?? createEmbedderFromConfig(config);
  let verifierPromise: Promise<TokenVerifier> | undefined = options.verifier ? Promise.resolve(options.verifier) : undefined;
  let databasePromise: Promise<DatabaseHandle> | undefined;

  const open = options.openDatabase ?? (() => openConfiguredDatabase(config, logger));

  const runtime: Runtime = {
    config,
    logger,
    embedder,
    limits: {
      maxRowsDefault: config.MAX_ROWS_DEFAULT,
      maxRowsLimit: config.MAX_ROWS_LIMIT,
      maxResultBytes: config.MAX_RESULT_BYTES,
      maxQueryLength: config.MAX_QUERY_LENGTH,
    },
    sqlGuard: options.unsafeDisableSqlGuardForTests ? 'off-for-tests' : 'on',
    now: options.now ?? (() => new Date()),
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
    },
  };
  return runtime;
}

/**
 * The owner's connection for maintenance that writes (the embedding refresh): DATABASE_OWNER_URL, else
 * DATABASE_URL, else the embedded database. Never used to serve tool calls.
 */
export async function openMaintenanceDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const url = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
  return openConfiguredDatabase({ ...config, DATABASE_URL: url }, logger);
}

/** DATABASE_URL (Neon, or a local PostgreSQL through the bridge) or, without it, the embedded PGlite. */
export async function openConfiguredDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const dbOptions = {
    statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
    maxConcurrent: config.MAX_CONCURRENT_QUERIES,
    queueTimeoutMs: config.QUEUE_TIMEOUT_MS,
    logger,
  };
  if (config.DATABASE_URL) {
    const target: DatabaseTarget = { kind: 'url', url: config.DATABASE_URL, bridge: config.DATABASE_BRIDGE, poolMax: config.DB_POOL_MAX };
    const opened = await openPool(target);
    return { database: new Database(opened.pool, dbOptions), description: opened.description, close: opened.close };
  }
  // Loaded only when needed, so Azure cold starts never pay for PGlite.
  const { openEmbeddedDatabase } = await import('../local/embedded-database.js');
  return openEmbeddedDatabase(config, dbOptions);
}
