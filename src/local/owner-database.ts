// `npm start` against a PostgreSQL or Neon given by the owner's URL: migrate as the owner, then serve as the runtime
// login (the server itself never connects as the owner; the self-check would refuse it).

import { migrate } from '../data/migrate.js';
import { MAINTENANCE_DB_OPTIONS, openDatabase } from '../data/open-database.js';
import { enableRuntimeLogin, generatePassword, runtimeLoginUrl } from '../data/runtime-login.js';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';

/**
 * With DATABASE_OWNER_URL (a local PostgreSQL or Neon), npm start applies pending migrations as the owner and,
 * unless DATABASE_URL names the login to serve as, enables the runtime login with a fresh password for this run.
 * The server itself never connects as the owner (the self-check would refuse it). The embedded database
 * migrates itself on open.
 */
export async function prepareOwnerDatabase(config: Config, log: Logger): Promise<Config> {
  const ownerUrl = config.DATABASE_OWNER_URL;
  if (!ownerUrl) return config;
  const owner = await openDatabase(
    { kind: 'url', url: ownerUrl, bridge: config.DATABASE_BRIDGE, poolMax: 1 },
    { ...MAINTENANCE_DB_OPTIONS, logger: log },
  );
  try {
    await migrate(owner.pool, { log: (msg) => log.info(msg) });
    if (config.DATABASE_URL) return config;
    const password = generatePassword();
    await enableRuntimeLogin(owner.pool, password);
    log.info('runtime login zava_app enabled with a new password for this run');
    return { ...config, DATABASE_URL: runtimeLoginUrl(ownerUrl, password) };
  } finally {
    await owner.close();
  }
}
