// Tool: find_similar_products — products closest to a given one (its stored vector; no embedding call).

import { z } from 'zod';
import { findSimilarProducts } from '../../analytics/product-search.js';
import { defineTool } from '../define-tool.js';
import { renderProducts } from './product-rendering.js';

export const findSimilarProductsTool = defineTool({
  name: 'find_similar_products',
  title: 'Find products similar to one product',
  description: [
    'Given one product (product_id or SKU), returns the products whose descriptions are most similar, by vector',
    'similarity. Use it for substitutes, cross-sell candidates or "what else is like this". Returns product_id, sku,',
    'name, category, type, base price, similarity (0 to 1) and stock at your stores.',
  ].join(' '),
  inputSchema: {
    product_id: z.number().int().positive().optional().describe('The product to start from.'),
    sku: z.string().trim().min(1).max(50).optional().describe('Or its SKU, e.g. "PT-DRL-0001".'),
    max_rows: z.number().int().min(1).max(100).optional().describe('Maximum products to return (default 10).'),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(ctx, args) {
    const outcome = await findSimilarProducts(ctx, { productId: args.product_id, sku: args.sku, maxRows: args.max_rows ?? 10 });
    Object.assign(ctx.audit, { rows: outcome.hits.length, round_trips: outcome.roundTrips });
    return {
      structured: { source_product_id: outcome.source, products: outcome.hits, row_count: outcome.hits.length },
      text: renderProducts(`${outcome.hits.length} products similar to product ${outcome.source}.`, outcome.hits),
    };
  },
});
