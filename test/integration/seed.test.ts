// Seeding a real database: all-or-nothing, never over existing data, pinned dates, stock that follows recent sales.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { generateOrderBatches, planSeed } from '../../src/seed/generate.js';
import { generateInventory, RecentSales } from '../../src/seed/inventory.js';
import { seedSample } from '../../src/seed/seed-sample.js';
import { openTarget, TARGET_NAMES, type TestTarget } from '../support/targets.js';
import { TEST_END_DATE, TEST_SCALE, TEST_SEED, TEST_START_DATE } from '../support/template.js';

/** Low stock and overstock pairs as the inventory alerts define them (28-day lookback ending on the last day). */
const STOCK_CLASSES_SQL = `
WITH sold AS (
  SELECT oi.store_id, oi.product_id, sum(oi.quantity) AS units
  FROM retail.order_items oi JOIN retail.orders o ON o.order_id = oi.order_id
  WHERE o.order_date BETWEEN date '${TEST_END_DATE}' - 27 AND date '${TEST_END_DATE}'
  GROUP BY 1, 2
), classified AS (
  SELECT i.store_id,
         CASE WHEN coalesce(s.units, 0) > 0 AND i.stock_level / (s.units / 28.0) < 14 THEN 'low'
              WHEN i.stock_level > 0 AND (coalesce(s.units, 0) = 0 OR i.stock_level / (s.units / 28.0) > 180) THEN 'over'
              ELSE 'other' END AS class
  FROM retail.inventory i LEFT JOIN sold s ON s.store_id = i.store_id AND s.product_id = i.product_id
)
SELECT count(*) FILTER (WHERE class = 'low')::int AS low,
       count(*) FILTER (WHERE class = 'over')::int AS over,
       count(*) FILTER (WHERE class = 'low' AND store_id = 1)::int AS seattle_low,
       count(*) FILTER (WHERE class = 'over' AND store_id = 1)::int AS seattle_over
FROM classified`;

describe.each(TARGET_NAMES)('seeded test data (%s)', (targetName) => {
  let target: TestTarget;
  beforeAll(async () => {
    target = await openTarget(targetName);
  });
  afterAll(async () => {
    await target?.close();
  });

  it("loaded consistent data: orders and lines belong to their customer's store, totals add up", async () => {
    const [row] = await target.admin<{ bad_orders: number; bad_lines: number; bad_totals: number; principals: number }>(`
      SELECT (SELECT count(*)::int FROM retail.orders o JOIN retail.customers c USING (customer_id) WHERE o.store_id <> c.store_id) AS bad_orders,
             (SELECT count(*)::int FROM retail.order_items i JOIN retail.orders o USING (order_id) WHERE i.store_id <> o.store_id) AS bad_lines,
             (SELECT count(*)::int FROM retail.order_items WHERE total_amount <> round(quantity * unit_price - discount_amount, 2)) AS bad_totals,
             (SELECT count(*)::int FROM app.principals) AS principals`);
    expect(row).toEqual({ bad_orders: 0, bad_lines: 0, bad_totals: 0, principals: 10 });
  });

  it('leaves no maintenance scope behind (app.tx_scope holds no committed row)', async () => {
    const [row] = await target.admin<{ n: number }>('SELECT count(*)::int AS n FROM app.tx_scope');
    expect(row?.n).toBe(0);
  });

  it('covers exactly the pinned six years', async () => {
    const [row] = await target.admin<{ first: string; last: string; seattle_last: string }>(`
      SELECT to_char(min(order_date), 'YYYY-MM-DD') AS first, to_char(max(order_date), 'YYYY-MM-DD') AS last,
             to_char(max(order_date) FILTER (WHERE store_id = 1), 'YYYY-MM-DD') AS seattle_last
      FROM retail.orders`);
    expect(row).toEqual({ first: TEST_START_DATE, last: TEST_END_DATE, seattle_last: TEST_END_DATE });
  });

  it('has stock levels that follow the last 28 days of sales: low stock and overstock at Seattle too', async () => {
    const [row] = await target.admin<{ low: number; over: number; seattle_low: number; seattle_over: number }>(STOCK_CLASSES_SQL);
    expect(row?.low).toBeGreaterThan(0);
    expect(row?.over).toBeGreaterThan(0);
    expect(row?.seattle_low).toBeGreaterThan(0);
    expect(row?.seattle_over).toBeGreaterThan(0);
  });

  it('holds exactly the rows the generator produces for the seed, scale and end date (the streamed tally included)', async () => {
    const plan = planSeed({ scale: TEST_SCALE, seed: TEST_SEED, endDate: TEST_END_DATE });
    const recent = new RecentSales(plan);
    let orders = 0;
    let revenueCents = 0;
    for (const batch of generateOrderBatches(plan)) {
      recent.add(batch);
      orders += batch.orders.length;
      for (const item of batch.items) revenueCents += Math.round(item.total_amount * 100);
    }
    const expected = generateInventory(plan, recent).map((r) => [r.store_id, r.product_id, r.stock_level]);
    const rows = await target.admin<{ store_id: number; product_id: number; stock_level: number }>(
      'SELECT store_id, product_id, stock_level FROM retail.inventory ORDER BY store_id, product_id',
    );
    expect(rows.map((r) => [r.store_id, r.product_id, r.stock_level])).toEqual(expected);
    const [totals] = await target.admin<{ orders: number; revenue_cents: string }>(
      'SELECT (SELECT count(*)::int FROM retail.orders) AS orders, (SELECT (sum(total_amount) * 100)::bigint::text FROM retail.order_items) AS revenue_cents',
    );
    expect(totals).toEqual({ orders, revenue_cents: String(revenueCents) });
  });
});

describe('seeding (pglite)', () => {
  let target: TestTarget;
  beforeAll(async () => {
    target = await openTarget('pglite');
  });
  afterAll(async () => {
    await target?.close();
  });

  it('refuses to seed over existing data and changes nothing', async () => {
    const count = async () => (await target.admin<{ n: number }>('SELECT count(*)::int AS n FROM retail.orders'))[0]?.n;
    const before = await count();
    await expect(seedSample(target.database, { scale: 0.01, seed: 1 })).rejects.toThrow(/Refusing to seed: retail.stores already has 8 row/);
    expect(await count()).toBe(before);
  });

  it('ends the history yesterday by the injected clock and says so in its log', async () => {
    await target.admin(
      'TRUNCATE retail.order_items, retail.orders, retail.inventory, retail.customers, retail.product_description_embeddings, ' +
        'retail.products, retail.product_types, retail.categories, retail.stores CASCADE',
    );
    const log: string[] = [];
    const summary = await seedSample(target.database, {
      scale: 0.01,
      seed: 3,
      clock: fixedClock('2028-03-01T06:30:00Z'),
      onProgress: (m) => log.push(m),
    });
    expect(summary).toMatchObject({ firstDay: '2022-03-01', lastDay: '2028-02-29' });
    expect(log.some((m) => m.includes('from 2022-03-01 to 2028-02-29'))).toBe(true);
    const [row] = await target.admin<{ first: string; last: string }>(
      "SELECT to_char(min(order_date), 'YYYY-MM-DD') AS first, to_char(max(order_date), 'YYYY-MM-DD') AS last FROM retail.orders",
    );
    expect(row?.first && row.first >= '2022-03-01').toBe(true);
    expect(row?.last && row.last <= '2028-02-29' && row.last >= '2028-02-20').toBe(true);
  }, 120_000);
});
