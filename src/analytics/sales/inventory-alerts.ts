// Inventory alerts: products running low (days of supply under a threshold at the recent sales rate) and
// overstock (stock with no recent sales, or more than 180 days of supply). One statement in the caller's scope.

import { addDays, type DateRange } from '../periods.js';
import type { RequestContext } from '../request-context.js';
import { FIGURE_SQL, SqlParams, STORE_RESOLUTION_COLUMNS, storeCtes } from './sales-sql.js';
import { clockFacts, runSalesStatement } from './sales-statement.js';
import { normalizeName, resolveStores, type StoreRef } from './scope-resolution.js';
import { summaryRows } from './summary-sql.js';

export const OVERSTOCK_DAYS_OF_SUPPLY = 180;
export const INVENTORY_DEFAULTS = { daysOfSupplyThreshold: 14, lookbackDays: 28, limit: 50 } as const;

export interface StockAlert {
  store_id: number;
  store_name: string;
  product_id: number;
  sku: string;
  product_name: string;
  stock_level: number;
  units_sold: number;
  daily_rate: number;
  /** null when nothing sold in the lookback window (no rate to divide by). */
  days_of_supply: number | null;
}

export interface InventoryAlerts {
  as_of: string;
  computed_at: string;
  lookback: DateRange;
  days_of_supply_threshold: number;
  limit: number;
  low_stock: StockAlert[];
  overstock: StockAlert[];
}

export interface InventoryAlertsRequest {
  store?: string | number | undefined;
  daysOfSupplyThreshold: number;
  lookbackDays: number;
  limit: number;
}

interface Row {
  low_stock: StockAlert[] | null;
  overstock: StockAlert[] | null;
  low_stock_total: number;
  overstock_total: number;
  store_ref: StoreRef[];
  requested_store_ids: number[];
}

export interface InventoryOutcome {
  result: InventoryAlerts;
  stores: StoreRef[];
  /** How many rows each list had before the limit (for the text rendering). */
  totals: { lowStock: number; overstock: number };
  roundTrips: number;
}

const ALERT_JSON = `json_build_object('store_id', m.store_id, 'store_name', m.store_name, 'product_id', m.product_id, 'sku', m.sku,
  'product_name', m.product_name, 'stock_level', m.stock_level, 'units_sold', m.units_sold, 'daily_rate', m.daily_rate,
  'days_of_supply', round(m.days_exact, 2))`;

/** The lookback window: the lookback_days ending yesterday (UTC). */
export function lookbackWindow(today: string, lookbackDays: number): DateRange {
  return { from: addDays(today, -lookbackDays), to: addDays(today, -1) };
}

export async function getInventoryAlerts(ctx: RequestContext, request: InventoryAlertsRequest): Promise<InventoryOutcome> {
  const store = normalizeName(request.store);
  const { today, computedAt } = clockFacts(ctx);
  const lookback = lookbackWindow(today, request.lookbackDays);
  const p = new SqlParams();
  const stores = storeCtes(p, store);
  const rows = summaryRows(p, 'product', { lookback });
  const days = p.add(Math.trunc(request.lookbackDays), 'integer');
  const threshold = p.add(request.daysOfSupplyThreshold, 'numeric');
  const overstockDays = p.add(OVERSTOCK_DAYS_OF_SUPPLY, 'numeric');
  const limit = p.add(Math.trunc(request.limit), 'integer');
  // days_exact = stock / (units_sold / days), computed as stock × days / units_sold so no rounded rate decides a threshold.
  const sql = `WITH ${stores},
  product_rows AS (
    ${rows}
  ),
  sold AS (
    SELECT s.store_id, s.product_id, ${FIGURE_SQL.units} AS units_sold FROM product_rows s GROUP BY s.store_id, s.product_id
  ),
  measured AS (
    SELECT i.store_id, st.store_name, i.product_id, pr.sku, pr.product_name, i.stock_level,
           coalesce(sd.units_sold, 0) AS units_sold,
           round(coalesce(sd.units_sold, 0)::numeric / ${days}, 2) AS daily_rate,
           CASE WHEN sd.units_sold > 0 THEN i.stock_level::numeric * ${days} / sd.units_sold END AS days_exact
    FROM inventory i
    JOIN stores st ON st.store_id = i.store_id
    JOIN products pr ON pr.product_id = i.product_id
    LEFT JOIN sold sd ON sd.store_id = i.store_id AND sd.product_id = i.product_id
    WHERE i.store_id IN (SELECT store_id FROM selected_stores)
  ),
  low AS (SELECT * FROM measured WHERE units_sold > 0 AND days_exact < ${threshold}),
  excess AS (SELECT * FROM measured WHERE stock_level > 0 AND (units_sold = 0 OR days_exact > ${overstockDays}))
  SELECT
    (SELECT json_agg(${ALERT_JSON} ORDER BY m.days_exact, m.store_id, m.product_id)
       FROM (SELECT * FROM low ORDER BY days_exact, store_id, product_id LIMIT ${limit}) m) AS low_stock,
    (SELECT json_agg(${ALERT_JSON} ORDER BY m.stock_level DESC, m.store_id, m.product_id)
       FROM (SELECT * FROM excess ORDER BY stock_level DESC, store_id, product_id LIMIT ${limit}) m) AS overstock,
    (SELECT count(*) FROM low) AS low_stock_total,
    (SELECT count(*) FROM excess) AS overstock_total,
    ${STORE_RESOLUTION_COLUMNS}`;
  const { row, scope, roundTrips } = await runSalesStatement<Row>(ctx, sql, p.values);
  const selected = resolveStores(store, row.requested_store_ids, row.store_ref, scope.storeIds);
  return {
    result: {
      as_of: today,
      computed_at: computedAt,
      lookback,
      days_of_supply_threshold: request.daysOfSupplyThreshold,
      limit: request.limit,
      low_stock: row.low_stock ?? [],
      overstock: row.overstock ?? [],
    },
    stores: selected,
    totals: { lowStock: row.low_stock_total, overstock: row.overstock_total },
    roundTrips,
  };
}
