// Vitest global setup: build the embedded template and, when TEST_DATABASE_URL is set, prepare that database once.

import { openPool } from '../../src/data/connect.js';
import { hasSampleData } from '../../src/seed/seed-sample.js';
import { Database } from '../../src/data/database.js';
import { migrate } from '../../src/data/migrate.js';
import { enableRuntimeLogin } from '../../src/data/runtime-login.js';
import { buildTemplate, dbOptions, prepareDatabase, TEST_END_DATE, TEST_RUNTIME_PASSWORD } from './template.js';

export default async function setup(): Promise<void> {
  const started = Date.now();
  await buildTemplate();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const opened = await openPool({ kind: 'url', url, bridge: 'auto', poolMax: 2 });
    try {
      await migrate(opened.pool);
      const database = new Database(opened.pool, dbOptions);
      if (!(await hasSampleData(database))) await prepareDatabase(opened.pool);
      else await assertPinnedData(database);
      await enableRuntimeLogin(opened.pool, TEST_RUNTIME_PASSWORD);
    } finally {
      await opened.close();
    }
  }
  process.stderr.write(`test databases ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/** A database seeded earlier must hold the pinned data, or every date-relative assertion would test something else. */
async function assertPinnedData(database: Database): Promise<void> {
  const last = await database.withMaintenance(async (q) => {
    const result = await q.query<{ last: string | null }>("SELECT to_char(max(order_date), 'YYYY-MM-DD') AS last FROM retail.orders");
    return result.rows[0]?.last ?? null;
  });
  if (last !== TEST_END_DATE) {
    throw new Error(
      `TEST_DATABASE_URL holds sample data ending ${last ?? '(no orders)'}, not the pinned ${TEST_END_DATE}: ` +
        'recreate it (bash .ci/setup-postgres.sh <name>) so the tests seed it afresh.',
    );
  }
}
