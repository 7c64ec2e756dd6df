// Which database the configuration names: DATABASE_URL (Neon, or a local PostgreSQL through the bridge) or, without
// it, the embedded PGlite; and the owner's connection for maintenance that writes.

import type { DatabaseOptions } from '../data/database.js';
import { openDatabase, type DatabaseHandle } from '../data/open-database.js';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';

export function databaseOptions(config: Config, logger: Logger): DatabaseOptions {
  return {
    statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
    maxConcurrent: config.MAX_CONCURRENT_QUERIES,
    queueTimeoutMs: config.QUEUE_TIMEOUT_MS,
    logger,
    session: { applicationName: config.DB_APPLICATION_NAME, jit: config.DB_JIT, workMem: config.DB_WORK_MEM },
  };
}

export async function openConfiguredDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const options = databaseOptions(config, logger);
  if (config.DATABASE_URL) {
    return openDatabase(
      {
        kind: 'url',
        url: config.DATABASE_URL,
        bridge: config.DATABASE_BRIDGE,
        poolMax: config.DB_POOL_MAX,
        pool: { idleTimeoutMs: config.DB_POOL_IDLE_TIMEOUT_MS, connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS },
      },
      options,
    );
  }
  // Loaded only when needed, so Azure cold starts never pay for PGlite.
  const { openEmbeddedDatabase } = await import('../local/embedded-database.js');
  return openEmbeddedDatabase(config, options);
}

/**
 * The owner's connection for maintenance that writes (the embedding refresh): DATABASE_OWNER_URL, else
 * DATABASE_URL, else the embedded database. Never used to serve tool calls.
 */
export async function openMaintenanceDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const url = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
  return openConfiguredDatabase({ ...config, DATABASE_URL: url }, logger);
}
