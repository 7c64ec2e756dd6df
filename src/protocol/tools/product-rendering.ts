// Compact text for product lists: one line per product, fenced as catalog data.

import type { ProductHit } from '../../analytics/product-search.js';

export function renderProducts(header: string, hits: readonly ProductHit[], notices: readonly string[] = []): string {
  const lines = hits.map((h) =>
    [
      h.product_id,
      h.sku,
      h.product_name,
      `${h.category} / ${h.product_type}`,
      `$${h.base_price}`,
      h.similarity ?? '',
      h.stock_at_your_stores ?? '',
    ].join('\t'),
  );
  return [
    header,
    '```tsv',
    'product_id\tsku\tproduct_name\tcategory / type\tbase_price\tsimilarity\tstock_at_your_stores',
    ...lines,
    '```',
    ...notices,
  ].join('\n');
}
