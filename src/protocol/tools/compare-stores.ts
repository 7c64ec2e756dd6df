// Tool: compare_stores — rank the caller's stores on one metric for a period, with the previous period and shares.

import { z } from 'zod';
import { ADDITIVE_METRICS, COMPARE_METRICS, compareStores, type StoreComparison } from '../../analytics/sales/compare-stores.js';
import { formatMoney } from '../../analytics/sales/insights.js';
import { defineTool } from '../define-tool.js';
import { dateRangeOutput, fitLines, percentText, periodInput, periodKey, READ_ONLY_ANNOTATIONS, resolveToolPeriod } from './analytics-tool-parts.js';

function render(r: StoreComparison): string {
  const head = [
    `Stores by ${r.metric} ${r.period.from}..${r.period.to} (previous ${r.previous_period.from}..${r.previous_period.to}; rank\tstore\tvalue\tprevious\tchange\tshare):`,
  ];
  const show = (v: number) => (r.metric === 'revenue' ? formatMoney(v) : String(v));
  const lines = r.stores.map(
    (s) =>
      `${s.rank}\t${s.store_name}\t${show(s.value)}\t${show(s.previous_value)}\t${percentText(s.change_percent)}\t${s.share_percent === null ? '-' : `${s.share_percent}%`}`,
  );
  return fitLines(head, lines);
}

export const compareStoresTool = defineTool({
  name: 'compare_stores',
  title: 'Compare your stores',
  description: [
    'Ranks the stores you can see on one metric for a period: revenue, orders, units, customers,',
    "average_order_value or gross_margin_percent, descending, with the previous period's value (previous calendar",
    'month, quarter or year for those forms, otherwise the same number of days just before), change_percent and,',
    `for additive metrics (${ADDITIVE_METRICS.join(', ')}), each store's share of the total. Needs two or more stores`,
    'in your scope; a single-store manager should use get_store_performance. Period forms: YYYY, YYYY-Qn, YYYY-MM,',
    'YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD, last_N_days, this_week, last_week, this_month, last_month, this_quarter,',
    'last_quarter, this_year, last_year, year_to_date (UTC, inclusive).',
  ].join(' '),
  inputSchema: { period: periodInput, metric: z.enum(COMPARE_METRICS).describe('The metric to rank stores by.') },
  outputSchema: {
    period: dateRangeOutput,
    computed_at: z.string().describe('ISO time the figures were computed'),
    metric: z.enum(COMPARE_METRICS),
    previous_period: dateRangeOutput,
    stores: z.array(
      z.object({
        rank: z.number().int(),
        store_id: z.number().int(),
        store_name: z.string(),
        value: z.number(),
        previous_value: z.number(),
        change_percent: z.number().nullable(),
        share_percent: z.number().nullable().describe('share of the total; null for non-additive metrics'),
      }),
    ),
  },
  annotations: READ_ONLY_ANNOTATIONS,
  cache: { key: (ctx, args) => ({ period: periodKey(ctx, args.period), metric: args.metric }) },
  async run(ctx, args) {
    const { result, roundTrips } = await compareStores(ctx, { period: resolveToolPeriod(ctx, args.period), metric: args.metric });
    ctx.audit.round_trips = roundTrips;
    return { structured: result, text: render(result) };
  },
});
