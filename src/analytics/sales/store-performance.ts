// Store performance for a period: the headline figures, the previous period and the same period last year,
// revenue by category, and plain-words insights. One statement in the caller's scope.

import { type DateRange, previousPeriod, type ResolvedPeriod, samePeriodLastYear } from '../periods.js';
import type { RequestContext } from '../request-context.js';
import { buildInsights } from './insights.js';
import { changePercentSql, FIGURE_SQL, percentSql, periodsCte, SqlParams, STORE_RESOLUTION_COLUMNS, storeCtes } from './sales-sql.js';
import { clockFacts, runSalesStatement } from './sales-statement.js';
import { normalizeName, resolveStores, type StoreRef } from './scope-resolution.js';
import { summaryRows } from './summary-sql.js';

export interface ComparisonFigures extends DateRange {
  revenue: number;
  orders: number;
  revenue_change_percent: number | null;
}

export interface CategoryFigures {
  category: string;
  revenue: number;
  units: number;
  share_percent: number;
}

export interface StorePerformance {
  period: DateRange;
  computed_at: string;
  stores: StoreRef[];
  revenue: number;
  orders: number;
  units: number;
  customers: number;
  average_order_value: number;
  units_per_order: number;
  gross_margin: number;
  gross_margin_percent: number;
  previous_period: ComparisonFigures;
  same_period_last_year: ComparisonFigures;
  categories: CategoryFigures[];
  insights: string[];
}

export interface PeriodTotals {
  revenue: number;
  orders: number;
  units: number;
  customers: number;
  average_order_value: number;
  units_per_order: number;
  gross_margin: number;
  gross_margin_percent: number;
}

/** A period's figures from the store rows; customers (distinct over the customer rows) only for the current one. */
type StoreTotals = Omit<PeriodTotals, 'customers'>;

interface Row {
  current: StoreTotals;
  customers: number;
  previous: StoreTotals;
  last_year: StoreTotals;
  previous_change: number | null;
  last_year_change: number | null;
  categories: CategoryFigures[] | null;
  previous_categories: Array<{ category: string; revenue: number }> | null;
  first_day: string | null;
  last_day: string | null;
  store_ref: StoreRef[];
  requested_store_ids: number[];
}

const TOTALS_JSON = `json_build_object(${Object.entries(FIGURE_SQL)
  .filter(([name]) => name !== 'customers')
  .map(([name, sql]) => `'${name}', ${sql}`)
  .join(', ')})`;

function statement(period: ResolvedPeriod, previous: DateRange, lastYear: DateRange, store: string | null): { sql: string; params: unknown[] } {
  const p = new SqlParams();
  const stores = storeCtes(p, store);
  // For a year the previous period is last year: read its rows once.
  const sameRange = previous.from === lastYear.from && previous.to === lastYear.to;
  const named: Record<string, DateRange> = sameRange ? { current: period, previous } : { current: period, previous, last_year: lastYear };
  const periods = periodsCte(p, named);
  const storeRows = summaryRows(p, 'store', named);
  const categoryRows = summaryRows(p, 'category', { current: period, previous });
  const customerRows = summaryRows(p, 'customer', { current: period });
  const current = p.add('current', 'text');
  const prev = p.add('previous', 'text');
  const ly = p.add(sameRange ? 'previous' : 'last_year', 'text');
  const sql = `WITH ${stores},
  ${periods},
  store_rows AS (
    ${storeRows}
  ),
  totals AS (
    SELECT pr.period, ${TOTALS_JSON} AS figures, ${FIGURE_SQL.revenue} AS revenue
    FROM periods pr LEFT JOIN store_rows s ON s.period = pr.period
    GROUP BY pr.period
  ),
  by_category AS (
    SELECT s.period, c.category_name AS category, ${FIGURE_SQL.revenue} AS revenue, ${FIGURE_SQL.units} AS units
    FROM (${categoryRows}) s JOIN categories c ON c.category_id = s.category_id
    GROUP BY s.period, c.category_name
  ),
  data_range AS (
    SELECT min(f.d) AS first_day, max(z.d) AS last_day
    FROM selected_stores s
    LEFT JOIN LATERAL (SELECT o.order_date AS d FROM orders o WHERE o.store_id = s.store_id ORDER BY o.order_date LIMIT 1) f ON true
    LEFT JOIN LATERAL (SELECT o.order_date AS d FROM orders o WHERE o.store_id = s.store_id ORDER BY o.order_date DESC LIMIT 1) z ON true
  )
  SELECT
    (SELECT figures FROM totals WHERE period = ${current}) AS current,
    (SELECT ${FIGURE_SQL.customers} FROM (${customerRows}) s) AS customers,
    (SELECT figures FROM totals WHERE period = ${prev}) AS previous,
    (SELECT figures FROM totals WHERE period = ${ly}) AS last_year,
    (SELECT ${changePercentSql('c.revenue', 'b.revenue')} FROM totals c, totals b WHERE c.period = ${current} AND b.period = ${prev}) AS previous_change,
    (SELECT ${changePercentSql('c.revenue', 'b.revenue')} FROM totals c, totals b WHERE c.period = ${current} AND b.period = ${ly}) AS last_year_change,
    (SELECT json_agg(json_build_object('category', bc.category, 'revenue', bc.revenue, 'units', bc.units,
                                       'share_percent', ${percentSql('bc.revenue', 't.revenue')})
                     ORDER BY bc.revenue DESC, bc.category COLLATE "C")
       FROM by_category bc, totals t WHERE bc.period = ${current} AND t.period = ${current}) AS categories,
    (SELECT json_agg(json_build_object('category', bc.category, 'revenue', bc.revenue)) FROM by_category bc WHERE bc.period = ${prev}) AS previous_categories,
    (SELECT first_day FROM data_range) AS first_day,
    (SELECT last_day FROM data_range) AS last_day,
    ${STORE_RESOLUTION_COLUMNS}`;
  return { sql, params: p.values };
}

export interface StorePerformanceRequest {
  period: ResolvedPeriod;
  store?: string | number | undefined;
}

export async function getStorePerformance(
  ctx: RequestContext,
  request: StorePerformanceRequest,
): Promise<{ result: StorePerformance; roundTrips: number }> {
  const store = normalizeName(request.store);
  const previous = previousPeriod(request.period);
  const lastYear = samePeriodLastYear(request.period);
  const { sql, params } = statement(request.period, previous, lastYear, store);
  const { row, scope, roundTrips } = await runSalesStatement<Row>(ctx, sql, params);
  const stores = resolveStores(store, row.requested_store_ids, row.store_ref, scope.storeIds);
  const { today, computedAt } = clockFacts(ctx);
  const categories = row.categories ?? [];
  const c = row.current;
  const result: StorePerformance = {
    period: { from: request.period.from, to: request.period.to },
    computed_at: computedAt,
    stores,
    revenue: c.revenue,
    orders: c.orders,
    units: c.units,
    customers: row.customers,
    average_order_value: c.average_order_value,
    units_per_order: c.units_per_order,
    gross_margin: c.gross_margin,
    gross_margin_percent: c.gross_margin_percent,
    previous_period: { ...previous, revenue: row.previous.revenue, orders: row.previous.orders, revenue_change_percent: row.previous_change },
    same_period_last_year: {
      ...lastYear,
      revenue: row.last_year.revenue,
      orders: row.last_year.orders,
      revenue_change_percent: row.last_year_change,
    },
    categories,
    insights: buildInsights({
      period: request.period,
      today,
      dataFrom: row.first_day,
      dataTo: row.last_day,
      current: row.current,
      previous: row.previous,
      previousRange: previous,
      lastYear: row.last_year,
      revenueChangePercent: row.previous_change,
      lastYearChangePercent: row.last_year_change,
      categories: categories.map((c) => ({ category: c.category, revenue: c.revenue })),
      previousCategories: row.previous_categories ?? [],
    }),
  };
  return { result, roundTrips };
}
