// Stock levels derived from each store's recent sales, so "what is running low / overstocked" has real answers.

import { formatIsoDay, parseIsoDay } from './calendar.js';
import { type OrderBatch, type SeedPlan, storeWeight } from './generate.js';
import { createRng } from './random.js';
import type { InventoryRow } from './rows.js';

/** The sales window stock is judged against: the last 28 days of the history (as the inventory alerts look back). */
export const RECENT_SALES_DAYS = 28;
/** Below this many days of supply a selling product is running low. */
export const LOW_STOCK_DAYS = 14;
/** Above this many days of supply (or stock with no recent sales) a product is overstocked. */
export const OVERSTOCK_DAYS = 180;

/** Shares of the selling (store, product) pairs stocked low and over; the rest get a normal cover. */
const LOW_SHARE = 0.12;
const OVER_SHARE = 0.1;

/** Units sold per (store, product) in the last RECENT_SALES_DAYS days of a plan, tallied as the order batches stream by. */
export class RecentSales {
  /** First day of the window (YYYY-MM-DD); the window ends on the plan's last day. */
  readonly fromDay: string;
  private readonly units: Int32Array;
  private readonly storeIndex: Map<number, number>;
  private readonly productCount: number;

  constructor(plan: SeedPlan) {
    this.fromDay = formatIsoDay(parseIsoDay(plan.lastDay) - (RECENT_SALES_DAYS - 1));
    this.storeIndex = new Map(plan.stores.map((s, i) => [s.store_id, i]));
    this.productCount = plan.products.length;
    this.units = new Int32Array(plan.stores.length * this.productCount);
  }

  /** Counts the batch's lines whose order falls in the window (a batch holds whole orders, lines included). */
  add(batch: OrderBatch): void {
    const last = batch.orders[batch.orders.length - 1];
    if (!last || last.order_date < this.fromDay) return; // orders come in date order: most batches are older
    const recent = new Set<number>();
    for (const order of batch.orders) if (order.order_date >= this.fromDay) recent.add(order.order_id);
    for (const item of batch.items) {
      if (!recent.has(item.order_id)) continue;
      const slot = this.slot(item.store_id, item.product_id);
      this.units[slot] = (this.units[slot] as number) + item.quantity;
    }
  }

  unitsSold(storeId: number, productId: number): number {
    return this.units[this.slot(storeId, productId)] as number;
  }

  private slot(storeId: number, productId: number): number {
    const store = this.storeIndex.get(storeId);
    if (store === undefined || productId < 1 || productId > this.productCount) {
      throw new Error(`seed: no inventory slot for store ${storeId}, product ${productId}`);
    }
    return store * this.productCount + (productId - 1);
  }
}

/**
 * One row per (store, product). A product that sold in the window gets stock for a drawn number of days of supply
 * at its recent rate: mostly a normal cover (longer in the online warehouse), some below LOW_STOCK_DAYS (a few
 * sold out), some above OVERSTOCK_DAYS. A product with no recent sales keeps stock from its long-run demand, price
 * and store size (so most of it is overstock by definition), and a few are out of stock. Deterministic per plan.
 */
export function generateInventory(plan: SeedPlan, recent: RecentSales): InventoryRow[] {
  const rng = createRng(plan.settings.seed, 'inventory');
  const meanPopularity = plan.popularity.reduce((a, b) => a + b, 0) / Math.max(1, plan.popularity.length);
  const rows: InventoryRow[] = [];
  for (const store of plan.stores) {
    const storeFactor = Math.sqrt(storeWeight(store.store_id)) * (store.is_online ? 3 : 1);
    const normalDays: readonly [number, number] = store.is_online ? [30, 120] : [21, 75];
    plan.products.forEach((p, i) => {
      const sold = recent.unitsSold(store.store_id, p.product_id);
      // The same draws for every pair, whichever branch it takes, so one pair's data never shifts another's.
      const roll = rng.next();
      const spread = rng.next();
      const noise = rng.logNormal(0.45);
      let stock: number;
      if (sold > 0) {
        stock = stockForCover(sold, roll, spread, normalDays);
      } else if (roll < 0.04) {
        stock = 0;
      } else if (roll < 0.1) {
        stock = 1 + Math.floor(spread * 4);
      } else {
        const tier = p.base_price < 10 ? 60 : p.base_price < 30 ? 35 : p.base_price < 100 ? 18 : p.base_price < 300 ? 8 : 4;
        const demand = Math.min(3, (plan.popularity[i] as number) / meanPopularity);
        stock = Math.max(1, Math.round(tier * storeFactor * (0.6 + 0.4 * demand) * noise));
      }
      rows.push({ store_id: store.store_id, product_id: p.product_id, stock_level: stock });
    });
  }
  return rows;
}

/**
 * Stock for `sold` units in the window, in whole units and on the intended side of each threshold, the way the
 * alerts compute it: days of supply = stock / (sold / RECENT_SALES_DAYS).
 */
function stockForCover(sold: number, roll: number, spread: number, normalDays: readonly [number, number]): number {
  const rate = sold / RECENT_SALES_DAYS;
  // Largest stock still below LOW_STOCK_DAYS, and largest stock not above OVERSTOCK_DAYS (exact for integers).
  const maxLow = Math.ceil((LOW_STOCK_DAYS * sold) / RECENT_SALES_DAYS) - 1;
  const maxNormal = Math.floor((OVERSTOCK_DAYS * sold) / RECENT_SALES_DAYS);
  // Running low: a quarter sold out, the rest a few days' worth (when a single unit is not already too much).
  if (roll < LOW_SHARE) return roll < LOW_SHARE / 4 || maxLow === 0 ? 0 : 1 + Math.floor(spread * maxLow);
  if (roll < LOW_SHARE + OVER_SHARE) return Math.max(maxNormal + 1, Math.round(rate * OVERSTOCK_DAYS * (1 + spread)));
  const [from, to] = normalDays;
  const days = from + spread * (to - from);
  return Math.min(maxNormal, Math.max(maxLow + 1, Math.round(rate * days)));
}
