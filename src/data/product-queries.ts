// SQL for product search, kept in one place. Every statement runs inside a tenant scope, so inventory figures are
// the caller's stores only (RLS), while the catalog itself is reference data everyone may read.

/**
 * Hybrid search: vector candidates (cosine) fused with full-text candidates by reciprocal rank fusion (k = 60).
 * An exact SKU match always wins. $1 vector, $2 query text, $3 model, $4 candidates per list, $5 limit,
 * $6 category name or null, $7 min price or null, $8 max price or null, $9 in stock at my stores only,
 * $10 use full text (false = vector only), $11 weight of the full-text list relative to the vector list.
 */
export const HYBRID_SEARCH_SQL = `
WITH q AS (
  SELECT $1::vector AS v,
         nullif(replace(plainto_tsquery('english', $2::text)::text, '&', '|'), '')::tsquery AS tsq,
         upper(btrim($2::text)) AS sku
), eligible AS (
  SELECT p.product_id
    FROM retail.products p JOIN retail.categories c ON c.category_id = p.category_id
   WHERE ($6::text IS NULL OR lower(c.category_name) = lower($6::text))
     AND ($7::numeric IS NULL OR p.base_price >= $7::numeric)
     AND ($8::numeric IS NULL OR p.base_price <= $8::numeric)
     AND (NOT $9::boolean OR EXISTS (
           SELECT 1 FROM retail.inventory i WHERE i.product_id = p.product_id AND i.stock_level > 0))
), vec AS (
  SELECT s.product_id, s.distance, row_number() OVER (ORDER BY s.distance, s.product_id) AS rnk
    FROM (SELECT e.product_id, e.description_embedding <=> q.v AS distance
            FROM retail.product_description_embeddings e, q
           WHERE e.embedding_model = $3::text AND e.product_id IN (SELECT product_id FROM eligible)
           ORDER BY e.description_embedding <=> q.v
           LIMIT $4::int) s
), fts AS (
  SELECT s.product_id, s.exact_sku, row_number() OVER (ORDER BY s.exact_sku DESC, s.rank DESC, s.product_id) AS rnk
    FROM (SELECT p.product_id, upper(p.sku) = q.sku AS exact_sku,
                 coalesce(ts_rank_cd(p.search_vector, q.tsq), 0) AS rank
            FROM retail.products p, q
           WHERE $10::boolean AND p.product_id IN (SELECT product_id FROM eligible)
             AND (p.search_vector @@ q.tsq OR upper(p.sku) = q.sku)
           ORDER BY exact_sku DESC, rank DESC
           LIMIT $4::int) s
), fused AS (
  SELECT u.product_id, sum(u.weight / (60 + u.rnk)) + max(CASE WHEN u.exact_sku THEN 1 ELSE 0 END) AS score
    FROM (SELECT product_id, rnk, false AS exact_sku, 1.0 AS weight FROM vec
          UNION ALL SELECT product_id, rnk, exact_sku, $11::numeric AS weight FROM fts) u
   GROUP BY u.product_id
)
SELECT p.product_id, p.sku, p.product_name, c.category_name AS category, t.type_name AS product_type,
       p.base_price, round((1 - v.distance)::numeric, 4) AS similarity, (x.product_id IS NOT NULL) AS keyword_match,
       round(f.score::numeric, 5) AS score,
       (SELECT sum(i.stock_level) FROM retail.inventory i WHERE i.product_id = p.product_id)::int AS stock_at_your_stores,
       p.product_description AS description
  FROM fused f
  JOIN retail.products p ON p.product_id = f.product_id
  JOIN retail.categories c ON c.category_id = p.category_id
  JOIN retail.product_types t ON t.type_id = p.type_id
  LEFT JOIN vec v ON v.product_id = f.product_id
  LEFT JOIN fts x ON x.product_id = f.product_id
 ORDER BY f.score DESC, p.product_id
 LIMIT $5::int`;

/** Facts that decide how to search and what to warn about, in one cheap statement. */
export const SEARCH_FACTS_SQL = `
SELECT (SELECT count(*) FROM retail.product_description_embeddings WHERE embedding_model = $1)::int AS model_vectors,
       (SELECT count(*) FROM retail.product_description_embeddings WHERE embedding_model <> $1)::int AS other_model_vectors,
       (SELECT coalesce(json_agg(DISTINCT embedding_model), '[]') FROM retail.product_description_embeddings
         WHERE embedding_model <> $1) AS other_models,
       (SELECT json_agg(category_name ORDER BY category_id) FROM retail.categories) AS categories`;

/** Nearest neighbours of one product's own vector (no embedding call). $1 product id or null, $2 SKU or null, $3 limit. */
export const SIMILAR_PRODUCTS_SQL = `
WITH src AS (
  SELECT e.product_id, e.description_embedding AS v, e.embedding_model AS model
    FROM retail.product_description_embeddings e JOIN retail.products p ON p.product_id = e.product_id
   WHERE ($1::int IS NOT NULL AND p.product_id = $1::int) OR ($2::text IS NOT NULL AND upper(p.sku) = upper($2::text))
   LIMIT 1
), nn AS (
  SELECT e.product_id, e.description_embedding <=> src.v AS distance
    FROM retail.product_description_embeddings e, src
   WHERE e.embedding_model = src.model AND e.product_id <> src.product_id
   ORDER BY e.description_embedding <=> src.v
   LIMIT $3::int
)
SELECT p.product_id, p.sku, p.product_name, c.category_name AS category, t.type_name AS product_type, p.base_price,
       round((1 - nn.distance)::numeric, 4) AS similarity,
       (SELECT sum(i.stock_level) FROM retail.inventory i WHERE i.product_id = p.product_id)::int AS stock_at_your_stores,
       (SELECT product_id FROM src) AS source_product_id
  FROM nn
  JOIN retail.products p ON p.product_id = nn.product_id
  JOIN retail.categories c ON c.category_id = p.category_id
  JOIN retail.product_types t ON t.type_id = p.type_id
 ORDER BY nn.distance, p.product_id`;
