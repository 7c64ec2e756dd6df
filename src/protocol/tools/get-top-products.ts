// Tool: get_top_products — the best-selling products of a period by revenue, units or gross margin.

import { z } from 'zod';
import { formatMoney } from '../../analytics/sales/insights.js';
import type { StoreRef } from '../../analytics/sales/scope-resolution.js';
import {
  getTopProducts,
  PRODUCT_METRICS,
  TOP_PRODUCTS_LIMIT_DEFAULT,
  TOP_PRODUCTS_LIMIT_MAX,
  type TopProducts,
} from '../../analytics/sales/top-products.js';
import { defineTool } from '../define-tool.js';
import {
  categoryInput,
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

function render(r: TopProducts, stores: readonly StoreRef[], category: string | null): string {
  const head = [
    `Top products by ${r.metric} ${r.period.from}..${r.period.to} for ${describeStores(stores)}${category ? `, category ${category}` : ''} (rank\tsku\tname\tcategory\trevenue\tunits\tgross margin):`,
  ];
  if (r.products.length === 0) head.push('No sales in this period.');
  const lines = r.products.map(
    (p) => `${p.rank}\t${p.sku}\t${p.product_name}\t${p.category}\t${formatMoney(p.revenue)}\t${p.units}\t${formatMoney(p.gross_margin)}`,
  );
  return fitLines(head, lines);
}

export const getTopProductsTool = defineTool({
  name: 'get_top_products',
  title: 'Top products for a period',
  description: [
    'The products that sold best in a period at your stores, ranked by revenue, units or gross margin',
    '(revenue minus quantity x cost), descending, ties by product_id; optionally within one category and one store.',
    `limit 1-${TOP_PRODUCTS_LIMIT_MAX} (default ${TOP_PRODUCTS_LIMIT_DEFAULT}). Only products with sales in the period appear.`,
    'Period forms: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD, last_N_days, this_week, last_week,',
    'this_month, last_month, this_quarter, last_quarter, this_year, last_year, year_to_date (UTC, inclusive).',
    'For what is running out use get_inventory_alerts; to find products by description use semantic_search_products.',
  ].join(' '),
  inputSchema: {
    period: periodInput,
    metric: z.enum(PRODUCT_METRICS).describe('Rank by revenue, units or gross_margin.'),
    limit: z.number().int().min(1).max(TOP_PRODUCTS_LIMIT_MAX).optional().describe(`How many products (default ${TOP_PRODUCTS_LIMIT_DEFAULT}).`),
    category: categoryInput,
    store: storeInput,
  },
  outputSchema: {
    period: dateRangeOutput,
    computed_at: z.string().describe('ISO time the figures were computed'),
    metric: z.enum(PRODUCT_METRICS),
    products: z.array(
      z.object({
        rank: z.number().int(),
        product_id: z.number().int(),
        sku: z.string(),
        product_name: z.string(),
        category: z.string(),
        revenue: z.number(),
        units: z.number().int(),
        gross_margin: z.number(),
      }),
    ),
  },
  annotations: READ_ONLY_ANNOTATIONS,
  cache: {
    key: (ctx, args) => ({
      period: periodKey(ctx, args.period),
      metric: args.metric,
      limit: args.limit ?? TOP_PRODUCTS_LIMIT_DEFAULT,
      category: storeKey(args.category),
      store: storeKey(args.store),
    }),
  },
  async run(ctx, args) {
    const { result, stores, category, roundTrips } = await getTopProducts(ctx, {
      period: resolveToolPeriod(ctx, args.period),
      metric: args.metric,
      limit: args.limit ?? TOP_PRODUCTS_LIMIT_DEFAULT,
      category: args.category,
      store: args.store,
    });
    ctx.audit.round_trips = roundTrips;
    return { structured: result, text: render(result, stores, category) };
  },
});
