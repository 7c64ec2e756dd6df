// Compare the caller's stores on one metric for a period, against the previous period, ranked. One statement;
// a caller who sees a single store is told to use store performance instead.

import { ScopeTooNarrowError, ValidationError } from '../../platform/errors.js';
import { type DateRange, previousPeriod, type ResolvedPeriod } from '../periods.js';
import type { RequestContext } from '../request-context.js';
import { changePercentSql, FIGURE_SQL, percentSql, periodsCte, SqlParams, storeCtes } from './sales-sql.js';
import { clockFacts, runSalesStatement } from './sales-statement.js';
import { summaryRows } from './summary-sql.js';

export const COMPARE_METRICS = ['revenue', 'orders', 'units', 'customers', 'average_order_value', 'gross_margin_percent'] as const;
export type CompareMetric = (typeof COMPARE_METRICS)[number];
/**
 * Metrics whose store values add up to the total, so a share means something. Customers do not: one customer
 * may buy at several stores (online and a home store).
 */
export const ADDITIVE_METRICS: readonly CompareMetric[] = ['revenue', 'orders', 'units'];

export interface StoreComparisonRow {
  rank: number;
  store_id: number;
  store_name: string;
  value: number;
  previous_value: number;
  change_percent: number | null;
  share_percent: number | null;
}

export interface StoreComparison {
  period: DateRange;
  computed_at: string;
  metric: CompareMetric;
  previous_period: DateRange;
  stores: StoreComparisonRow[];
}

export interface CompareStoresRequest {
  period: ResolvedPeriod;
  metric: CompareMetric;
}

interface Row {
  stores: StoreComparisonRow[] | null;
}

export async function compareStores(ctx: RequestContext, request: CompareStoresRequest): Promise<{ result: StoreComparison; roundTrips: number }> {
  if (!COMPARE_METRICS.includes(request.metric)) throw new ValidationError(`Unknown metric. Use one of: ${COMPARE_METRICS.join(', ')}.`);
  const metric = FIGURE_SQL[request.metric];
  const previous = previousPeriod(request.period);
  const p = new SqlParams();
  const stores = storeCtes(p, null);
  const periods = periodsCte(p, { current: request.period, previous });
  // Customers are distinct over the per-customer rows; every other metric adds up over the store rows.
  const metricRows = summaryRows(p, request.metric === 'customers' ? 'customer' : 'store', { current: request.period, previous });
  const current = p.add('current', 'text');
  const prev = p.add('previous', 'text');
  const share = ADDITIVE_METRICS.includes(request.metric) ? percentSql('v.value', 'sum(v.value) OVER ()') : 'NULL::numeric';
  const sql = `WITH ${stores},
  ${periods},
  summary_rows AS (
    ${metricRows}
  ),
  per_store AS (
    SELECT vs.store_id, pr.period, ${metric} AS value
    FROM visible_stores vs CROSS JOIN periods pr
    LEFT JOIN summary_rows s ON s.store_id = vs.store_id AND s.period = pr.period
    GROUP BY vs.store_id, pr.period
  ),
  pivoted AS (
    SELECT ps.store_id, vs.store_name,
           max(ps.value) FILTER (WHERE ps.period = ${current}) AS value,
           max(ps.value) FILTER (WHERE ps.period = ${prev}) AS previous_value
    FROM per_store ps JOIN visible_stores vs ON vs.store_id = ps.store_id GROUP BY ps.store_id, vs.store_name
  ),
  ranked AS (
    SELECT row_number() OVER (ORDER BY v.value DESC, v.store_id) AS rank, v.store_id, v.store_name, v.value, v.previous_value,
           ${changePercentSql('v.value', 'v.previous_value')} AS change_percent,
           ${share} AS share_percent
    FROM pivoted v
  )
  SELECT (SELECT json_agg(json_build_object('rank', r.rank, 'store_id', r.store_id, 'store_name', r.store_name, 'value', r.value,
                                            'previous_value', r.previous_value, 'change_percent', r.change_percent,
                                            'share_percent', r.share_percent) ORDER BY r.rank)
            FROM ranked r) AS stores`;
  const { row, scope, roundTrips } = await runSalesStatement<Row>(ctx, sql, p.values);
  if (scope.storeIds.length < 2) {
    throw new ScopeTooNarrowError(
      `You see one store only (${row.stores?.[0]?.store_name ?? `id ${scope.storeIds[0] ?? '?'}`}): there is nothing to compare it with.`,
      {
        nextStep: 'Use get_store_performance for your store, with its previous period and the same period last year.',
      },
    );
  }
  // The statement compared the stores RLS let it see; keep exactly the scope's (they are the same by construction).
  const rows = (row.stores ?? []).filter((s) => scope.storeIds.includes(s.store_id));
  const { computedAt } = clockFacts(ctx);
  return {
    result: {
      period: { from: request.period.from, to: request.period.to },
      computed_at: computedAt,
      metric: request.metric,
      previous_period: previous,
      stores: rows,
    },
    roundTrips,
  };
}
