// Seeding a real database: all-or-nothing, and never over existing data.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSample } from '../../src/seed/seed-sample.js';
import { openTarget, type TestTarget } from '../support/targets.js';

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

  it("loaded consistent data: orders and lines belong to their customer's store, totals add up", async () => {
    const [row] = await target.admin<{ bad_orders: number; bad_lines: number; bad_totals: number; principals: number }>(`
      SELECT (SELECT count(*)::int FROM retail.orders o JOIN retail.customers c USING (customer_id) WHERE o.store_id <> c.store_id) AS bad_orders,
             (SELECT count(*)::int FROM retail.order_items i JOIN retail.orders o USING (order_id) WHERE i.store_id <> o.store_id) AS bad_lines,
             (SELECT count(*)::int FROM retail.order_items WHERE total_amount <> round(quantity * unit_price - discount_amount, 2)) AS bad_totals,
             (SELECT count(*)::int FROM app.principals) AS principals`);
    expect(row).toEqual({ bad_orders: 0, bad_lines: 0, bad_totals: 0, principals: 10 });
  });
});
