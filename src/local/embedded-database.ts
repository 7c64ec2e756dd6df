// Opens the embedded PGlite database for local use: created, migrated and seeded on first start. It runs in a
// worker thread behind a watchdog (embedded-host.ts) that enforces the statement timeout PGlite itself lacks.

import path from 'node:path';
import type { DatabaseOptions } from '../data/database.js';
import { EmbeddedHost } from '../data/embedded-host.js';
import { migrate } from '../data/migrate.js';
import { openDatabase, type DatabaseHandle } from '../data/open-database.js';
import { systemClock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import { LocalEmbedder } from '../platform/embeddings/local-embedder.js';
import { fromRoot } from '../platform/paths.js';
import { hasSampleData, seedSample } from '../seed/seed-sample.js';

export const DEFAULT_LOCAL_SCALE = 0.1;

export async function openEmbeddedDatabase(config: Config, options: DatabaseOptions): Promise<DatabaseHandle> {
  const dataDir = fromRoot(config.PGLITE_DATA_DIR);
  // No statement limit while migrating and seeding: those are ours, long and trusted.
  const host = await EmbeddedHost.start({ dataDir, logger: options.logger });
  const handle = await openDatabase({ kind: 'pglite', pglite: host, location: config.PGLITE_DATA_DIR, owned: true }, options);
  const { database } = handle;
  const log = (msg: string) => options.logger.info(msg);
  const migrated = await migrate(handle.pool, { log });
  if (!(await hasSampleData(database))) {
    const scale = Number(process.env.SEED_SCALE ?? DEFAULT_LOCAL_SCALE);
    log(`seeding sample data (scale ${scale}) into ${path.relative(process.cwd(), dataDir) || dataDir}; this happens once`);
    const started = Date.now();
    // Search needs vectors from the same embedder the server uses; offline that is the local one.
    const embedder = new LocalEmbedder({ dimensions: config.EMBEDDING_DIMENSIONS });
    // Six years ending yesterday (UTC), so "last month" has data on a fresh clone.
    await seedSample(database, { scale, seed: 42, clock: systemClock, embedder, onProgress: log });
    log(`sample data ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else if (migrated.applied.length > 0) {
    log(`applied ${migrated.applied.length} migration(s) to the embedded database`);
  }
  host.statementLimitMs = options.statementTimeoutMs;
  return handle;
}
