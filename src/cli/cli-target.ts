// Shared by the CLIs: open the configured target (Neon, local PostgreSQL via the bridge, or embedded PGlite).

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openEmbedded } from '../data/embedded.js';
import { MAINTENANCE_DB_OPTIONS, openDatabase, type DatabaseHandle } from '../data/open-database.js';
import { loadConfig, type Config } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { fromRoot } from '../platform/paths.js';

export interface CliTarget extends DatabaseHandle {
  config: Config;
}

export async function openCliTarget(): Promise<CliTarget> {
  const config = loadConfig(process.env, 'owner-cli');
  const options = { ...MAINTENANCE_DB_OPTIONS, logger: createLogger({ level: 'warn' }) };
  // The CLIs migrate, seed and embed: owner work, so the owner's URL wins when both are set.
  const url = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
  const handle = url
    ? await openDatabase({ kind: 'url', url, bridge: config.DATABASE_BRIDGE, poolMax: 2 }, options)
    : await openDatabase(
        { kind: 'pglite', pglite: await openEmbedded({ dataDir: fromRoot(config.PGLITE_DATA_DIR) }), location: config.PGLITE_DATA_DIR, owned: true },
        options,
      );
  process.stderr.write(`target: ${handle.description}\n`);
  return { ...handle, config };
}

export function cliArgs<const T extends NonNullable<ParseArgsConfig['options']>>(options: T) {
  return parseArgs({ options, allowPositionals: true, strict: true });
}

export function fail(error: unknown): never {
  const e = error as { message?: string; nextStep?: string };
  process.stderr.write(`error: ${e.message ?? String(error)}\n${e.nextStep ? `${e.nextStep}\n` : ''}`);
  process.exit(1);
}
