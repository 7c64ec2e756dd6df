// The six analytics tools, run through their definitions with a real RequestContext, against independent SQL
// (superuser, RLS bypassed, filtered to the principal's stores): equal to the cent for seattle, regional and
// headoffice, for a month, a quarter, a year and an explicit range. Then the refusals and hostile arguments.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ToolDefinition, ToolOutput } from '../../src/protocol/define-tool.js';
import { compareStoresTool } from '../../src/protocol/tools/compare-stores.js';
import { getCustomerInsightsTool } from '../../src/protocol/tools/get-customer-insights.js';
import { getInventoryAlertsTool } from '../../src/protocol/tools/get-inventory-alerts.js';
import { getSalesTrendsTool } from '../../src/protocol/tools/get-sales-trends.js';
import { getStorePerformanceTool } from '../../src/protocol/tools/get-store-performance.js';
import { getTopProductsTool } from '../../src/protocol/tools/get-top-products.js';
import { ANALYTICS_TOOLS } from '../../src/protocol/tools/analytics-tools.js';
import { AppError } from '../../src/platform/errors.js';
import { PRINCIPALS, type PrincipalKey, STORES } from '../../src/seed/stores.js';
import { refCategories, refChange, refCustomers, refProducts, refStock, refTotals, refTrends } from '../support/analytics-reference.js';
import { testToolContext } from '../support/tool-context.js';
import { openTarget, TARGET_NAMES, type TestTarget } from '../support/targets.js';

const WHO: PrincipalKey[] = ['seattle', 'regional', 'headoffice'];

interface Case {
  period: string;
  from: string;
  to: string;
  previous: [string, string];
  lastYear: [string, string];
}

const CASES: Case[] = [
  { period: '2025-03', from: '2025-03-01', to: '2025-03-31', previous: ['2025-02-01', '2025-02-28'], lastYear: ['2024-03-01', '2024-03-31'] },
  { period: '2024-Q4', from: '2024-10-01', to: '2024-12-31', previous: ['2024-07-01', '2024-09-30'], lastYear: ['2023-10-01', '2023-12-31'] },
  { period: '2024', from: '2024-01-01', to: '2024-12-31', previous: ['2023-01-01', '2023-12-31'], lastYear: ['2023-01-01', '2023-12-31'] },
  {
    period: '2024-02-10..2024-05-20',
    from: '2024-02-10',
    to: '2024-05-20',
    previous: ['2023-11-01', '2024-02-09'],
    lastYear: ['2023-02-10', '2023-05-20'],
  },
];

const storesOf = (who: PrincipalKey) => PRINCIPALS[who].storeIds;

/** Runs a tool as the runner will: arguments parsed by its input schema, the answer checked by its output schema. */
async function call<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  target: TestTarget,
  tool: ToolDefinition<I, O>,
  who: PrincipalKey,
  args: Record<string, unknown>,
  now?: string,
): Promise<ToolOutput<z.infer<z.ZodObject<O>>>> {
  const ctx = testToolContext(target, who, now ? { now } : {});
  const parsed = z.object(tool.inputSchema).parse(args);
  const out = await tool.run(ctx, parsed);
  z.object(tool.outputSchema).strict().parse(out.structured);
  expect(Buffer.byteLength(out.text)).toBeLessThan(2048);
  expect(ctx.audit.round_trips).toBe(1); // setup, the statement and the rollback in one write
  return out;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the tool to fail');
}

describe.each(TARGET_NAMES)('analytics tools on %s', (targetName) => {
  let target: TestTarget;

  beforeAll(async () => {
    target = await openTarget(targetName);
  });
  afterAll(async () => {
    await target?.close();
  });

  describe.each(WHO)('as %s', (who) => {
    it.each(CASES)('get_store_performance for $period equals SQL to the cent', async (c) => {
      const ids = storesOf(who);
      const out = await call(target, getStorePerformanceTool, who, { period: c.period });
      const r = out.structured;
      const ref = await refTotals(target, ids, c.from, c.to);
      expect(ref.orders).toBeGreaterThan(0);
      expect(r.period).toEqual({ from: c.from, to: c.to });
      expect(r.stores.map((s) => s.store_id)).toEqual([...ids]);
      expect({
        revenue: r.revenue,
        orders: r.orders,
        units: r.units,
        customers: r.customers,
        average_order_value: r.average_order_value,
        units_per_order: r.units_per_order,
        gross_margin: r.gross_margin,
        gross_margin_percent: r.gross_margin_percent,
      }).toEqual(ref);
      const prev = await refTotals(target, ids, ...c.previous);
      const ly = await refTotals(target, ids, ...c.lastYear);
      expect(prev.orders).toBeGreaterThan(0);
      expect(r.previous_period).toEqual({
        from: c.previous[0],
        to: c.previous[1],
        revenue: prev.revenue,
        orders: prev.orders,
        revenue_change_percent: await refChange(target, ref.revenue, prev.revenue),
      });
      expect(r.same_period_last_year).toEqual({
        from: c.lastYear[0],
        to: c.lastYear[1],
        revenue: ly.revenue,
        orders: ly.orders,
        revenue_change_percent: await refChange(target, ref.revenue, ly.revenue),
      });
      expect(r.categories).toEqual(await refCategories(target, ids, c.from, c.to));
      expect(r.insights.length).toBeGreaterThan(0);
      expect(r.insights.length).toBeLessThanOrEqual(5);
      expect(r.computed_at).toBe('2026-01-15T12:00:00.000Z');
    });

    it.each(CASES)('get_sales_trends for $period equals SQL to the cent', async (c) => {
      const ids = storesOf(who);
      // Each period with a different granularity and grouping, so all of them are covered.
      const shape = (
        {
          '2025-03': ['day', 'store'],
          '2024-Q4': ['week', 'category'],
          '2024': ['month', 'none'],
          '2024-02-10..2024-05-20': ['quarter', 'store'],
        } as const
      )[c.period as '2024'];
      const [granularity, groupBy] = shape;
      const out = await call(target, getSalesTrendsTool, who, { period: c.period, granularity, group_by: groupBy });
      const ref = await refTrends(target, ids, c.from, c.to, granularity, groupBy);
      expect(ref.length).toBeGreaterThan(0);
      expect(out.structured.series).toEqual(ref);
      expect(out.structured.period).toEqual({ from: c.from, to: c.to });
    });

    it('get_sales_trends by month and category over partial months equals SQL to the cent', async () => {
      // Whole months come from the month summaries, the partial ones at both ends from the day summaries.
      const ids = storesOf(who);
      const out = await call(target, getSalesTrendsTool, who, { period: '2024-02-10..2024-05-20', granularity: 'month', group_by: 'category' });
      const ref = await refTrends(target, ids, '2024-02-10', '2024-05-20', 'month', 'category');
      expect(ref.length).toBeGreaterThan(0);
      expect(out.structured.series).toEqual(ref);
    });

    it.each(CASES)('get_top_products for $period equals SQL to the cent, for each metric', async (c) => {
      const ids = storesOf(who);
      const ref = await refProducts(target, ids, c.from, c.to, null);
      expect(ref.length).toBeGreaterThan(0);
      for (const metric of ['revenue', 'units', 'gross_margin'] as const) {
        const out = await call(target, getTopProductsTool, who, { period: c.period, metric, limit: 7 });
        const expected = [...ref]
          .sort((a, b) => b[metric] - a[metric] || a.product_id - b.product_id)
          .slice(0, 7)
          .map((p, i) => ({ rank: i + 1, ...p }));
        expect(out.structured.products).toEqual(expected);
      }
      const category = ref[0]?.category as string;
      const inCategory = await call(target, getTopProductsTool, who, { period: c.period, metric: 'revenue', category: category.toUpperCase() });
      const refCategory = await refProducts(target, ids, c.from, c.to, category);
      expect(inCategory.structured.products).toEqual(
        refCategory
          .sort((a, b) => b.revenue - a.revenue || a.product_id - b.product_id)
          .slice(0, 10)
          .map((p, i) => ({ rank: i + 1, ...p })),
      );
    });

    it.each(CASES)('get_customer_insights for $period equals SQL', async (c) => {
      const out = await call(target, getCustomerInsightsTool, who, { period: c.period });
      const ref = await refCustomers(target, storesOf(who), c.from, c.to);
      expect(ref.customers).toBeGreaterThan(0);
      expect(ref.customers).toBeGreaterThan(ref.new_customers); // both kinds exist: the test can tell them apart
      const { period, computed_at, ...figures } = out.structured;
      expect(period).toEqual({ from: c.from, to: c.to });
      expect(computed_at).toBeTruthy();
      expect(figures).toEqual(ref);
      expect(JSON.stringify(out)).not.toMatch(/@|first_name|phone/);
    });

    it.each(CASES)('compare_stores for $period equals SQL (or refuses a single-store scope)', async (c) => {
      const ids = storesOf(who);
      const metrics = ['revenue', 'orders', 'units', 'customers', 'average_order_value', 'gross_margin_percent'] as const;
      const metric = metrics[CASES.indexOf(c) + (who === 'regional' ? 2 : 0)] ?? 'revenue';
      if (ids.length === 1) {
        const error = await failure(call(target, compareStoresTool, who, { period: c.period, metric }));
        expect(error.code).toBe('SCOPE_TOO_NARROW');
        expect(error.message).toContain('Zava Retail Seattle');
        expect(error.nextStep).toContain('get_store_performance');
        return;
      }
      const out = await call(target, compareStoresTool, who, { period: c.period, metric });
      const rows = [];
      for (const id of ids) {
        const cur = await refTotals(target, [id], c.from, c.to);
        const prev = await refTotals(target, [id], ...c.previous);
        rows.push({
          store_id: id,
          value: cur[metric],
          previous_value: prev[metric],
          change_percent: await refChange(target, cur[metric], prev[metric]),
        });
      }
      expect(rows.some((r) => r.value > 0)).toBe(true);
      rows.sort((a, b) => b.value - a.value || a.store_id - b.store_id);
      const additive = metric === 'revenue' || metric === 'orders' || metric === 'units';
      const [shares] = await target.admin<{ s: string[] | null }>(
        `SELECT array_agg(share::text ORDER BY o) AS s
           FROM (SELECT o, round(v * 100 / sum(v) OVER (), 2) AS share FROM unnest($1::numeric[]) WITH ORDINALITY AS t(v, o)) x`,
        [rows.map((r) => String(r.value))],
      );
      expect(out.structured.stores).toEqual(
        rows.map((r, i) => ({
          rank: i + 1,
          store_id: r.store_id,
          store_name: STORES.find((s) => s.storeId === r.store_id)?.storeName,
          value: r.value,
          previous_value: r.previous_value,
          change_percent: r.change_percent,
          share_percent: additive ? Number(shares?.s?.[i]) : null,
        })),
      );
    });

    it('get_inventory_alerts equals SQL (low stock and overstock, ordered, limited)', async () => {
      const ids = storesOf(who);
      const now = '2025-12-20T08:00:00Z'; // the lookback window lies inside the sample data
      const threshold = 60;
      const out = await call(target, getInventoryAlertsTool, who, { days_of_supply_threshold: threshold, lookback_days: 28, limit: 40 }, now);
      const r = out.structured;
      expect(r.as_of).toBe('2025-12-20');
      expect(r.lookback).toEqual({ from: '2025-11-22', to: '2025-12-19' });
      const stock = await refStock(target, ids, '2025-11-22', '2025-12-19');
      // Exact integer comparisons: stock / (units / 28) < threshold  <=>  stock * 28 < threshold * units.
      const low = stock
        .filter((s) => s.units_sold > 0 && s.stock_level * 28 < threshold * s.units_sold)
        .sort((a, b) => a.stock_level * b.units_sold - b.stock_level * a.units_sold || a.store_id - b.store_id || a.product_id - b.product_id);
      const over = stock
        .filter((s) => s.stock_level > 0 && (s.units_sold === 0 || s.stock_level * 28 > 180 * s.units_sold))
        .sort((a, b) => b.stock_level - a.stock_level || a.store_id - b.store_id || a.product_id - b.product_id);
      expect(low.length).toBeGreaterThan(0);
      expect(over.length).toBeGreaterThan(0);
      const pick = (list: typeof stock) => list.slice(0, 40).map((s) => [s.store_id, s.product_id, s.stock_level, s.units_sold]);
      expect(r.low_stock.map((a) => [a.store_id, a.product_id, a.stock_level, a.units_sold])).toEqual(pick(low));
      expect(r.overstock.map((a) => [a.store_id, a.product_id, a.stock_level, a.units_sold])).toEqual(pick(over));
      for (const a of [...r.low_stock, ...r.overstock]) {
        expect(ids).toContain(a.store_id);
        expect(a.daily_rate).toBeCloseTo(a.units_sold / 28, 2);
        if (a.units_sold === 0) expect(a.days_of_supply).toBeNull();
        else expect(Math.abs((a.days_of_supply as number) - (a.stock_level * 28) / a.units_sold)).toBeLessThanOrEqual(0.005 + 1e-9);
      }
    });
  });

  describe('stores, categories and hostile arguments', () => {
    const period = '2025-03';

    it('names a store by id, number, name or city, case-insensitively', async () => {
      const ref = await refTotals(target, [2], '2025-03-01', '2025-03-31');
      for (const store of [2, '2', 'Bellevue', 'bellevue', 'ZAVA RETAIL BELLEVUE', '  Zava   Retail Bellevue ']) {
        const out = await call(target, getStorePerformanceTool, 'regional', { period, store });
        expect(out.structured.stores).toEqual([{ store_id: 2, store_name: 'Zava Retail Bellevue' }]);
        expect(out.structured.revenue).toBe(ref.revenue);
      }
    });

    it('refuses a store outside the scope with FORBIDDEN naming the caller’s stores', async () => {
      const refusals = [
        await failure(call(target, getStorePerformanceTool, 'seattle', { period, store: 'Bellevue' })),
        await failure(call(target, getCustomerInsightsTool, 'seattle', { period, store: 'Bellevue' })),
        await failure(call(target, getTopProductsTool, 'seattle', { period, metric: 'units', store: 'Bellevue' })),
      ];
      for (const error of refusals) {
        expect(error.code).toBe('FORBIDDEN');
        expect(error.message).toContain('Zava Retail Seattle');
        expect(error.message).not.toContain('Redmond');
      }
      const error = await failure(call(target, getInventoryAlertsTool, 'regional', { store: 1 }));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toMatch(/Bellevue.*Redmond.*Kirkland/);
      const trends = await failure(call(target, getSalesTrendsTool, 'seattle', { period, granularity: 'month', store: 'zava retail online' }));
      expect(trends.code).toBe('FORBIDDEN');
    });

    it('answers an unknown store with NOT_FOUND listing the caller’s stores, and an unknown category listing the categories', async () => {
      const store = await failure(call(target, getStorePerformanceTool, 'regional', { period, store: 'Portland' }));
      expect(store.code).toBe('NOT_FOUND');
      expect(store.message).toMatch(/Portland.*Zava Retail Bellevue \(id 2\).*Zava Retail Redmond.*Zava Retail Kirkland/);
      expect(store.message).not.toContain('Seattle');
      const category = await failure(call(target, getTopProductsTool, 'seattle', { period, metric: 'revenue', category: 'Toys' }));
      expect(category.code).toBe('NOT_FOUND');
      expect(category.message).toMatch(/Toys.*Power Tools/);
    });

    it('treats SQL in arguments as names: refused, never executed', async () => {
      for (const store of ["Seattle'; DROP TABLE retail.orders; --", '1 OR 1=1', "1' OR '1'='1", 'Seattle) OR (1=1']) {
        const error = await failure(call(target, getStorePerformanceTool, 'headoffice', { period, store }));
        expect(error.code).toBe('NOT_FOUND');
      }
      const category = await failure(
        call(target, getTopProductsTool, 'headoffice', { period, metric: 'revenue', category: "x' OR category_name <> '" }),
      );
      expect(category.code).toBe('NOT_FOUND');
      const period2 = await failure(call(target, getStorePerformanceTool, 'headoffice', { period: "2025'; DROP TABLE retail.orders; --" }));
      expect(period2.code).toBe('VALIDATION_ERROR');
      const [orders] = await target.admin<{ n: string }>('SELECT count(*) AS n FROM retail.orders');
      expect(Number(orders?.n)).toBeGreaterThan(0);
    });

    it('refuses bad enum and limit arguments at the schema', () => {
      const input = z.object(getTopProductsTool.inputSchema);
      expect(input.safeParse({ period, metric: 'revenue; DROP' }).success).toBe(false);
      expect(input.safeParse({ period, metric: 'revenue', limit: 51 }).success).toBe(false);
      expect(input.safeParse({ period, metric: 'revenue', limit: 0 }).success).toBe(false);
      const trends = z.object(getSalesTrendsTool.inputSchema);
      expect(trends.safeParse({ period, granularity: 'hour' }).success).toBe(false);
    });
  });

  describe('period edge cases', () => {
    it('answers a period before the data with zeros, a null change and a note', async () => {
      const out = await call(target, getStorePerformanceTool, 'headoffice', { period: '2019-06' });
      const r = out.structured;
      expect(r.revenue).toBe(0);
      expect(r.orders).toBe(0);
      expect(r.units_per_order).toBe(0);
      expect(r.previous_period.revenue_change_percent).toBeNull();
      expect(r.categories).toEqual([]);
      const [first] = await target.admin<{ d: string }>("SELECT to_char(min(order_date), 'YYYY-MM-DD') AS d FROM retail.orders");
      expect(r.insights[0]).toContain(`before the data, which starts on ${first?.d}`);
    });

    it('notes a period that runs past today', async () => {
      const out = await call(target, getStorePerformanceTool, 'seattle', { period: 'this_month' }, '2025-12-10T09:00:00Z');
      expect(out.structured.period).toEqual({ from: '2025-12-01', to: '2025-12-31' });
      expect(out.structured.insights[0]).toMatch(/runs past today \(2025-12-10\)/);
    });

    it('resolves relative periods with the clock (last_month on 2025-03-15 is February)', async () => {
      const out = await call(target, getCustomerInsightsTool, 'regional', { period: 'last_month' }, '2025-03-15T00:00:00Z');
      expect(out.structured.period).toEqual({ from: '2025-02-01', to: '2025-02-28' });
      expect(out.structured).toMatchObject(await refCustomers(target, storesOf('regional'), '2025-02-01', '2025-02-28'));
    });

    it('handles 2024-02-29 and compares it with 2023-02-28', async () => {
      const out = await call(target, getStorePerformanceTool, 'headoffice', { period: '2024-02-29' });
      expect(out.structured.previous_period).toMatchObject({ from: '2024-02-28', to: '2024-02-28' });
      expect(out.structured.same_period_last_year).toMatchObject({ from: '2023-02-28', to: '2023-02-28' });
      expect(out.structured.revenue).toBe((await refTotals(target, storesOf('headoffice'), '2024-02-29', '2024-02-29')).revenue);
    });

    it('buckets ISO weeks across a year end by their Monday (the first may start before the period)', async () => {
      const out = await call(target, getSalesTrendsTool, 'headoffice', { period: '2025-01-01..2025-01-12', granularity: 'week' });
      expect(out.structured.series.map((s) => s.bucket_start)).toEqual(['2024-12-30', '2025-01-06']);
      const ref = await refTrends(target, storesOf('headoffice'), '2025-01-01', '2025-01-12', 'week', 'none');
      expect(out.structured.series).toEqual(ref);
    });

    it('refuses reversed ranges and too many day buckets', async () => {
      expect((await failure(call(target, getStorePerformanceTool, 'seattle', { period: '2025-03-10..2025-03-01' }))).code).toBe('VALIDATION_ERROR');
      expect((await failure(call(target, getSalesTrendsTool, 'seattle', { period: '2023-01-01..2024-12-31', granularity: 'day' }))).code).toBe(
        'VALIDATION_ERROR',
      );
    });
  });

  describe('cache keys', () => {
    it('normalize arguments: relative and absolute periods, store spellings', () => {
      const ctx = testToolContext(target, 'seattle', { now: '2025-04-10T10:00:00Z' });
      const key = (args: Record<string, unknown>) =>
        JSON.stringify(getStorePerformanceTool.cache?.key(ctx, z.object(getStorePerformanceTool.inputSchema).parse(args)));
      expect(key({ period: 'last_month', store: 'Seattle' })).toBe(key({ period: '2025-03', store: ' seattle ' }));
      expect(key({ period: '2025-03' })).not.toBe(key({ period: '2025-03-01..2025-03-31' })); // previous period differs
      expect(key({ period: '2025-03', store: 'Seattle' })).not.toBe(key({ period: '2025-03', store: 'Tacoma' }));
      for (const tool of ANALYTICS_TOOLS) expect(tool.cache).toBeDefined();
    });
  });
});
