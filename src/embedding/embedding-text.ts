// The exact text embedded for a product and its hash; shared by the seed and the embed pipeline so both agree.

import { createHash } from 'node:crypto';

export interface EmbeddableProduct {
  product_name: string;
  product_description: string;
}

/** Name first: short queries ("15 amp outlet") often match the name better than the description. */
export function productEmbeddingText(p: EmbeddableProduct): string {
  return `${p.product_name}. ${p.product_description}`;
}

/** sha256 hex of the UTF-8 text: stored as text_hash so a changed name or description marks the vector stale. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
