// Product search: embed the request (Azure OpenAI or the local embedder), then one hybrid query in the caller's
// scope (pgvector cosine + full text, fused), with filters and stock at the caller's stores.

import type { ScopeOptions } from '../data/database.js';
import { HYBRID_SEARCH_SQL, SEARCH_FACTS_SQL, SIMILAR_PRODUCTS_SQL } from '../data/product-queries.js';
import { toVectorLiteral } from '../platform/embeddings/embedder.js';
import { EmbeddingServiceError } from '../platform/embeddings/embedding-service-error.js';
import { AppError, EmbeddingsUnavailableError, NotFoundError, ValidationError } from '../platform/errors.js';
import type { RequestContext } from './request-context.js';

/** What search needs of the request: the caller's scope, the embedder, the cache and the database namespace. */
export type SearchContext = Pick<RequestContext, 'withScope' | 'embedder' | 'cache' | 'databaseId' | 'signal'>;

export interface ProductHit {
  product_id: number;
  sku: string;
  product_name: string;
  category: string;
  product_type: string;
  base_price: number;
  similarity: number | null;
  keyword_match?: boolean;
  score?: number;
  stock_at_your_stores: number | null;
  description?: string;
}

export interface SearchRequest {
  query: string;
  maxRows: number;
  similarityThreshold: number;
  category?: string | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  inStockOnly?: boolean | undefined;
  mode?: 'hybrid' | 'vector' | undefined;
  /** Weight of the full-text ranking in the fusion (vector = 1). */
  keywordWeight?: number | undefined;
}

export interface SearchOutcome {
  hits: ProductHit[];
  notices: string[];
  roundTrips: number;
  exact: boolean;
}

interface SearchFacts {
  model_vectors: number;
  other_model_vectors: number;
  other_models: string[];
  categories: string[];
}

/** Below this many vectors an exact scan is faster than HNSW and has perfect recall (docs/benchmarks-vector.md). */
export const EXACT_SEARCH_MAX_VECTORS = 20_000;
/** HNSW search breadth: recall >= 0.95 at 100k vectors with m=16, ef_construction=64 (docs/benchmarks-vector.md). */
export const HNSW_EF_SEARCH = 100;
/** Full-text weight in the rank fusion, from the labelled-set benchmark (docs/search.md). */
export const KEYWORD_WEIGHT = 0.25;
/** Catalog facts change only with a re-embed; a minute of lag is the documented bound. */
const FACTS_TTL_SECONDS = 60;
const SEARCH_FALLBACK = 'Meanwhile, find products with execute_sales_query (ILIKE on product_name or product_description); other tools keep working.';

export async function embedQuery(ctx: Pick<RequestContext, 'embedder' | 'signal'>, text: string): Promise<number[]> {
  try {
    const [vector] = await ctx.embedder.embed([text], { signal: ctx.signal });
    if (!vector) throw new Error('no vector returned');
    return vector;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof EmbeddingServiceError) throw error.toAppError(SEARCH_FALLBACK);
    throw new EmbeddingsUnavailableError('The embeddings service failed.', {
      nextStep: SEARCH_FALLBACK,
      retryable: true,
      cause: error,
    });
  }
}

/**
 * Catalog facts (vector counts per model, categories: reference data, the same for every caller), cached per
 * database and model: a warm search costs the scope plus one query. A miss reads them in a scope of their own.
 */
async function searchFacts(ctx: SearchContext): Promise<SearchFacts> {
  const key = `search-facts:v1:${ctx.databaseId}:${ctx.embedder.model}`;
  const { value } = await ctx.cache.getOrCompute(key, FACTS_TTL_SECONDS, () =>
    ctx.withScope(async (scope) => {
      const facts = (await scope.query<SearchFacts>(SEARCH_FACTS_SQL, [ctx.embedder.model])).rows[0];
      if (!facts) throw new NotFoundError('The product catalog could not be read.');
      return facts;
    }),
  );
  return value;
}

function planOptions(facts: SearchFacts): ScopeOptions {
  // Small catalogs: exact scan (no index scans at all). Large: HNSW with a search breadth that meets the recall target,
  // and iterative scans so filters do not starve the result.
  if (facts.model_vectors <= EXACT_SEARCH_MAX_VECTORS) return { settings: { enable_indexscan: 'off' } };
  return { settings: { 'hnsw.ef_search': HNSW_EF_SEARCH, 'hnsw.iterative_scan': 'relaxed_order' } };
}

function noticesFor(ctx: SearchContext, facts: SearchFacts): string[] {
  const notices: string[] = [];
  if (facts.other_model_vectors > 0) {
    notices.push(
      `${facts.other_model_vectors} product vectors come from another embedding model (${facts.other_models.join(', ')}) and were not searched; an operator should run \`npm run embed\`.`,
    );
  }
  if (facts.model_vectors === 0) {
    notices.push(`No product has an embedding from ${ctx.embedder.model}; only keyword matches can be returned.`);
  }
  return notices;
}

export async function searchProducts(ctx: SearchContext, request: SearchRequest): Promise<SearchOutcome> {
  if (request.minPrice !== undefined && request.maxPrice !== undefined && request.minPrice > request.maxPrice) {
    throw new ValidationError('min_price is above max_price.', { nextStep: 'Swap or widen the price range.' });
  }
  // The embedding call and the (usually cached) catalog facts do not depend on each other.
  const [vector, facts] = await Promise.all([embedQuery(ctx, request.query), searchFacts(ctx)]);
  const exact = facts.model_vectors <= EXACT_SEARCH_MAX_VECTORS;
  return ctx.withScope(async (scope) => {
    if (request.category && !facts.categories.some((c) => c.toLowerCase() === request.category?.toLowerCase())) {
      throw new NotFoundError(`Unknown category "${request.category}".`, { nextStep: `Use one of: ${facts.categories.join(', ')}.` });
    }
    const candidates = Math.max(50, request.maxRows * 3);
    const result = await scope.query<ProductHit>(HYBRID_SEARCH_SQL, [
      toVectorLiteral(vector),
      request.query,
      ctx.embedder.model,
      candidates,
      request.maxRows,
      request.category ?? null,
      request.minPrice ?? null,
      request.maxPrice ?? null,
      request.inStockOnly ?? false,
      (request.mode ?? 'hybrid') === 'hybrid',
      request.keywordWeight ?? KEYWORD_WEIGHT,
    ]);
    const hits = result.rows.filter((h) => h.keyword_match || (h.similarity ?? 0) >= request.similarityThreshold);
    return { hits, notices: noticesFor(ctx, facts), roundTrips: scope.roundTrips, exact };
  }, planOptions(facts));
}

export async function findSimilarProducts(
  ctx: SearchContext,
  request: { productId?: number | undefined; sku?: string | undefined; maxRows: number },
): Promise<{ source: number; hits: ProductHit[]; roundTrips: number }> {
  if (request.productId === undefined && !request.sku) {
    throw new ValidationError('Give product_id or sku.', { nextStep: 'Pass the product_id or SKU of a product from a search or query.' });
  }
  const facts = await searchFacts(ctx);
  return ctx.withScope(async (scope) => {
    const result = await scope.query<ProductHit & { source_product_id: number }>(SIMILAR_PRODUCTS_SQL, [
      request.productId ?? null,
      request.sku ?? null,
      request.maxRows,
    ]);
    const first = result.rows[0];
    if (!first) {
      throw new NotFoundError(
        `No product with ${request.productId !== undefined ? `product_id ${request.productId}` : `SKU "${request.sku}"`} has an embedding.`,
        {
          nextStep: 'Check the id or SKU with semantic_search_products or execute_sales_query.',
        },
      );
    }
    return {
      source: first.source_product_id,
      hits: result.rows.map(({ source_product_id: _s, ...hit }) => hit),
      roundTrips: scope.roundTrips,
    };
  }, planOptions(facts));
}
