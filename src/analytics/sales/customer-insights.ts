// Customer insights for a period: how many customers bought, how many were new to the selected stores, how
// many came back, and what they spent. Counts only: no names, e-mails or phone numbers. One statement.

import type { DateRange, ResolvedPeriod } from '../periods.js';
import type { RequestContext } from '../request-context.js';
import { FIGURE_SQL, LINES_CTE, percentSql, periodsCte, ratioSql, SqlParams, STORE_RESOLUTION_COLUMNS, storeCtes } from './sales-sql.js';
import { clockFacts, runSalesStatement } from './sales-statement.js';
import { normalizeName, resolveStores, type StoreRef } from './scope-resolution.js';

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
  const periods = periodsCte(p, { current: request.period });
  const from = p.add(request.period.from, 'date');
  // New = no order at the selected stores before the period (so their first one is in it).
  const sql = `WITH ${stores},
  ${periods},
  ${LINES_CTE},
  totals AS (
    SELECT ${FIGURE_SQL.customers} AS customers, ${FIGURE_SQL.orders} AS orders, ${FIGURE_SQL.revenue} AS revenue FROM lines l
  ),
  per_customer AS (
    SELECT l.customer_id, ${FIGURE_SQL.orders} AS orders FROM lines l GROUP BY l.customer_id
  ),
  kinds AS (
    SELECT count(*) FILTER (WHERE pc.orders >= 2) AS repeat_customers,
           count(*) FILTER (WHERE NOT EXISTS (
             SELECT 1 FROM orders o
             WHERE o.customer_id = pc.customer_id AND o.store_id IN (SELECT store_id FROM selected_stores) AND o.order_date < ${from}
           )) AS new_customers
    FROM per_customer pc
  )
  SELECT
    (SELECT json_build_object(
       'customers', t.customers,
       'new_customers', k.new_customers,
       'returning_customers', t.customers - k.new_customers,
       'repeat_customers', k.repeat_customers,
       'repeat_rate_percent', ${percentSql('k.repeat_customers', 't.customers')},
       'average_spend_per_customer', ${ratioSql('t.revenue', 't.customers')},
       'average_orders_per_customer', ${ratioSql('t.orders', 't.customers')})
     FROM totals t, kinds k) AS figures,
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
