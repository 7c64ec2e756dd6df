// Tool: get_sales_trends — revenue, orders and units per day, week, month or quarter, optionally by store or category.

import { z } from 'zod';
import { formatMoney } from '../../analytics/sales/insights.js';
import { GRANULARITIES, getSalesTrends, type SalesTrends, TREND_GROUPS } from '../../analytics/sales/sales-trends.js';
import type { StoreRef } from '../../analytics/sales/scope-resolution.js';
import { defineTool } from '../define-tool.js';
import {
  dateRangeOutput,
  describeStores,
  fitLines,
  periodInput,
  periodKey,
  READ_ONLY_ANNOTATIONS,
  resolveToolPeriod,
  storeInput,
  storeKey,
} from './analytics-tool-parts.js';

function render(r: SalesTrends, stores: readonly StoreRef[]): string {
  const head = [
    `Sales by ${r.granularity}${r.group_by === 'none' ? '' : ` and ${r.group_by}`} ${r.period.from}..${r.period.to} for ${describeStores(stores)} (${r.series.length} rows; bucket\tgroup\trevenue\torders\tunits):`,
  ];
  if (r.series.length === 0) head.push('No sales in this period.');
  const lines = r.series.map((s) => `${s.bucket_start}\t${s.group ?? '-'}\t${formatMoney(s.revenue)}\t${s.orders}\t${s.units}`);
  return fitLines(head, lines);
}

export const getSalesTrendsTool = defineTool({
  name: 'get_sales_trends',
  title: 'Sales trends over time',
  description: [
    'A time series of revenue, orders and units for your stores: one row per bucket (day, week, month or quarter)',
    'and, with group_by, per store or per category. bucket_start is the first day of the calendar bucket',
    '(ISO weeks start on Monday, so the first week may start before the period); only order dates inside the',
    'period count. Buckets without sales are omitted. Day granularity allows up to 370 days. Period forms: YYYY,',
    'YYYY-Qn, YYYY-MM, YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD, last_N_days, this_week, last_week, this_month,',
    'last_month, this_quarter, last_quarter, this_year, last_year, year_to_date (UTC, inclusive). Use',
    "get_store_performance for one period's totals and comparisons.",
  ].join(' '),
  inputSchema: {
    period: periodInput,
    granularity: z.enum(GRANULARITIES).describe('Bucket size: day, week (ISO, Monday first), month or quarter.'),
    group_by: z.enum(TREND_GROUPS).optional().describe('Split each bucket by store or by category (default none).'),
    store: storeInput,
  },
  outputSchema: {
    period: dateRangeOutput,
    computed_at: z.string().describe('ISO time the figures were computed'),
    granularity: z.enum(GRANULARITIES),
    group_by: z.enum(TREND_GROUPS),
    series: z.array(
      z.object({
        bucket_start: z.string().describe('date_trunc(granularity, order_date), YYYY-MM-DD'),
        group: z.string().nullable().describe('store or category name; null without group_by'),
        revenue: z.number(),
        orders: z.number().int(),
        units: z.number().int(),
      }),
    ),
  },
  annotations: READ_ONLY_ANNOTATIONS,
  cache: {
    key: (ctx, args) => ({
      period: periodKey(ctx, args.period),
      granularity: args.granularity,
      group_by: args.group_by ?? 'none',
      store: storeKey(args.store),
    }),
  },
  async run(ctx, args) {
    const { result, stores, roundTrips } = await getSalesTrends(ctx, {
      period: resolveToolPeriod(ctx, args.period),
      granularity: args.granularity,
      groupBy: args.group_by ?? 'none',
      store: args.store,
    });
    ctx.audit.round_trips = roundTrips;
    return { structured: result, text: render(result, stores) };
  },
});
