// Shared by the CLIs: open the configured target (Neon, local PostgreSQL via the bridge, or embedded PGlite).

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openPool, type OpenPool } from '../data/connect.js';
import { Database } from '../data/database.js';
import { openEmbedded } from '../data/embedded.js';
import { loadConfig, type Config } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { fromRoot } from '../platform/paths.js';

export interface CliTarget {
  config: Config;
  pool: OpenPool;
  database: Database;
  close(): Promise<void>;
}

export async function openCliTarget(): Promise<CliTarget> {
  const config = loadConfig(process.env, 'owner-cli');
  const logger = createLogger({ level: 'warn' });
  let closeExtra = async (): Promise<void> => {};
  let pool: OpenPool;
  // The CLIs migrate, seed and embed: owner work, so the owner's URL wins when both are set.
  const url = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
  if (url) {
    pool = await openPool({ kind: 'url', url, bridge: config.DATABASE_BRIDGE, poolMax: 2 });
  } else {
    const pglite = await openEmbedded({ dataDir: fromRoot(config.PGLITE_DATA_DIR) });
    pool = await openPool({ kind: 'pglite', pglite });
    closeExtra = () => pglite.close();
  }
  process.stderr.write(`target: ${pool.description}\n`);
  const database = new Database(pool.pool, {
    statementTimeoutMs: 600_000,
    maxConcurrent: 1,
    queueTimeoutMs: 600_000,
    logger,
  });
  return {
    config,
    pool,
    database,
    close: async () => {
      await pool.close();
      await closeExtra();
    },
  };
}

export function cliArgs<const T extends NonNullable<ParseArgsConfig['options']>>(options: T) {
  return parseArgs({ options, allowPositionals: true, strict: true });
}

export function fail(error: unknown): never {
  const e = error as { message?: string; nextStep?: string };
  process.stderr.write(`error: ${e.message ?? String(error)}\n${e.nextStep ? `${e.nextStep}\n` : ''}`);
  process.exit(1);
}
