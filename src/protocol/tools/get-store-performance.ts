// Tool: get_store_performance — how a store (or all the caller's stores) did in a period, against the previous
// period and last year, by category, with insights.

import { z } from 'zod';
import { utcDate } from '../../analytics/periods.js';
import { formatMoney } from '../../analytics/sales/insights.js';
import { getStorePerformance, type StorePerformance } from '../../analytics/sales/store-performance.js';
import { defineTool } from '../define-tool.js';
import {
  dateRangeOutput,
  describeStores,
  percentText,
  periodInput,
  periodKey,
  READ_ONLY_ANNOTATIONS,
  resolveToolPeriod,
  storeInput,
  storeKey,
  storeRefOutput,
} from './analytics-tool-parts.js';

const comparison = dateRangeOutput.extend({
  revenue: z.number(),
  orders: z.number().int(),
  revenue_change_percent: z.number().nullable().describe('(current - previous) / previous x 100; null when previous is 0'),
});

function render(r: StorePerformance): string {
  const lines = [
    `Store performance ${r.period.from}..${r.period.to} for ${describeStores(r.stores)}:`,
    `revenue ${formatMoney(r.revenue)}, orders ${r.orders}, units ${r.units}, customers ${r.customers}, avg order ${formatMoney(r.average_order_value)}, units/order ${r.units_per_order}, gross margin ${formatMoney(r.gross_margin)} (${r.gross_margin_percent.toFixed(2)}%)`,
    `previous ${r.previous_period.from}..${r.previous_period.to}: revenue ${formatMoney(r.previous_period.revenue)}, orders ${r.previous_period.orders} (${percentText(r.previous_period.revenue_change_percent)})`,
    `same period last year ${r.same_period_last_year.from}..${r.same_period_last_year.to}: revenue ${formatMoney(r.same_period_last_year.revenue)}, orders ${r.same_period_last_year.orders} (${percentText(r.same_period_last_year.revenue_change_percent)})`,
  ];
  if (r.categories.length > 0)
    lines.push(`categories: ${r.categories.map((c) => `${c.category} ${formatMoney(c.revenue)} (${c.share_percent}%)`).join('; ')}`);
  for (const insight of r.insights) lines.push(`- ${insight}`);
  return lines.join('\n');
}

export const getStorePerformanceTool = defineTool({
  name: 'get_store_performance',
  title: 'Store performance for a period',
  description: [
    'How did a store (or all your stores) do in a period? One call returns revenue, orders, units, customers,',
    'average order value, units per order, gross margin and its percent; the previous period (previous calendar',
    'month, quarter or year for those forms, otherwise the same number of days just before) and the same period',
    'last year with revenue change percent; revenue by category with shares; and up to five plain-words insights.',
    'Figures are exact to the cent and limited to the stores you can see. Periods: YYYY, YYYY-Qn, YYYY-MM,',
    'YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD, last_N_days, this_week, last_week, this_month, last_month, this_quarter,',
    'last_quarter, this_year, last_year, year_to_date (UTC, inclusive). Use get_sales_trends for a series over time,',
    'compare_stores to rank several stores, get_top_products for products.',
  ].join(' '),
  inputSchema: { period: periodInput, store: storeInput },
  outputSchema: {
    period: dateRangeOutput,
    computed_at: z.string().describe('ISO time the figures were computed'),
    stores: z.array(storeRefOutput),
    revenue: z.number(),
    orders: z.number().int(),
    units: z.number().int(),
    customers: z.number().int(),
    average_order_value: z.number(),
    units_per_order: z.number(),
    gross_margin: z.number(),
    gross_margin_percent: z.number(),
    previous_period: comparison,
    same_period_last_year: comparison,
    categories: z.array(z.object({ category: z.string(), revenue: z.number(), units: z.number().int(), share_percent: z.number() })),
    insights: z.array(z.string()),
  },
  annotations: READ_ONLY_ANNOTATIONS,
  cache: {
    // Today matters too: the insights say when a period runs past it.
    key: (ctx, args) => ({ period: periodKey(ctx, args.period), store: storeKey(args.store), today: utcDate(ctx.clock.now()) }),
  },
  async run(ctx, args) {
    const { result, roundTrips } = await getStorePerformance(ctx, { period: resolveToolPeriod(ctx, args.period), store: args.store });
    ctx.audit.round_trips = roundTrips;
    return { structured: result, text: render(result) };
  },
});
