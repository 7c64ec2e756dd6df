// Pure generation of the seed rows (no database): reference data, customers, orders in batches, inventory.

import type { Clock } from '../platform/clock.js';
import { addYears, dayInfo, formatIsoDay, parseIsoDay, yesterdayUtc } from './calendar.js';
import { buildCatalog, CATEGORIES, type CatalogProduct } from './catalog.js';
import { FIRST_NAMES, LAST_NAMES } from './people.js';
import { createRng, type Rng, WeightedPicker } from './random.js';
import type { CategoryRow, CustomerRow, OrderItemRow, OrderRow, ProductRow, ProductTypeRow, StoreRow } from './rows.js';
import { STORES } from './stores.js';

/** Scale 1.0 is the reference dataset. */
export const REFERENCE_CUSTOMERS = 50_000;
export const REFERENCE_ORDERS = 200_000;
export const DEFAULT_SCALE = 0.1;
/** Years of history ending on the end date (by default yesterday, UTC, read from the injected clock). */
export const DEFAULT_YEARS = 6;
export const MAX_SCALE = 10;
export const DEFAULT_ORDER_BATCH = 5_000;

export interface SeedSettingsInput {
  scale: number;
  seed: number;
  /** Last order day, YYYY-MM-DD. Omitted: the day before `clock.now()` (UTC). Same seed + end date = same rows. */
  endDate?: string;
  /** Where "today" comes from when no end date is given. */
  clock?: Clock;
  years?: number;
}

export interface SeedSettings {
  scale: number;
  seed: number;
  /** First order day: `years` years before the day after endDate (so the period is exactly `years` years). */
  startDate: string;
  endDate: string;
  years: number;
}

/** Validates and fills defaults; throws an Error that says what is wrong. */
export function resolveSettings(input: SeedSettingsInput): SeedSettings {
  const { scale, seed } = input;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) {
    throw new Error(`seed: scale must be a number in (0, ${MAX_SCALE}], got ${String(scale)}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`seed: seed must be an integer in [0, 4294967295], got ${String(seed)}`);
  }
  const years = input.years ?? DEFAULT_YEARS;
  if (!Number.isInteger(years) || years < 1 || years > 20) {
    throw new Error(`seed: years must be an integer in [1, 20], got ${String(years)}`);
  }
  if (input.endDate === undefined && input.clock === undefined) {
    // No silent `new Date()` here: the caller decides where "now" comes from (systemClock at the entry points).
    throw new Error('seed: give an endDate (YYYY-MM-DD) or a clock to end the history yesterday');
  }
  const endDate = input.endDate ?? yesterdayUtc(input.clock as Clock);
  const end = parseIsoDay(endDate); // throws on a malformed date
  const startDate = formatIsoDay(addYears(end + 1, -years));
  return { scale, seed, startDate, endDate, years };
}

// ---------------------------------------------------------------------------------------------------------------
// Demand model

/** Order volume by month (Jan..Dec): spring and summer projects, and the December gift season. */
const MONTH_VOLUME: readonly number[] = [0.75, 0.8, 1.0, 1.2, 1.3, 1.25, 1.1, 1.0, 0.95, 0.9, 1.05, 1.25];
/** Sun..Sat. Physical stores are busiest at weekends; online shoppers are spread over the week. */
const WEEKDAY_STORE: readonly number[] = [1.3, 0.85, 0.8, 0.85, 0.9, 1.05, 1.45];
const WEEKDAY_ONLINE: readonly number[] = [1.1, 1.05, 1.0, 1.0, 1.0, 0.95, 1.0];
/** Volume grows slowly year over year (compounded continuously over the period). */
const YEARLY_GROWTH = 1.08;

interface CategoryProfile {
  /** Share of order lines relative to other categories. */
  popularity: number;
  /** Multiplier by month, Jan..Dec. */
  season: readonly number[];
  /** Multiplier for the online store (bulky lumber rarely ships; tools and storage do well online). */
  online: number;
}

const CATEGORY_PROFILES: Readonly<Record<string, CategoryProfile>> = {
  'Hand Tools': { popularity: 1.0, season: [0.9, 0.9, 1, 1, 1, 1, 1, 1, 1, 1, 1.3, 2.0], online: 1.1 },
  'Power Tools': { popularity: 0.8, season: [0.9, 0.8, 0.9, 1, 1, 0.9, 0.9, 0.9, 1, 1, 1.5, 2.3], online: 1.4 },
  'Paint & Supplies': { popularity: 1.1, season: [0.6, 0.7, 1, 1.4, 1.6, 1.6, 1.5, 1.3, 1.1, 0.9, 0.6, 0.5], online: 0.7 },
  Hardware: { popularity: 1.4, season: [1, 1, 1, 1.05, 1.05, 1.05, 1, 1, 1, 1, 1, 1], online: 0.9 },
  'Lumber & Building Materials': {
    popularity: 0.9,
    season: [0.7, 0.8, 1, 1.3, 1.4, 1.4, 1.3, 1.2, 1, 0.9, 0.7, 0.6],
    online: 0.25,
  },
  Electrical: { popularity: 1.0, season: [1, 1, 1, 1, 1, 0.9, 0.9, 0.9, 1, 1.1, 1.2, 1.3], online: 1.0 },
  Plumbing: { popularity: 0.9, season: [1.3, 1.2, 1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 1, 1.1, 1.3], online: 0.9 },
  'Garden & Outdoor': { popularity: 1.1, season: [0.3, 0.4, 0.9, 1.8, 2.3, 2.1, 1.7, 1.3, 0.9, 0.6, 0.4, 0.3], online: 1.0 },
  'Storage & Organization': { popularity: 0.7, season: [1.6, 1.2, 1, 1, 0.9, 0.9, 0.9, 1, 1.2, 1, 0.9, 1], online: 1.3 },
};

const ITEMS_PER_ORDER = new WeightedPicker([1, 2, 3, 4, 5], [0.34, 0.28, 0.19, 0.11, 0.08]);
const QTY_CHEAP = new WeightedPicker([1, 2, 3, 4, 5, 6], [0.35, 0.25, 0.15, 0.1, 0.08, 0.07]);
const QTY_MID = new WeightedPicker([1, 2, 3], [0.72, 0.2, 0.08]);
const QTY_BIG = new WeightedPicker([1, 2], [0.94, 0.06]);
const QTY_LUMBER = new WeightedPicker([1, 2, 4, 6, 8, 10, 12], [0.2, 0.2, 0.18, 0.14, 0.12, 0.1, 0.06]);
const DISCOUNT_PERCENTS = [0, 5, 10, 15, 20];
const DISCOUNT_NORMAL = new WeightedPicker(DISCOUNT_PERCENTS, [0.86, 0.06, 0.05, 0.02, 0.01]);
/** Black Friday to Christmas: more and deeper discounts. */
const DISCOUNT_PROMO = new WeightedPicker(DISCOUNT_PERCENTS, [0.62, 0.1, 0.14, 0.08, 0.06]);
const PRICE_VARIATION = new WeightedPicker([0.9, 0.95, 1.05, 1.1], [0.3, 0.35, 0.25, 0.1]);

// ---------------------------------------------------------------------------------------------------------------
// Reference data

export interface ReferenceData {
  stores: StoreRow[];
  categories: CategoryRow[];
  productTypes: ProductTypeRow[];
  products: ProductRow[];
  /** Same order as products (product_id = index + 1), with category and type names. */
  catalog: CatalogProduct[];
}

/** Stores, categories, types and products; depends only on the seed (not the scale). */
export function buildReferenceData(seed: number): ReferenceData {
  const stores: StoreRow[] = STORES.map((s) => ({
    store_id: s.storeId,
    store_name: s.storeName,
    city: s.city,
    is_online: s.isOnline,
  }));
  const categories: CategoryRow[] = [];
  const productTypes: ProductTypeRow[] = [];
  const typeIds = new Map<string, { typeId: number; categoryId: number }>();
  CATEGORIES.forEach((category, ci) => {
    const categoryId = ci + 1;
    categories.push({ category_id: categoryId, category_name: category.name });
    for (const type of category.types) {
      const typeId = productTypes.length + 1;
      productTypes.push({ type_id: typeId, category_id: categoryId, type_name: type.name });
      typeIds.set(`${category.name}\u0000${type.name}`, { typeId, categoryId });
    }
  });
  const catalog = buildCatalog(createRng(seed, 'catalog'));
  const products: ProductRow[] = catalog.map((p, i) => {
    const ids = typeIds.get(`${p.category}\u0000${p.type}`);
    if (!ids) throw new Error(`seed: product ${p.sku} has unknown type ${p.category} / ${p.type}`);
    return {
      product_id: i + 1,
      sku: p.sku,
      product_name: p.product_name,
      category_id: ids.categoryId,
      type_id: ids.typeId,
      cost: p.cost,
      base_price: p.base_price,
      product_description: p.description,
    };
  });
  return { stores, categories, productTypes, products, catalog };
}

// ---------------------------------------------------------------------------------------------------------------
// Customers

const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];

function emailPart(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

/**
 * Customers sorted by signup date (customer_id follows created_at). About a third already exist in the first
 * months; the rest sign up evenly over the period. Every store gets a customer on day one so it can sell at once.
 */
export function generateCustomers(settings: SeedSettings, stores: readonly StoreRow[]): CustomerRow[] {
  const rng = createRng(settings.seed, 'customers');
  const start = parseIsoDay(settings.startDate);
  const span = parseIsoDay(settings.endDate) + 1 - start;
  const count = Math.max(stores.length, Math.round(REFERENCE_CUSTOMERS * settings.scale));
  const storePicker = new WeightedPicker(
    stores.map((s) => s.store_id),
    stores.map((s) => storeWeight(s.store_id)),
  );
  const drafts: { storeId: number; day: number; first: string; last: string; phone: string | null }[] = [];
  for (let i = 0; i < count; i++) {
    const early = i < stores.length;
    const storeId = early ? (stores[i] as StoreRow).store_id : storePicker.pick(rng);
    const day = early ? start : start + (rng.chance(0.35) ? rng.int(0, Math.min(119, span - 1)) : rng.int(0, span - 1));
    const areaCode = rng.pick(storeAreaCodes(storeId));
    drafts.push({
      storeId,
      day,
      first: rng.pick(FIRST_NAMES),
      last: rng.pick(LAST_NAMES),
      phone: rng.chance(0.1) ? null : `${areaCode}-555-${String(rng.int(0, 9999)).padStart(4, '0')}`,
    });
  }
  drafts.sort((a, b) => a.day - b.day); // stable: ties keep generation order
  return drafts.map((d, i) => {
    const id = i + 1;
    return {
      customer_id: id,
      first_name: d.first,
      last_name: d.last,
      // The id makes the address unique; example.* domains never reach a real mailbox.
      email: `${emailPart(d.first)}.${emailPart(d.last)}.${id}@${EMAIL_DOMAINS[id % EMAIL_DOMAINS.length]}`,
      phone: d.phone,
      store_id: d.storeId,
      created_at: formatIsoDay(d.day),
    };
  });
}

export function storeWeight(storeId: number): number {
  return STORES.find((s) => s.storeId === storeId)?.weight ?? 1;
}

function storeAreaCodes(storeId: number): readonly string[] {
  return STORES.find((s) => s.storeId === storeId)?.areaCodes ?? ['206'];
}

// ---------------------------------------------------------------------------------------------------------------
// The plan: everything small enough to hold in memory; orders are streamed from it

export interface SeedPlan extends ReferenceData {
  settings: SeedSettings;
  /** First and last order day, inclusive (YYYY-MM-DD). */
  firstDay: string;
  lastDay: string;
  customers: CustomerRow[];
  /** Relative demand per product (index = product_id - 1): drives order lines and stock levels. */
  popularity: number[];
  /** Expected order count (the generated count varies slightly around it). */
  expectedOrders: number;
}

export function planSeed(input: SeedSettingsInput): SeedPlan {
  const settings = resolveSettings(input);
  const reference = buildReferenceData(settings.seed);
  const start = parseIsoDay(settings.startDate);
  const end = parseIsoDay(settings.endDate) + 1;
  const popRng = createRng(settings.seed, 'popularity');
  // Cheap, everyday items sell more often than a table saw; the log-normal spread makes a few best sellers.
  const popularity = reference.products.map((p) => popRng.logNormal(0.6) / (1 + p.base_price / 120));
  return {
    ...reference,
    settings,
    firstDay: formatIsoDay(start),
    lastDay: formatIsoDay(end - 1),
    customers: generateCustomers(settings, reference.stores),
    popularity,
    expectedOrders: Math.round(REFERENCE_ORDERS * settings.scale),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Orders

export interface OrderBatch {
  orders: OrderRow[];
  items: OrderItemRow[];
}

/**
 * Orders and their lines in date order, in batches of about `batchOrders` orders, so a full-scale seed never
 * holds all lines in memory. Per day and store the count is Poisson around the store's share of the volume,
 * shaped by month, weekday and yearly growth; customers only buy at their home store and only after signing up.
 */
export function* generateOrderBatches(plan: SeedPlan, batchOrders: number = DEFAULT_ORDER_BATCH): Generator<OrderBatch, void, undefined> {
  const { settings, stores, categories, products, customers, popularity } = plan;
  const rng = createRng(settings.seed, 'orders');
  const start = parseIsoDay(settings.startDate);
  const dayCount = parseIsoDay(settings.endDate) + 1 - start;

  // Calendar factors per day, shared by all stores.
  const months = new Uint8Array(dayCount);
  const weekdays = new Uint8Array(dayCount);
  const promo = new Uint8Array(dayCount);
  const growth = new Float64Array(dayCount);
  const dates: string[] = new Array<string>(dayCount);
  for (let d = 0; d < dayCount; d++) {
    const info = dayInfo(start + d);
    months[d] = info.month;
    weekdays[d] = info.weekday;
    promo[d] = info.month === 10 && info.dayOfMonth >= 24 ? 1 : info.month === 11 && info.dayOfMonth <= 24 ? 1 : 0;
    growth[d] = YEARLY_GROWTH ** (d / 365.25);
    dates[d] = formatIsoDay(start + d);
  }

  const storeIndex = new Map(stores.map((s, i) => [s.store_id, i]));
  const totalWeight = stores.reduce((sum, s) => sum + storeWeight(s.store_id), 0);

  // Per store: the daily rate normalised so the expected total is the store's share of expectedOrders.
  const dailyBase = stores.map((s) => {
    const weekday = s.is_online ? WEEKDAY_ONLINE : WEEKDAY_STORE;
    let sum = 0;
    for (let d = 0; d < dayCount; d++) {
      sum += (growth[d] as number) * (MONTH_VOLUME[months[d] as number] as number) * (weekday[weekdays[d] as number] as number);
    }
    return (plan.expectedOrders * (storeWeight(s.store_id) / totalWeight)) / sum;
  });

  // Customers per store, already in signup order; `eligible` advances as the days pass.
  const storeCustomers = stores.map(() => ({ ids: [] as number[], days: [] as number[], eligible: 0 }));
  for (const c of customers) {
    const bucket = storeCustomers[storeIndex.get(c.store_id) ?? -1];
    if (!bucket) throw new Error(`seed: customer ${c.customer_id} has unknown store ${c.store_id}`);
    bucket.ids.push(c.customer_id);
    bucket.days.push(parseIsoDay(c.created_at));
  }

  // Which category a line comes from depends on store (online mix) and month (seasonality).
  const categoryIds = categories.map((c) => c.category_id);
  const profiles = categories.map((c) => {
    const profile = CATEGORY_PROFILES[c.category_name];
    if (!profile) throw new Error(`seed: no demand profile for category '${c.category_name}'`);
    return profile;
  });
  const categoryPickers = stores.map((s) =>
    Array.from(
      { length: 12 },
      (_, m) =>
        new WeightedPicker(
          categoryIds,
          profiles.map((p) => p.popularity * (p.season[m] as number) * (s.is_online ? p.online : 1)),
        ),
    ),
  );
  const productPickers = new Map<number, WeightedPicker<number>>();
  for (const categoryId of categoryIds) {
    const indices = products.flatMap((p, i) => (p.category_id === categoryId ? [i] : []));
    productPickers.set(
      categoryId,
      new WeightedPicker(
        indices,
        indices.map((i) => popularity[i] as number),
      ),
    );
  }
  const lumberId = categories.find((c) => c.category_name === 'Lumber & Building Materials')?.category_id;
  const priceCents = products.map((p) => Math.round(p.base_price * 100));

  let orders: OrderRow[] = [];
  let items: OrderItemRow[] = [];
  let orderId = 0;
  let itemId = 0;
  const inOrder: number[] = [];

  for (let d = 0; d < dayCount; d++) {
    const date = dates[d] as string;
    const month = months[d] as number;
    const dayNumber = start + d;
    for (let si = 0; si < stores.length; si++) {
      const store = stores[si] as StoreRow;
      const bucket = storeCustomers[si] as { ids: number[]; days: number[]; eligible: number };
      while (bucket.eligible < bucket.days.length && (bucket.days[bucket.eligible] as number) <= dayNumber) bucket.eligible++;
      if (bucket.eligible === 0) continue;
      const weekday = store.is_online ? WEEKDAY_ONLINE : WEEKDAY_STORE;
      const mean = (dailyBase[si] as number) * (growth[d] as number) * (MONTH_VOLUME[month] as number) * (weekday[weekdays[d] as number] as number);
      const count = rng.poisson(mean);
      for (let n = 0; n < count; n++) {
        orderId++;
        orders.push({
          order_id: orderId,
          customer_id: bucket.ids[pickCustomer(rng, bucket.eligible)] as number,
          store_id: store.store_id,
          order_date: date,
        });
        const lines = ITEMS_PER_ORDER.pick(rng);
        const categoryPicker = (categoryPickers[si] as WeightedPicker<number>[])[month] as WeightedPicker<number>;
        inOrder.length = 0;
        for (let l = 0; l < lines; l++) {
          const productIndex = pickNewProduct(rng, categoryPicker, productPickers, products, inOrder);
          if (productIndex < 0) continue;
          inOrder.push(productIndex);
          const product = products[productIndex] as ProductRow;
          const base = priceCents[productIndex] as number;
          const unitCents = rng.chance(0.06) ? Math.max(1, Math.round(base * PRICE_VARIATION.pick(rng))) : base;
          const quantity = pickQuantity(rng, unitCents, product.category_id === lumberId);
          const discountPercent = (promo[d] ? DISCOUNT_PROMO : DISCOUNT_NORMAL).pick(rng);
          // Whole cents throughout so total = quantity * unit_price - discount_amount holds exactly.
          const lineCents = quantity * unitCents;
          const discountCents = Math.round((lineCents * discountPercent) / 100);
          items.push({
            order_item_id: ++itemId,
            order_id: orderId,
            store_id: store.store_id,
            product_id: product.product_id,
            quantity,
            unit_price: unitCents / 100,
            discount_percent: discountPercent,
            discount_amount: discountCents / 100,
            total_amount: (lineCents - discountCents) / 100,
          });
        }
        if (orders.length >= batchOrders) {
          yield { orders, items };
          orders = [];
          items = [];
        }
      }
    }
  }
  if (orders.length > 0) yield { orders, items };
}

/** Mostly any eligible customer; some weight on recent signups, who tend to come back soon. */
function pickCustomer(rng: Rng, eligible: number): number {
  if (rng.chance(0.7)) return rng.int(0, eligible - 1);
  const recent = Math.max(1, Math.ceil(eligible * 0.15));
  return eligible - 1 - Math.floor(rng.next() * recent);
}

/** A product not yet in the order (a few retries; -1 if the dice keep repeating, and the line is dropped). */
function pickNewProduct(
  rng: Rng,
  categoryPicker: WeightedPicker<number>,
  productPickers: ReadonlyMap<number, WeightedPicker<number>>,
  products: readonly ProductRow[],
  inOrder: readonly number[],
): number {
  for (let attempt = 0; attempt < 4; attempt++) {
    const picker = productPickers.get(categoryPicker.pick(rng));
    if (!picker) continue;
    const index = picker.pick(rng);
    if (!inOrder.includes(index) && products[index]) return index;
  }
  return -1;
}

function pickQuantity(rng: Rng, unitCents: number, isLumber: boolean): number {
  if (isLumber && unitCents < 2_000) return QTY_LUMBER.pick(rng);
  if (unitCents < 1_000) return QTY_CHEAP.pick(rng);
  if (unitCents < 5_000) return QTY_MID.pick(rng);
  return QTY_BIG.pick(rng);
}
