// The sales figures, defined once as SQL fragments over the sales summaries (sql/009: the lines of a period
// pre-aggregated per store and day or month), and the CTEs every analytics statement starts with (store resolution,
// the caller's visible stores). Arguments only ever reach SQL as bound parameters; the fragments here are constants
// of our own code.

import type { DateRange } from '../periods.js';

/** Collects bound parameters; `add` returns the placeholder (with a cast, so the planner knows its type). */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown, type: 'text' | 'date' | 'integer' | 'numeric'): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

// Aggregates over summary rows `s` (summary-sql.ts): revenue, line cost (quantity × products.cost), units and
// orders (distinct orders of the row's lines) add up across rows; sums of numeric(14,2) are exact, every money
// result is rounded to cents. Customers are distinct customer ids over the per-customer rows.
const REVENUE_SUM = 'coalesce(sum(s.revenue), 0)';
const COST_SUM = 'coalesce(sum(s.line_cost), 0)';
const ORDER_COUNT = 'coalesce(sum(s.orders), 0)';
const UNIT_SUM = 'coalesce(sum(s.units), 0)';
const CUSTOMER_COUNT = 'count(DISTINCT s.customer_id)';

/** a / b rounded to 2 decimals, 0 when b is 0 (e.g. units per order with no orders). */
export function ratioSql(a: string, b: string): string {
  return `(CASE WHEN (${b}) = 0 THEN 0 ELSE round((${a})::numeric / (${b}), 2) END)`;
}

/** part / whole × 100, 2 decimals, 0 when whole is 0. */
export function percentSql(part: string, whole: string): string {
  return `(CASE WHEN (${whole}) = 0 THEN 0 ELSE round((${part})::numeric / (${whole}) * 100, 2) END)`;
}

/** (current − previous) / previous × 100, 2 decimals, NULL when previous is 0. */
export function changePercentSql(current: string, previous: string): string {
  return `(CASE WHEN (${previous}) = 0 THEN NULL ELSE round(((${current}) - (${previous}))::numeric / (${previous}) * 100, 2) END)`;
}

/**
 * Each figure of the issue, as an aggregate over the summary rows `s` of one group: customers over customer rows,
 * the others over store, category or product rows (product rows have no orders).
 */
export const FIGURE_SQL = {
  revenue: `round(${REVENUE_SUM}, 2)`,
  orders: ORDER_COUNT,
  units: UNIT_SUM,
  customers: CUSTOMER_COUNT,
  average_order_value: ratioSql(REVENUE_SUM, ORDER_COUNT),
  units_per_order: ratioSql(UNIT_SUM, ORDER_COUNT),
  gross_margin: `round(${REVENUE_SUM} - ${COST_SUM}, 2)`,
  gross_margin_percent: percentSql(`${REVENUE_SUM} - ${COST_SUM}`, REVENUE_SUM),
} as const;

export type Figure = keyof typeof FIGURE_SQL;

/** The periods a statement looks at, by name (summary rows carry their period's name; a row may be in several). */
export function periodsCte(params: SqlParams, periods: Record<string, DateRange>): string {
  const rows = Object.entries(periods).map(
    ([name, range]) => `(${params.add(name, 'text')}, ${params.add(range.from, 'date')}, ${params.add(range.to, 'date')})`,
  );
  return `periods (period, date_from, date_to) AS (VALUES ${rows.join(', ')})`;
}

/**
 * The caller's stores and the requested ones. visible_stores is the scope the RLS policies use; requested_stores
 * matches the store argument (NULL = every store) by id, name or city, case-insensitively, as plain data;
 * selected_stores is their intersection (RLS would hide the rest anyway).
 */
export function storeCtes(params: SqlParams, store: string | null): string {
  const s = params.add(store, 'text');
  return `visible_stores AS (
    SELECT st.store_id, st.store_name FROM stores st WHERE st.store_id = ANY ((SELECT app.scope_store_ids())::integer[])
  ),
  requested_stores AS (
    SELECT st.store_id FROM stores st
    WHERE ${s} IS NULL OR st.store_id::text = ${s} OR lower(st.store_name) = lower(${s}) OR lower(st.city) = lower(${s})
  ),
  selected_stores AS (
    SELECT store_id FROM requested_stores WHERE store_id IN (SELECT store_id FROM visible_stores)
  )`;
}

/** Output columns every statement returns for resolution after it ran: all stores and the requested ids. */
export const STORE_RESOLUTION_COLUMNS = `(SELECT json_agg(json_build_object('store_id', st.store_id, 'store_name', st.store_name) ORDER BY st.store_id) FROM stores st) AS store_ref,
  (SELECT coalesce(json_agg(r.store_id ORDER BY r.store_id), '[]'::json) FROM requested_stores r) AS requested_store_ids`;

/** Category resolution: the category argument matched by name, case-insensitively (NULL = all). */
export function categoryCtes(params: SqlParams, category: string | null): string {
  const c = params.add(category, 'text');
  return `requested_categories AS (
    SELECT ct.category_id FROM categories ct WHERE ${c} IS NULL OR lower(ct.category_name) = lower(${c})
  )`;
}

export const CATEGORY_RESOLUTION_COLUMNS = `(SELECT json_agg(ct.category_name ORDER BY ct.category_name) FROM categories ct) AS category_ref,
  (SELECT count(*) FROM requested_categories) AS requested_category_count`;
