-- Search indexes: HNSW (cosine) for product vectors and weighted full-text search for hybrid ranking.

-- HNSW instead of the reference's IVFFlat (lists 100, probes 1), whose recall on small or skewed tables is poor.
-- Settings chosen in docs/benchmarks-vector.md; ef_search is set per transaction by the search service.
CREATE INDEX product_embeddings_hnsw_idx ON retail.product_description_embeddings
  USING hnsw (description_embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
CREATE INDEX product_embeddings_model_idx ON retail.product_description_embeddings (embedding_model);

-- Name and SKU weigh more than the description, so exact words ("15 amp", a SKU) win.
ALTER TABLE retail.products ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce(sku, '') || ' ' || coalesce(product_name, '')), 'A') ||
  setweight(to_tsvector('english', coalesce(product_description, '')), 'B')
) STORED;
CREATE INDEX products_search_idx ON retail.products USING gin (search_vector);

COMMENT ON COLUMN retail.products.search_vector IS 'Full-text search document (name and SKU weight A, description weight B).';
