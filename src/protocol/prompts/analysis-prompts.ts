// Prompts: ready-made analysis requests that steer an agent through the business tools in a sensible order.
// Store and category arguments complete (completion/complete) from the caller's own scope.

import { z } from 'zod';
import { completeCategory, completeStore } from '../../analytics/my-scope.js';
import { definePrompt, type AnyPromptDefinition } from '../define-prompt.js';

const storeArg = z.string().optional().describe('One of your stores by name, e.g. "Zava Retail Seattle"; omit for all your stores');

export const storePerformanceReviewPrompt = definePrompt({
  name: 'store_performance_review',
  title: 'Store performance review',
  description: 'Review revenue, orders, margins and customers of your stores for a period, against the previous period and last year.',
  argsSchema: {
    period: z.string().optional().describe('e.g. "last_month", "2025-Q3", "2025"; default: last_month'),
    store: storeArg,
  },
  complete: { store: completeStore },
  render: (args) => {
    const period = args.period ?? 'last_month';
    const store = args.store ? ` store "${args.store}"` : '';
    return [
      `Review the performance of my${store || ' stores'} for the period "${period}".`,
      `1. get_store_performance (period "${period}"${store ? `, store "${args.store}"` : ''}): revenue, orders, average order value, margin, the comparisons and insights.`,
      `2. get_sales_trends with granularity week (or month for a year) grouped by category to see what moved.`,
      `3. get_top_products by revenue and by gross_margin for the same period.`,
      `4. get_customer_insights for new, returning and repeat customers.`,
      'If I manage several stores, compare_stores by revenue and by gross_margin_percent.',
      'Finish with three concrete, numbered recommendations, each citing the figure it rests on.',
    ].join('\n');
  },
});

export const inventoryCheckPrompt = definePrompt({
  name: 'inventory_check',
  title: 'Inventory check',
  description: 'Find what is running out and what is overstocked at your stores, and what to reorder or promote.',
  argsSchema: {
    store: storeArg,
    days_of_supply_threshold: z.string().optional().describe('Days of supply under which stock counts as low (default 14)'),
  },
  complete: { store: completeStore },
  render: (args) =>
    [
      `Check the inventory of my${args.store ? ` store "${args.store}"` : ' stores'}.`,
      `1. get_inventory_alerts${args.store ? ` (store "${args.store}")` : ''} with days_of_supply_threshold ${args.days_of_supply_threshold ?? '14'}.`,
      '2. For the lowest items, get_top_products over last_N_days (e.g. last_28_days) to confirm they really sell.',
      '3. For overstock, say which items to promote or move, and which have not sold at all.',
      'Answer with a reorder list (product, store, stock, days of supply) and a short promotion list.',
    ].join('\n'),
});

export const productDiscoveryPrompt = definePrompt({
  name: 'product_discovery',
  title: 'Product discovery',
  description: 'Find products for a customer need, see how they sell and whether they are in stock at your stores.',
  argsSchema: {
    need: z.string().describe('What customers are looking for, e.g. "keep a shed door from sagging"'),
    category: z.string().optional().describe('Limit to one product category, e.g. "Hardware"'),
  },
  complete: { category: completeCategory },
  render: (args) =>
    [
      `Customers ask for: "${args.need ?? ''}".`,
      `1. semantic_search_products for that need${args.category ? ` in the category "${args.category}"` : ''} (in_stock_only to see what can be sold today).`,
      '2. find_similar_products on the best match for alternatives.',
      '3. get_top_products for last_quarter (with the category) to see which of them sell.',
      'Say which products to recommend, promote or restock.',
    ].join('\n'),
});

export const ANALYSIS_PROMPTS: AnyPromptDefinition[] = [storePerformanceReviewPrompt, inventoryCheckPrompt, productDiscoveryPrompt];
