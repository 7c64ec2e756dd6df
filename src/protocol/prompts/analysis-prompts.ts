// Prompts: ready-made analysis requests that steer an agent through the tools in a sensible order.

import { z } from 'zod';
import { definePrompt, type AnyPromptDefinition } from '../define-prompt.js';

export const storePerformanceReviewPrompt = definePrompt({
  name: 'store_performance_review',
  title: 'Store performance review',
  description: 'Review revenue, orders and margins of the stores you manage for a period, with trends and notable products.',
  argsSchema: { period: z.string().optional().describe('e.g. "2025", "last quarter of 2024"; default: the latest full year') },
  render: (args) =>
    [
      `Review the performance of the stores I manage for ${args.period ?? 'the latest full year in the data'}.`,
      'First read the schemas of retail.orders, retail.order_items, retail.products and retail.stores with get_multiple_table_schemas.',
      'Then, with execute_sales_query: revenue, orders and average order value per store and month; the top 10 products',
      'by revenue and by gross profit; categories growing or shrinking against the previous period.',
      'Finish with three concrete, numbered recommendations.',
    ].join(' '),
});

export const productOpportunityPrompt = definePrompt({
  name: 'product_opportunity',
  title: 'Product opportunity',
  description: 'Find products for a customer need and analyze how they sell and whether they are in stock at your stores.',
  argsSchema: { need: z.string().describe('What customers are looking for, e.g. "keep a shed door from sagging"') },
  render: (args) =>
    [
      `Customers ask for: "${args.need ?? ''}".`,
      'Use semantic_search_products to find matching products, then find_similar_products for alternatives.',
      'With execute_sales_query, show units and revenue of those products per month over the last 12 months of data',
      'and current stock. Say which products to promote or restock.',
    ].join(' '),
});

export const ANALYSIS_PROMPTS: AnyPromptDefinition[] = [storePerformanceReviewPrompt, productOpportunityPrompt];
