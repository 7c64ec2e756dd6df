// Sales trends: revenue, orders and units per calendar bucket (date_trunc of the order date), optionally split
// by store or category. One statement in the caller's scope.

import { ValidationError } from '../../platform/errors.js';
import type { DateRange, ResolvedPeriod } from '../periods.js';
import type { RequestContext } from '../request-context.js';
import { FIGURE_SQL, SqlParams, STORE_RESOLUTION_COLUMNS, storeCtes } from './sales-sql.js';
import { clockFacts, runSalesStatement } from './sales-statement.js';
import { normalizeName, resolveStores, type StoreRef } from './scope-resolution.js';
import { type Grain, summaryRows } from './summary-sql.js';

export const GRANULARITIES = ['day', 'week', 'month', 'quarter'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const TREND_GROUPS = ['none', 'store', 'category'] as const;
export type TrendGroup = (typeof TREND_GROUPS)[number];

/** More buckets than this is not a trend a model can read: ask for a coarser granularity. */
export const MAX_BUCKETS = 370;

export interface TrendPoint {
  bucket_start: string;
  group: string | null;
  revenue: number;
  orders: number;
  units: number;
}

export interface SalesTrends {
  period: DateRange;
  computed_at: string;
  granularity: Granularity;
  group_by: TrendGroup;
  series: TrendPoint[];
}

export interface SalesTrendsRequest {
  period: ResolvedPeriod;
  granularity: Granularity;
  groupBy: TrendGroup;
  store?: string | number | undefined;
}

interface Row {
  series: TrendPoint[] | null;
  store_ref: StoreRef[];
  requested_store_ids: number[];
}

// Constant fragments chosen by the validated enum: the summary rows to read, the group's name and its join.
// Category buckets need the category rows (orders are distinct per category); the others the store rows.
const GROUP_SQL: Record<TrendGroup, { grain: Grain; name: string; join: string }> = {
  none: { grain: 'store', name: 'NULL::text', join: '' },
  store: { grain: 'store', name: 'st.store_name', join: 'JOIN stores st ON st.store_id = s.store_id' },
  category: { grain: 'category', name: 'c.category_name', join: 'JOIN categories c ON c.category_id = s.category_id' },
};

const APPROX_DAYS: Record<Granularity, number> = { day: 1, week: 7, month: 28, quarter: 90 };

/** Upper bound of the buckets a period spans (a partial first and last bucket included). */
export function bucketCount(period: ResolvedPeriod, granularity: Granularity): number {
  return Math.ceil(period.days / APPROX_DAYS[granularity]) + 1;
}

export async function getSalesTrends(
  ctx: RequestContext,
  request: SalesTrendsRequest,
): Promise<{ result: SalesTrends; stores: StoreRef[]; roundTrips: number }> {
  if (request.granularity === 'day' ? request.period.days > MAX_BUCKETS : bucketCount(request.period, request.granularity) > MAX_BUCKETS + 2) {
    throw new ValidationError(`${request.period.days} days by ${request.granularity} is more than ${MAX_BUCKETS} buckets.`, {
      nextStep: 'Use a coarser granularity (week, month or quarter) or a shorter period.',
    });
  }
  const store = normalizeName(request.store);
  const p = new SqlParams();
  const stores = storeCtes(p, store);
  const group = GROUP_SQL[request.groupBy];
  if (!group || !GRANULARITIES.includes(request.granularity)) throw new ValidationError('Unknown granularity or group_by.');
  // A month row lies inside one month and quarter bucket, not inside one week or day.
  const byMonth = request.granularity === 'month' || request.granularity === 'quarter';
  const rows = summaryRows(p, group.grain, { current: request.period }, { byMonth });
  const granularity = p.add(request.granularity, 'text');
  const sql = `WITH ${stores},
  summary_rows AS (
    ${rows}
  ),
  series AS (
    SELECT date_trunc(${granularity}, s.day::timestamp)::date AS bucket_start, ${group.name} AS grp,
           ${FIGURE_SQL.revenue} AS revenue, ${FIGURE_SQL.orders} AS orders, ${FIGURE_SQL.units} AS units
    FROM summary_rows s ${group.join}
    GROUP BY 1, 2
  )
  SELECT
    (SELECT json_agg(json_build_object('bucket_start', s.bucket_start, 'group', s.grp, 'revenue', s.revenue, 'orders', s.orders, 'units', s.units)
                     ORDER BY s.bucket_start, s.grp COLLATE "C")
       FROM series s) AS series,
    ${STORE_RESOLUTION_COLUMNS}`;
  const { row, scope, roundTrips } = await runSalesStatement<Row>(ctx, sql, p.values);
  const selected = resolveStores(store, row.requested_store_ids, row.store_ref, scope.storeIds);
  const { computedAt } = clockFacts(ctx);
  return {
    result: {
      period: { from: request.period.from, to: request.period.to },
      computed_at: computedAt,
      granularity: request.granularity,
      group_by: request.groupBy,
      series: row.series ?? [],
    },
    stores: selected,
    roundTrips,
  };
}
