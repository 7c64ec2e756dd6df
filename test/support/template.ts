// Builds (once per test run) an embedded database that is migrated and seeded, so every test file can start
// from a copy in a second instead of seeding its own.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Pool } from '@neondatabase/serverless';
import { Database } from '../../src/data/database.js';
import { openEmbedded } from '../../src/data/embedded.js';
import { migrate } from '../../src/data/migrate.js';
import { openDatabase } from '../../src/data/open-database.js';
import { runtimeLoginUrl } from '../../src/data/runtime-login.js';
import { LocalEmbedder } from '../../src/platform/embeddings/local-embedder.js';
import { silentLogger } from '../../src/platform/logger.js';
import { packageRoot } from '../../src/platform/paths.js';
import { seedSample } from '../../src/seed/seed-sample.js';

/** Small but real: every store has customers, orders and inventory. */
export const TEST_SCALE = 0.02;
export const TEST_SEED = 7;
/**
 * The last day of the test data: pinned, so tests never drift with the calendar (the seed's default is yesterday).
 * The test data runs TEST_START_DATE..TEST_END_DATE; a test's "today" is TEST_TODAY.
 */
export const TEST_END_DATE = '2026-06-30';
export const TEST_START_DATE = '2020-07-01';
export const TEST_TODAY = '2026-07-01';

export function templatePath(): string {
  return path.join(packageRoot(), '.data', 'test', 'pglite-template.tar');
}

/** The runtime login's password on the test PostgreSQL (trust authentication here, but set as in production). */
export const TEST_RUNTIME_PASSWORD = 'zava-test-runtime-login';

/** The test PostgreSQL as the server connects to it: the runtime login, not the owner of TEST_DATABASE_URL. */
export function testRuntimeUrl(ownerUrl: string): string {
  return runtimeLoginUrl(ownerUrl, TEST_RUNTIME_PASSWORD);
}

export const dbOptions = { statementTimeoutMs: 5000, maxConcurrent: 4, queueTimeoutMs: 30_000, logger: silentLogger };

/** Migrates and seeds a database reached through `pool` (used for both PGlite and PostgreSQL). */
export async function prepareDatabase(pool: Pool): Promise<void> {
  await migrate(pool);
  const database = new Database(pool, dbOptions);
  await seedSample(database, {
    scale: TEST_SCALE,
    seed: TEST_SEED,
    endDate: TEST_END_DATE,
    embedder: new LocalEmbedder({ dimensions: 1536 }),
  });
}

export async function buildTemplate(): Promise<void> {
  const file = templatePath();
  mkdirSync(path.dirname(file), { recursive: true });
  const pglite = await openEmbedded();
  const opened = await openDatabase({ kind: 'pglite', pglite, location: 'memory' }, dbOptions);
  await prepareDatabase(opened.pool);
  await opened.close();
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
}
