// Tool: get_customer_insights — customers, new and returning, repeat rate and spend for a period (counts only).

import { z } from 'zod';
import { type CustomerInsights, getCustomerInsights } from '../../analytics/sales/customer-insights.js';
import { formatMoney } from '../../analytics/sales/insights.js';
import type { StoreRef } from '../../analytics/sales/scope-resolution.js';
import { defineTool } from '../define-tool.js';
import {
  dateRangeOutput,
  describeStores,
  periodInput,
  periodKey,
  READ_ONLY_ANNOTATIONS,
  resolveToolPeriod,
  storeInput,
  storeKey,
} from './analytics-tool-parts.js';

function render(r: CustomerInsights, stores: readonly StoreRef[]): string {
  return [
    `Customers ${r.period.from}..${r.period.to} for ${describeStores(stores)}:`,
    `${r.customers} customers: ${r.new_customers} new (first order at these stores in the period), ${r.returning_customers} returning;`,
    `${r.repeat_customers} ordered twice or more (repeat rate ${r.repeat_rate_percent.toFixed(2)}%);`,
    `average spend ${formatMoney(r.average_spend_per_customer)} and ${r.average_orders_per_customer} orders per customer.`,
  ].join('\n');
}

export const getCustomerInsightsTool = defineTool({
  name: 'get_customer_insights',
  title: 'Customer insights for a period',
  description: [
    'Who bought in a period at your stores (or one of them), as counts: customers, new_customers (first order at',
    'the selected stores falls in the period), returning_customers (the others), repeat_customers (two or more',
    'orders in the period), repeat_rate_percent, average_spend_per_customer and average_orders_per_customer.',
    'No names, e-mails or phone numbers. Period forms: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD,',
    'last_N_days, this_week, last_week, this_month, last_month, this_quarter, last_quarter, this_year, last_year,',
    'year_to_date (UTC, inclusive). Use get_store_performance for revenue and margins.',
  ].join(' '),
  inputSchema: { period: periodInput, store: storeInput },
  outputSchema: {
    period: dateRangeOutput,
    computed_at: z.string().describe('ISO time the figures were computed'),
    customers: z.number().int(),
    new_customers: z.number().int(),
    returning_customers: z.number().int(),
    repeat_customers: z.number().int(),
    repeat_rate_percent: z.number(),
    average_spend_per_customer: z.number(),
    average_orders_per_customer: z.number(),
  },
  annotations: READ_ONLY_ANNOTATIONS,
  cache: { key: (ctx, args) => ({ period: periodKey(ctx, args.period), store: storeKey(args.store) }) },
  async run(ctx, args) {
    const { result, stores, roundTrips } = await getCustomerInsights(ctx, { period: resolveToolPeriod(ctx, args.period), store: args.store });
    ctx.audit.round_trips = roundTrips;
    return { structured: result, text: render(result, stores) };
  },
});
