// Vitest global setup: build the embedded template and, when TEST_DATABASE_URL is set, prepare that database once.

import { migrate } from '../../src/data/migrate.js';
import type { Database } from '../../src/data/database.js';
import { openDatabase } from '../../src/data/open-database.js';
import { hasSampleData } from '../../src/seed/seed-sample.js';
import { enableRuntimeLogin } from '../../src/data/runtime-login.js';
import { generateOrderBatches, planSeed } from '../../src/seed/generate.js';
import { generateInventory, RecentSales } from '../../src/seed/inventory.js';
import { buildTemplate, dbOptions, prepareDatabase, TEST_END_DATE, TEST_RUNTIME_PASSWORD, TEST_SCALE, TEST_SEED } from './template.js';

export default async function setup(): Promise<void> {
  const started = Date.now();
  await buildTemplate();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const opened = await openDatabase({ kind: 'url', url, bridge: 'auto', poolMax: 2 }, dbOptions);
    try {
      await migrate(opened.pool);
      if (!(await hasSampleData(opened.database))) await prepareDatabase(opened.pool);
      else await assertPinnedData(opened.database);
      await enableRuntimeLogin(opened.pool, TEST_RUNTIME_PASSWORD);
    } finally {
      await opened.close();
    }
  }
  process.stderr.write(`test databases ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/**
 * A database seeded earlier must hold exactly what the current generator writes for the pinned settings (end date,
 * seed, scale), or every assertion would test something else: compare a few totals and say how to fix it.
 */
async function assertPinnedData(database: Database): Promise<void> {
  const actual = await database.withMaintenance(async (q) => {
    const result = await q.query<Fingerprint>(
      `SELECT to_char((SELECT max(order_date) FROM retail.orders), 'YYYY-MM-DD') AS "lastDay",
              (SELECT count(*) FROM retail.orders)::int AS orders,
              (SELECT (sum(total_amount) * 100)::bigint::text FROM retail.order_items) AS "revenueCents",
              (SELECT sum(stock_level)::int FROM retail.inventory) AS stock`,
    );
    return result.rows[0];
  });
  const expected = expectedFingerprint();
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(
      `TEST_DATABASE_URL holds other sample data (${JSON.stringify(actual)}) than the pinned seed (${JSON.stringify(expected)}): ` +
        'recreate it (bash .ci/setup-postgres.sh <name>) so the tests seed it afresh.',
    );
  }
}

interface Fingerprint {
  lastDay: string | null;
  orders: number;
  revenueCents: string | null;
  stock: number | null;
}

function expectedFingerprint(): Fingerprint {
  const plan = planSeed({ scale: TEST_SCALE, seed: TEST_SEED, endDate: TEST_END_DATE });
  const recent = new RecentSales(plan);
  let orders = 0;
  let revenueCents = 0;
  let lastDay: string | null = null;
  for (const batch of generateOrderBatches(plan)) {
    recent.add(batch);
    orders += batch.orders.length;
    lastDay = batch.orders[batch.orders.length - 1]?.order_date ?? lastDay;
    for (const item of batch.items) revenueCents += Math.round(item.total_amount * 100);
  }
  const stock = generateInventory(plan, recent).reduce((sum, row) => sum + row.stock_level, 0);
  return { lastDay, orders, revenueCents: String(revenueCents), stock };
}
