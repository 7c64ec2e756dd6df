// Top products of a period by revenue, units or gross margin (ties by product id), optionally in one category.
// One statement in the caller's scope.

import { ValidationError } from '../../platform/errors.js';
import type { DateRange, ResolvedPeriod } from '../periods.js';
import type { RequestContext } from '../request-context.js';
import { CATEGORY_RESOLUTION_COLUMNS, categoryCtes, FIGURE_SQL, SqlParams, STORE_RESOLUTION_COLUMNS, storeCtes } from './sales-sql.js';
import { clockFacts, runSalesStatement } from './sales-statement.js';
import { summaryRows } from './summary-sql.js';
import { checkCategory, normalizeName, resolveStores, type StoreRef } from './scope-resolution.js';

export const PRODUCT_METRICS = ['revenue', 'units', 'gross_margin'] as const;
export type ProductMetric = (typeof PRODUCT_METRICS)[number];
export const TOP_PRODUCTS_LIMIT_DEFAULT = 10;
export const TOP_PRODUCTS_LIMIT_MAX = 50;

export interface TopProduct {
  rank: number;
  product_id: number;
  sku: string;
  product_name: string;
  category: string;
  revenue: number;
  units: number;
  gross_margin: number;
}

export interface TopProducts {
  period: DateRange;
  computed_at: string;
  metric: ProductMetric;
  products: TopProduct[];
}

export interface TopProductsRequest {
  period: ResolvedPeriod;
  metric: ProductMetric;
  limit: number;
  category?: string | undefined;
  store?: string | number | undefined;
}

// Ranking columns by metric: constant text, so only these three names can ever reach the SQL.
const METRIC_COLUMN: Readonly<Record<ProductMetric, string>> = { revenue: 'pp.revenue', units: 'pp.units', gross_margin: 'pp.gross_margin' };

interface Row {
  products: TopProduct[] | null;
  store_ref: StoreRef[];
  requested_store_ids: number[];
  category_ref: string[];
  requested_category_count: number;
}

export async function getTopProducts(
  ctx: RequestContext,
  request: TopProductsRequest,
): Promise<{ result: TopProducts; stores: StoreRef[]; category: string | null; roundTrips: number }> {
  const store = normalizeName(request.store);
  const category = normalizeName(request.category);
  const p = new SqlParams();
  const stores = storeCtes(p, store);
  const categories = categoryCtes(p, category);
  const rows = summaryRows(p, 'product', { current: request.period });
  const limit = p.add(Math.trunc(request.limit), 'integer');
  const metric = METRIC_COLUMN[request.metric];
  if (!metric) throw new ValidationError(`Unknown metric. Use one of: ${PRODUCT_METRICS.join(', ')}.`);
  const sql = `WITH ${stores},
  ${categories},
  product_rows AS (
    ${rows}
  ),
  per_product AS (
    SELECT s.product_id, ${FIGURE_SQL.revenue} AS revenue, ${FIGURE_SQL.units} AS units, ${FIGURE_SQL.gross_margin} AS gross_margin
    FROM product_rows s JOIN products pc ON pc.product_id = s.product_id
    WHERE pc.category_id IN (SELECT category_id FROM requested_categories)
    GROUP BY s.product_id
  ),
  ranked AS (
    SELECT row_number() OVER (ORDER BY ${metric} DESC, pp.product_id) AS rank, pp.*
    FROM per_product pp
  )
  SELECT
    (SELECT json_agg(json_build_object('rank', r.rank, 'product_id', r.product_id, 'sku', pr.sku, 'product_name', pr.product_name,
                                       'category', c.category_name, 'revenue', r.revenue, 'units', r.units, 'gross_margin', r.gross_margin)
                     ORDER BY r.rank)
       FROM ranked r JOIN products pr ON pr.product_id = r.product_id JOIN categories c ON c.category_id = pr.category_id
      WHERE r.rank <= ${limit}) AS products,
    ${STORE_RESOLUTION_COLUMNS},
    ${CATEGORY_RESOLUTION_COLUMNS}`;
  const { row, scope, roundTrips } = await runSalesStatement<Row>(ctx, sql, p.values);
  const selected = resolveStores(store, row.requested_store_ids, row.store_ref, scope.storeIds);
  checkCategory(category, row.requested_category_count, row.category_ref);
  const { computedAt } = clockFacts(ctx);
  return {
    result: {
      period: { from: request.period.from, to: request.period.to },
      computed_at: computedAt,
      metric: request.metric,
      products: row.products ?? [],
    },
    stores: selected,
    category,
    roundTrips,
  };
}
