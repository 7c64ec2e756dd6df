// Pure tests of the sample-data generator (no database): determinism, catalog sanity, order rules, seasonality.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CATALOG_SIZE, CATEGORIES, SEARCH_PROBES, buildCatalog, type CatalogProduct } from '../../src/seed/catalog.js';
import { productEmbeddingText, textHash } from '../../src/embedding/embedding-text.js';
import { fixedClock } from '../../src/platform/clock.js';
import { generateOrderBatches, planSeed, resolveSettings, type SeedPlan } from '../../src/seed/generate.js';
import { generateInventory, LOW_STOCK_DAYS, OVERSTOCK_DAYS, RECENT_SALES_DAYS, RecentSales } from '../../src/seed/inventory.js';
import { createRng, Rng, WeightedPicker } from '../../src/seed/random.js';
import type { InventoryRow, OrderItemRow, OrderRow } from '../../src/seed/rows.js';
import { PRINCIPALS, STORES } from '../../src/seed/stores.js';

/** Pinned, like the test databases (test/support/template.ts), so nothing here moves with the calendar. */
const SMALL = { scale: 0.02, seed: 7, endDate: '2026-06-30' } as const;

function allOrders(plan: SeedPlan, batchOrders?: number): { orders: OrderRow[]; items: OrderItemRow[]; inventory: InventoryRow[] } {
  const orders: OrderRow[] = [];
  const items: OrderItemRow[] = [];
  const recent = new RecentSales(plan);
  for (const batch of generateOrderBatches(plan, batchOrders)) {
    recent.add(batch);
    orders.push(...batch.orders);
    items.push(...batch.items);
  }
  return { orders, items, inventory: generateInventory(plan, recent) };
}

/** Every row the seed writes, serialized: equal digests mean byte-identical tables. */
function digest(plan: SeedPlan): string {
  const { orders, items, inventory } = allOrders(plan);
  const hash = createHash('sha256');
  for (const rows of [plan.stores, plan.categories, plan.productTypes, plan.products, plan.customers, orders, items, inventory]) {
    for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
  }
  return hash.digest('hex');
}

// One plan and its orders shared by the read-only tests below (generation is deterministic).
const plan = planSeed(SMALL);
const { orders, items, inventory } = allOrders(plan);

describe('random', () => {
  it('is deterministic per seed and stream', () => {
    const a = createRng(1, 'x');
    const b = createRng(1, 'x');
    const c = createRng(1, 'y');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('keeps helpers in range', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(2, 5);
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(5);
      expect(rng.poisson(3)).toBeGreaterThanOrEqual(0);
    }
    expect(rng.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    const picker = new WeightedPicker(['a', 'b', 'never'], [1, 3, 0]);
    const picks = Array.from({ length: 4000 }, () => picker.pick(rng));
    expect(picks).not.toContain('never');
    const bShare = picks.filter((p) => p === 'b').length / picks.length;
    expect(bShare).toBeGreaterThan(0.7);
    expect(bShare).toBeLessThan(0.8);
  });
});

describe('catalog', () => {
  const catalog = buildCatalog(createRng(42, 'catalog'));

  it('has exactly the nine categories with 4-7 types each', () => {
    expect(CATEGORIES.map((c) => c.name)).toEqual([
      'Hand Tools',
      'Power Tools',
      'Paint & Supplies',
      'Hardware',
      'Lumber & Building Materials',
      'Electrical',
      'Plumbing',
      'Garden & Outdoor',
      'Storage & Organization',
    ]);
    for (const category of CATEGORIES) {
      expect(category.types.length).toBeGreaterThanOrEqual(4);
      expect(category.types.length).toBeLessThanOrEqual(7);
    }
  });

  it('has ~400 products with unique, well-formed SKUs and names, and every type stocked', () => {
    expect(catalog).toHaveLength(CATALOG_SIZE);
    expect(new Set(catalog.map((p) => p.sku)).size).toBe(catalog.length);
    expect(new Set(catalog.map((p) => p.product_name)).size).toBe(catalog.length);
    for (const p of catalog) expect(p.sku).toMatch(/^[A-Z]{2}-[A-Z]{3}-\d{4}$/);
    const types = new Set(catalog.map((p) => `${p.category}/${p.type}`));
    expect(types.size).toBe(CATEGORIES.reduce((n, c) => n + c.types.length, 0));
  });

  it('prices products with sane margins (20-55%)', () => {
    for (const p of catalog) {
      expect(p.cost).toBeGreaterThan(0);
      expect(p.cost).toBeLessThan(p.base_price);
      const margin = ((p.base_price - p.cost) / p.base_price) * 100;
      expect(margin).toBeGreaterThanOrEqual(19.5);
      expect(margin).toBeLessThanOrEqual(55.5);
      expect(Math.round(p.base_price * 100) / 100).toBe(p.base_price);
      expect(Math.round(p.cost * 100) / 100).toBe(p.cost);
    }
  });

  it('writes 1-3 sentence descriptions', () => {
    for (const p of catalog) {
      const sentences = p.description.split(/[.!?](?:\s|$)/).filter((s) => s.trim().length > 0);
      expect(sentences.length, p.description).toBeGreaterThanOrEqual(1);
      expect(sentences.length, p.description).toBeLessThanOrEqual(3);
    }
  });

  it('is the same for the same seed; only brands/prices change with the seed', () => {
    expect(buildCatalog(createRng(42, 'catalog'))).toEqual(catalog);
    const other = buildCatalog(createRng(43, 'catalog'));
    expect(other.map((p) => p.sku)).toEqual(catalog.map((p) => p.sku));
    expect(other.map((p) => p.type)).toEqual(catalog.map((p) => p.type));
    expect(other).not.toEqual(catalog);
  });

  it('contains the products the semantic search probes look for', () => {
    const text = (p: CatalogProduct): string => `${p.product_name}. ${p.description}`.toLowerCase();
    const has = (type: string, ...words: string[]): boolean => catalog.some((p) => p.type === type && words.every((w) => text(p).includes(w)));
    expect(has('Drills & Drivers', 'cordless drill', 'home use')).toBe(true);
    expect(has('Electrical Boxes', 'waterproof', 'outdoor', 'electrical box')).toBe(true);
    expect(has('Hinges & Gate Hardware', 't-hinge', 'shed door', 'sagging')).toBe(true);
    expect(has('Outlets & Switches', '15 amp', 'outlet')).toBe(true);
    for (const probe of SEARCH_PROBES) expect(catalog.some((p) => p.type === probe.expectedType)).toBe(true);
  });

  it('ranks the expected type first for the key probes with a plain TF-IDF scorer', () => {
    // Not the real embedder; guards that the wording carries the right words.
    const tokenize = (s: string): string[] => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
    const docs = catalog.map((p) => tokenize(`${p.product_name}. ${p.description}`));
    const df = new Map<string, number>();
    for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
    const idf = (t: string): number => Math.log(docs.length / (df.get(t) ?? docs.length));
    const score = (query: string, doc: string[]): number => {
      const set = new Set(doc);
      return tokenize(query).reduce((s, t) => s + (set.has(t) ? idf(t) : 0), 0) / Math.sqrt(doc.length);
    };
    for (const probe of SEARCH_PROBES.slice(0, 4)) {
      let best = 0;
      docs.forEach((d, i) => {
        if (score(probe.query, d) > score(probe.query, docs[best] as string[])) best = i;
      });
      expect(catalog[best]?.type, probe.query).toBe(probe.expectedType);
    }
  });
});

describe('stores and principals', () => {
  it('has the eight stores with fixed ids and names', () => {
    expect(STORES.map((s) => [s.storeId, s.storeName])).toEqual([
      [1, 'Zava Retail Seattle'],
      [2, 'Zava Retail Bellevue'],
      [3, 'Zava Retail Tacoma'],
      [4, 'Zava Retail Spokane'],
      [5, 'Zava Retail Everett'],
      [6, 'Zava Retail Redmond'],
      [7, 'Zava Retail Kirkland'],
      [8, 'Zava Retail Online'],
    ]);
    expect(STORES.filter((s) => s.isOnline).map((s) => s.city)).toEqual(['Online']);
  });

  it('exports the principals with their scopes', () => {
    expect(PRINCIPALS.seattle).toMatchObject({
      principalId: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
      role: 'store_manager',
      storeIds: [1],
    });
    expect(PRINCIPALS.online.storeIds).toEqual([8]);
    expect(PRINCIPALS.regional).toMatchObject({
      principalId: '5a0e1c3b-7d9f-4e2a-8b6c-1f3e5d7a9c0b',
      role: 'regional_manager',
      storeIds: [2, 6, 7],
    });
    expect(PRINCIPALS.headoffice).toMatchObject({
      principalId: '00000000-0000-4000-8000-00000000a0a0',
      role: 'head_office',
      storeIds: [1, 2, 3, 4, 5, 6, 7, 8],
    });
    const ids = Object.values(PRINCIPALS).map((p) => p.principalId);
    expect(new Set(ids).size).toBe(10);
  });
});

describe('settings', () => {
  it('fills defaults and rejects bad input', () => {
    // Six whole years ending on the end date.
    expect(resolveSettings({ scale: 0.1, seed: 1, endDate: '2025-12-31' })).toEqual({
      scale: 0.1,
      seed: 1,
      startDate: '2020-01-01',
      endDate: '2025-12-31',
      years: 6,
    });
    expect(resolveSettings({ scale: 0.1, seed: 1, endDate: '2026-06-30', years: 2 })).toMatchObject({ startDate: '2024-07-01' });
    expect(() => resolveSettings({ scale: 0, seed: 1, endDate: '2026-06-30' })).toThrow(/scale/);
    expect(() => resolveSettings({ scale: Number.NaN, seed: 1, endDate: '2026-06-30' })).toThrow(/scale/);
    expect(() => resolveSettings({ scale: 1, seed: 1.5, endDate: '2026-06-30' })).toThrow(/seed/);
    expect(() => resolveSettings({ scale: 1, seed: 1, endDate: '2021-02-30' })).toThrow(/date/);
    expect(() => resolveSettings({ scale: 1, seed: 1, endDate: '2026/06/30' })).toThrow(/date/);
    // "Now" is never read implicitly: without an end date the caller must hand in a clock.
    expect(() => resolveSettings({ scale: 1, seed: 1 })).toThrow(/endDate .* or a clock/);
  });

  it('ends yesterday (UTC) by the injected clock', () => {
    const late = resolveSettings({ scale: 1, seed: 1, clock: fixedClock('2026-12-02T23:59:59.999Z') });
    expect(late).toMatchObject({ startDate: '2020-12-02', endDate: '2026-12-01' });
    expect(resolveSettings({ scale: 1, seed: 1, clock: fixedClock('2026-12-02T00:00:00Z') }).endDate).toBe('2026-12-01');
    // Across a leap day and a year end.
    expect(resolveSettings({ scale: 1, seed: 1, clock: fixedClock('2028-03-01T08:00:00Z') })).toMatchObject({
      startDate: '2022-03-01',
      endDate: '2028-02-29',
    });
    expect(resolveSettings({ scale: 1, seed: 1, clock: fixedClock('2027-01-01T00:30:00+01:00') }).endDate).toBe('2026-12-30');
    // An explicit end date wins over the clock.
    expect(resolveSettings({ scale: 1, seed: 1, endDate: '2026-06-30', clock: fixedClock('2030-01-01') }).endDate).toBe('2026-06-30');
  });
});

describe('generated data', () => {
  it('is byte-identical for the same seed and end date, and different for another end date or seed', () => {
    const reference = digest(plan);
    expect(digest(planSeed(SMALL))).toBe(reference);
    // The clock only picks the end date: the day after 2026-06-30 gives the same rows.
    expect(digest(planSeed({ scale: SMALL.scale, seed: SMALL.seed, clock: fixedClock('2026-07-01T12:00:00Z') }))).toBe(reference);
    expect(digest(planSeed({ ...SMALL, endDate: '2026-07-01' }))).not.toBe(reference);
    expect(digest(planSeed({ ...SMALL, seed: 8 }))).not.toBe(reference);
  });

  it('is deterministic for a seed and independent of the batch size', () => {
    const again = planSeed(SMALL);
    expect(again.customers).toEqual(plan.customers);
    expect(again.products).toEqual(plan.products);
    const first = generateOrderBatches(again, 500).next().value;
    expect(first?.orders).toEqual(orders.slice(0, first?.orders.length));
    const rebatched = allOrders(again, 137);
    expect(rebatched.orders).toEqual(orders);
    expect(rebatched.items).toEqual(items);
    expect(rebatched.inventory).toEqual(inventory);
    expect(planSeed({ ...SMALL, seed: 8 }).customers).not.toEqual(plan.customers);
  });

  it('scales customers and orders', () => {
    expect(plan.customers).toHaveLength(1000);
    expect(plan.expectedOrders).toBe(4000);
    expect(orders.length).toBeGreaterThan(3700);
    expect(orders.length).toBeLessThan(4300);
    expect(plan.firstDay).toBe('2020-07-01');
    expect(plan.lastDay).toBe('2026-06-30');
    // The history really reaches the end date: orders in its last week, and none after it.
    const last = orders[orders.length - 1]?.order_date ?? ''; // orders come in date order (checked below)
    expect(last <= plan.lastDay && last >= '2026-06-24').toBe(true);
    expect(orders[0]?.order_date && orders[0].order_date >= plan.firstDay && orders[0].order_date <= '2020-07-07').toBe(true);
  });

  it('gives customers unique emails and a home store', () => {
    expect(new Set(plan.customers.map((c) => c.email)).size).toBe(plan.customers.length);
    const storeIds = new Set(STORES.map((s) => s.storeId));
    for (const c of plan.customers) {
      expect(storeIds.has(c.store_id)).toBe(true);
      expect(c.email).toContain(`.${c.customer_id}@`);
    }
  });

  it('only sells at the customer home store, after signup, within the period', () => {
    const customers = new Map(plan.customers.map((c) => [c.customer_id, c]));
    orders.forEach((o, i) => {
      expect(o.order_id).toBe(i + 1);
      const customer = customers.get(o.customer_id);
      expect(customer?.store_id).toBe(o.store_id);
      expect(o.order_date >= (customer?.created_at ?? '9999')).toBe(true);
      expect(o.order_date >= plan.firstDay && o.order_date <= plan.lastDay).toBe(true);
    });
  });

  it('writes consistent order lines', () => {
    const orderStore = new Map(orders.map((o) => [o.order_id, o.store_id]));
    const linesPerOrder = new Map<number, number[]>();
    const prices = new Map(plan.products.map((p) => [p.product_id, p.base_price]));
    let variedPrices = 0;
    for (const item of items) {
      expect(item.store_id).toBe(orderStore.get(item.order_id));
      expect(item.quantity).toBeGreaterThan(0);
      expect([0, 5, 10, 15, 20]).toContain(item.discount_percent);
      // In whole cents, half up, as PostgreSQL's round(numeric) would: a 5% discount on 189.90 is 9.50.
      const lineCents = Math.round(item.quantity * item.unit_price * 100);
      expect(item.discount_amount).toBe(Math.round((lineCents * item.discount_percent) / 100) / 100);
      const total = Math.round((item.quantity * item.unit_price - item.discount_amount) * 100) / 100;
      expect(item.total_amount).toBe(total);
      if (item.unit_price !== prices.get(item.product_id)) variedPrices++;
      const lines = linesPerOrder.get(item.order_id) ?? [];
      lines.push(item.product_id);
      linesPerOrder.set(item.order_id, lines);
    }
    expect(linesPerOrder.size).toBe(orders.length);
    for (const lines of linesPerOrder.values()) {
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(5);
      expect(new Set(lines).size).toBe(lines.length);
    }
    // Occasional price variation, but mostly list price; mostly undiscounted.
    expect(variedPrices / items.length).toBeGreaterThan(0.02);
    expect(variedPrices / items.length).toBeLessThan(0.12);
    expect(items.filter((i) => i.discount_percent === 0).length / items.length).toBeGreaterThan(0.75);
  });

  it('shows seasonality, weekend peaks, store weights and growth', () => {
    const orderDate = new Map(orders.map((o) => [o.order_id, o.order_date]));
    const categoryOf = new Map(plan.products.map((p) => [p.product_id, p.category_id]));
    const categoryId = (name: string): number => plan.categories.find((c) => c.category_name === name)?.category_id ?? -1;
    const sales = (category: string, month: string): number =>
      items
        .filter((i) => categoryOf.get(i.product_id) === categoryId(category) && orderDate.get(i.order_id)?.slice(5, 7) === month)
        .reduce((sum, i) => sum + i.total_amount, 0);
    expect(sales('Garden & Outdoor', '05')).toBeGreaterThan(2 * sales('Garden & Outdoor', '01'));
    expect(sales('Paint & Supplies', '06')).toBeGreaterThan(sales('Paint & Supplies', '12'));
    expect(sales('Power Tools', '12')).toBeGreaterThan(sales('Power Tools', '07'));

    const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
    const inStore = orders.filter((o) => o.store_id !== 8);
    const saturdays = inStore.filter((o) => weekday(o.order_date) === 6).length;
    const tuesdays = inStore.filter((o) => weekday(o.order_date) === 2).length;
    expect(saturdays).toBeGreaterThan(1.4 * tuesdays);

    const perStore = (id: number): number => orders.filter((o) => o.store_id === id).length;
    expect(perStore(1)).toBeGreaterThan(2 * perStore(4));
    // Five years of growth between the first and the last twelve months of the history.
    const between = (from: string, to: string): number => orders.filter((o) => o.order_date >= from && o.order_date <= to).length;
    expect(between('2025-07-01', '2026-06-30')).toBeGreaterThan(between('2020-07-01', '2021-06-30'));
  });

  it('stocks every product in every store, online the most', () => {
    expect(inventory).toHaveLength(STORES.length * plan.products.length);
    expect(new Set(inventory.map((r) => `${r.store_id}/${r.product_id}`)).size).toBe(inventory.length);
    for (const row of inventory) expect(Number.isInteger(row.stock_level) && row.stock_level >= 0).toBe(true);
    const mean = (id: number): number => {
      const rows = inventory.filter((r) => r.store_id === id);
      return rows.reduce((s, r) => s + r.stock_level, 0) / rows.length;
    };
    expect(mean(8)).toBeGreaterThan(2 * mean(1));
    expect(inventory.some((r) => r.stock_level === 0)).toBe(true);
  });

  it('sets stock from the last 28 days of sales: some pairs run low, some are overstocked, the rest in between', () => {
    // Recomputed here from the order rows, independently of RecentSales.
    expect(RECENT_SALES_DAYS).toBe(28);
    const windowStart = '2026-06-03'; // 28 days ending 2026-06-30
    const recentOrders = new Set(orders.filter((o) => o.order_date >= windowStart).map((o) => o.order_id));
    const sold = new Map<string, number>();
    for (const i of items) {
      if (recentOrders.has(i.order_id)) sold.set(`${i.store_id}/${i.product_id}`, (sold.get(`${i.store_id}/${i.product_id}`) ?? 0) + i.quantity);
    }
    let low = 0;
    let over = 0;
    let normal = 0;
    let selling = 0;
    const lowStores = new Set<number>();
    for (const row of inventory) {
      const units = sold.get(`${row.store_id}/${row.product_id}`) ?? 0;
      if (units === 0) {
        if (row.stock_level > 0) over++;
        continue;
      }
      selling++;
      const daysOfSupply = row.stock_level / (units / 28);
      if (daysOfSupply < LOW_STOCK_DAYS) {
        low++;
        lowStores.add(row.store_id);
      } else if (daysOfSupply > OVERSTOCK_DAYS) over++;
      else normal++;
    }
    expect(selling).toBe(sold.size);
    // Roughly 12% of selling pairs low and 10% over by design; most have a normal cover.
    expect(low).toBeGreaterThan(0.05 * selling);
    expect(low).toBeLessThan(0.25 * selling);
    expect(normal).toBeGreaterThan(0.6 * selling);
    expect(over).toBeGreaterThan(0);
    // Seattle (the test manager's store) has something running low, and some items are sold out.
    expect(lowStores.has(1)).toBe(true);
    expect(inventory.some((r) => r.stock_level === 0 && (sold.get(`${r.store_id}/${r.product_id}`) ?? 0) > 0)).toBe(true);
    // Overstock also among products that do sell (over 180 days of cover), not only among the idle ones.
    expect(
      inventory.some((r) => {
        const units = sold.get(`${r.store_id}/${r.product_id}`) ?? 0;
        return units > 0 && r.stock_level / (units / 28) > OVERSTOCK_DAYS;
      }),
    ).toBe(true);
  });
});

describe('embedding text', () => {
  it('joins name and description and hashes with sha256', () => {
    const text = productEmbeddingText({ product_name: 'Hinge', product_description: 'Keeps doors up.' });
    expect(text).toBe('Hinge. Keeps doors up.');
    expect(textHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(textHash(text)).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
