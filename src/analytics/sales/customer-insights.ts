// Customer insights for a period: how many customers bought, how many were new to the selected stores, how
// many came back, and what they spent. Counts only: no names, e-mails or phone numbers. One statement.

import type { DateRange, ResolvedPeriod } from '../periods.js';
import type { RequestContext } from '../request-context.js';
import { FIGURE_SQL, percentSql, ratioSql, SqlParams, STORE_RESOLUTION_COLUMNS, storeCtes } from './sales-sql.js';
import { clockFacts, runSalesStatement } from './sales-statement.js';
import { normalizeName, resolveStores, type StoreRef } from './scope-resolution.js';
import { summaryRows } from './summary-sql.js';

export interface CustomerInsights {
  period: DateRange;
  computed_at: string;
  customers: number;
  new_customers: number;
  returning_customers: number;
  repeat_customers: number;
  repeat_rate_percent: number;
  average_spend_per_customer: number;
  average_orders_per_customer: number;
}

export interface CustomerInsightsRequest {
  period: ResolvedPeriod;
  store?: string | number | undefined;
}

type Figures = Omit<CustomerInsights, 'period' | 'computed_at'>;

interface Row {
  figures: Figures;
  store_ref: StoreRef[];
  requested_store_ids: number[];
}

export async function getCustomerInsights(
  ctx: RequestContext,
  request: CustomerInsightsRequest,
): Promise<{ result: CustomerInsights; stores: StoreRef[]; roundTrips: number }> {
  const store = normalizeName(request.store);
  const p = new SqlParams();
  const stores = storeCtes(p, store);
  const customerRows = summaryRows(p, 'customer', { current: request.period });
  const storeRows = summaryRows(p, 'store', { current: request.period });
  const from = p.add(request.period.from, 'date');
  const to = p.add(request.period.to, 'date');
  // New: a first order at a selected store in the period, and none at a selected store before it.
  const sql = `WITH ${stores},
  per_customer AS (
    SELECT s.customer_id, ${FIGURE_SQL.orders} AS orders FROM (${customerRows}) s GROUP BY s.customer_id
  ),
  new_customers AS (
    SELECT count(DISTINCT f.customer_id) AS n FROM retail_summary.customer_first_orders f
    WHERE f.store_id IN (SELECT store_id FROM selected_stores) AND f.first_order_date BETWEEN ${from} AND ${to}
      AND NOT EXISTS (SELECT 1 FROM retail_summary.customer_first_orders e
                      WHERE e.customer_id = f.customer_id AND e.store_id IN (SELECT store_id FROM selected_stores) AND e.first_order_date < ${from})
  ),
  totals AS (
    SELECT count(*) AS customers, coalesce(sum(pc.orders), 0) AS orders,
           count(*) FILTER (WHERE pc.orders >= 2) AS repeat_customers,
           (SELECT n FROM new_customers) AS new_customers,
           (SELECT ${FIGURE_SQL.revenue} FROM (${storeRows}) s) AS revenue
    FROM per_customer pc
  )
  SELECT
    (SELECT json_build_object(
       'customers', t.customers,
       'new_customers', t.new_customers,
       'returning_customers', t.customers - t.new_customers,
       'repeat_customers', t.repeat_customers,
       'repeat_rate_percent', ${percentSql('t.repeat_customers', 't.customers')},
       'average_spend_per_customer', ${ratioSql('t.revenue', 't.customers')},
       'average_orders_per_customer', ${ratioSql('t.orders', 't.customers')})
     FROM totals t) AS figures,
    ${STORE_RESOLUTION_COLUMNS}`;
  const { row, scope, roundTrips } = await runSalesStatement<Row>(ctx, sql, p.values);
  const selected = resolveStores(store, row.requested_store_ids, row.store_ref, scope.storeIds);
  const { computedAt } = clockFacts(ctx);
  return {
    result: { period: { from: request.period.from, to: request.period.to }, computed_at: computedAt, ...row.figures },
    stores: selected,
    roundTrips,
  };
}
