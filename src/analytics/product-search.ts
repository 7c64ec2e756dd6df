// Product search: embed the request (Azure OpenAI or the local embedder), then one hybrid query in the caller's
// scope (pgvector cosine + full text, fused), with filters and stock at the caller's stores.

import type { Database, ScopeOptions, TenantScope } from '../data/database.js';
import { HYBRID_SEARCH_SQL, SEARCH_FACTS_SQL, SIMILAR_PRODUCTS_SQL } from '../data/product-queries.js';
import { toVectorLiteral } from '../platform/embeddings/embedder.js';
import { EmbeddingServiceError } from '../platform/embeddings/embedding-service-error.js';
import { AppError, EmbeddingsUnavailableError, NotFoundError, ValidationError } from '../platform/errors.js';
import type { ServiceContext } from './service-context.js';

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
const FACTS_TTL_MS = 60_000;
const SEARCH_FALLBACK = 'Meanwhile, find products with execute_sales_query (ILIKE on product_name or product_description); other tools keep working.';
const factsCache = new WeakMap<Database, Map<string, { at: number; facts: SearchFacts }>>();

export async function embedQuery(ctx: ServiceContext, text: string): Promise<number[]> {
  try {
    const [vector] = await ctx.embedder.embed([text]);
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

/** Catalog facts, cached per database for a minute: a warm search costs the scope plus one query. */
async function searchFacts(ctx: ServiceContext, scope: TenantScope): Promise<SearchFacts> {
  let perModel = factsCache.get(ctx.db);
  if (!perModel) {
    perModel = new Map();
    factsCache.set(ctx.db, perModel);
  }
  const cached = perModel.get(ctx.embedder.model);
  if (cached && Date.now() - cached.at < FACTS_TTL_MS) return cached.facts;
  const facts = (await scope.query<SearchFacts>(SEARCH_FACTS_SQL, [ctx.embedder.model])).rows[0];
  if (!facts) throw new NotFoundError('The product catalog could not be read.');
  perModel.set(ctx.embedder.model, { at: Date.now(), facts });
  return facts;
}

function cachedFacts(ctx: ServiceContext): SearchFacts | undefined {
  const cached = factsCache.get(ctx.db)?.get(ctx.embedder.model);
  return cached && Date.now() - cached.at < FACTS_TTL_MS ? cached.facts : undefined;
}

function planOptions(facts: SearchFacts | undefined): ScopeOptions {
  // Small catalogs: exact scan (no index scans at all). Large: HNSW with a search breadth that meets the recall target,
  // and iterative scans so filters do not starve the result.
  if (facts && facts.model_vectors <= EXACT_SEARCH_MAX_VECTORS) return { settings: { enable_indexscan: 'off' } };
  return { settings: { 'hnsw.ef_search': HNSW_EF_SEARCH, 'hnsw.iterative_scan': 'relaxed_order' } };
}

function noticesFor(ctx: ServiceContext, facts: SearchFacts): string[] {
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

export async function searchProducts(ctx: ServiceContext, request: SearchRequest): Promise<SearchOutcome> {
  if (request.minPrice !== undefined && request.maxPrice !== undefined && request.minPrice > request.maxPrice) {
    throw new ValidationError('min_price is above max_price.', { nextStep: 'Swap or widen the price range.' });
  }
  const vector = await embedQuery(ctx, request.query);
  const known = cachedFacts(ctx);
  return ctx.db.withTenantScope(
    ctx.principalId,
    async (scope) => {
      const facts = known ?? (await searchFacts(ctx, scope));
      const exact = facts.model_vectors <= EXACT_SEARCH_MAX_VECTORS;
      if (!known && exact) await scope.query('SET LOCAL enable_indexscan = off');
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
    },
    planOptions(known),
  );
}

export async function findSimilarProducts(
  ctx: ServiceContext,
  request: { productId?: number | undefined; sku?: string | undefined; maxRows: number },
): Promise<{ source: number; hits: ProductHit[]; roundTrips: number }> {
  if (request.productId === undefined && !request.sku) {
    throw new ValidationError('Give product_id or sku.', { nextStep: 'Pass the product_id or SKU of a product from a search or query.' });
  }
  return ctx.db.withTenantScope(
    ctx.principalId,
    async (scope) => {
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
    },
    planOptions(cachedFacts(ctx)),
  );
}
