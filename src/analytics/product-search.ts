// Product search by meaning: embed the request, then a pgvector cosine search in the caller's scope.

import { toVectorLiteral } from '../platform/embeddings/embedder.js';
import { EmbeddingServiceError } from '../platform/embeddings/embedding-service-error.js';
import { AppError, EmbeddingsUnavailableError, NotFoundError } from '../platform/errors.js';
import type { ServiceContext } from './service-context.js';

export interface ProductHit {
  product_id: number;
  sku: string;
  product_name: string;
  category: string;
  product_type: string;
  base_price: number;
  similarity: number;
  description: string;
}

const SEARCH_SQL = `
SELECT p.product_id, p.sku, p.product_name, c.category_name AS category, t.type_name AS product_type,
       p.base_price, round((1 - (e.description_embedding <=> $1::vector))::numeric, 4) AS similarity,
       p.product_description AS description
  FROM retail.product_description_embeddings e
  JOIN retail.products p ON p.product_id = e.product_id
  JOIN retail.categories c ON c.category_id = p.category_id
  JOIN retail.product_types t ON t.type_id = p.type_id
 WHERE e.embedding_model = $2
 ORDER BY e.description_embedding <=> $1::vector
 LIMIT $3`;

export async function embedQuery(ctx: ServiceContext, text: string, signal?: AbortSignal): Promise<number[]> {
  try {
    const [vector] = await ctx.embedder.embed([text], signal ? { signal } : {});
    if (!vector) throw new Error('no vector returned');
    return vector;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof EmbeddingServiceError) throw error.toAppError();
    const e = error as { code?: string; message?: string; retryable?: boolean };
    throw new EmbeddingsUnavailableError(`The embeddings service failed: ${e.message ?? String(error)}`, {
      nextStep: 'Semantic search is unavailable right now; use execute_sales_query with ILIKE filters on product_name instead.',
      retryable: e.retryable ?? true,
      cause: error,
    });
  }
}

export async function searchProducts(
  ctx: ServiceContext,
  request: { query: string; maxRows: number; similarityThreshold: number },
): Promise<{ hits: ProductHit[]; roundTrips: number }> {
  const vector = await embedQuery(ctx, request.query);
  return ctx.db.withTenantScope(ctx.principalId, async (scope) => {
    const result = await scope.query<ProductHit>(SEARCH_SQL, [toVectorLiteral(vector), ctx.embedder.model, request.maxRows]);
    if (result.rows.length === 0) {
      const other = await scope.query<{ embedding_model: string; n: number }>(
        'SELECT embedding_model, count(*)::int AS n FROM retail.product_description_embeddings GROUP BY 1',
      );
      if (other.rows.length > 0) {
        throw new NotFoundError(
          `Product embeddings were computed with ${other.rows.map((r) => r.embedding_model).join(', ')}, not ${ctx.embedder.model}.`,
          { nextStep: 'An operator must run `npm run embed` so search uses one model; meanwhile use execute_sales_query.' },
        );
      }
    }
    return { hits: result.rows.filter((h) => h.similarity >= request.similarityThreshold), roundTrips: scope.roundTrips };
  });
}
