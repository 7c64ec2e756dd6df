// The embed pipeline: computes missing or stale product embeddings (stale = the embedded text or the model
// changed), in batches that each commit, so a run can stop anywhere and resume. Used by `npm run embed` and the
// timer-triggered Function.

import type { Database } from '../data/database.js';
import { toVectorLiteral, type Embedder } from '../platform/embeddings/embedder.js';
import { productEmbeddingText, textHash } from './embedding-text.js';

export interface RefreshProgress {
  done: number;
  total: number;
}

export interface RefreshSummary {
  model: string;
  products: number;
  upToDate: number;
  missing: number;
  staleText: number;
  otherModel: number;
  embedded: number;
  /** Models found in the table besides the current one, before the run (mixing is reported, never searched). */
  otherModels: string[];
  ms: number;
}

interface ProductRow {
  product_id: number;
  product_name: string;
  product_description: string;
  text_hash: string | null;
  embedding_model: string | null;
}

const PLAN_SQL = `
SELECT p.product_id, p.product_name, p.product_description, e.text_hash, e.embedding_model
  FROM retail.products p LEFT JOIN retail.product_description_embeddings e ON e.product_id = p.product_id
 ORDER BY p.product_id`;

const UPSERT_SQL = `
INSERT INTO retail.product_description_embeddings (product_id, description_embedding, embedding_model, text_hash, last_updated)
SELECT t.product_id, t.embedding::vector, $4, t.text_hash, now()
  FROM unnest($1::int4[], $2::text[], $3::text[]) AS t(product_id, embedding, text_hash)
ON CONFLICT (product_id) DO UPDATE
   SET description_embedding = EXCLUDED.description_embedding, embedding_model = EXCLUDED.embedding_model,
       text_hash = EXCLUDED.text_hash, last_updated = EXCLUDED.last_updated`;

export async function refreshEmbeddings(
  db: Database,
  embedder: Embedder,
  options: { batchSize?: number; onProgress?: (p: RefreshProgress) => void; signal?: AbortSignal } = {},
): Promise<RefreshSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 100;
  const rows = await db.withMaintenance(async (q) => (await q.query<ProductRow>(PLAN_SQL)).rows);

  const summary: RefreshSummary = {
    model: embedder.model,
    products: rows.length,
    upToDate: 0,
    missing: 0,
    staleText: 0,
    otherModel: 0,
    embedded: 0,
    otherModels: [...new Set(rows.map((r) => r.embedding_model).filter((m): m is string => m !== null && m !== embedder.model))].sort(),
    ms: 0,
  };
  const todo: Array<{ id: number; text: string; hash: string }> = [];
  for (const row of rows) {
    const text = productEmbeddingText(row);
    const hash = textHash(text);
    if (row.embedding_model === null) summary.missing++;
    else if (row.embedding_model !== embedder.model) summary.otherModel++;
    else if (row.text_hash !== hash) summary.staleText++;
    else {
      summary.upToDate++;
      continue;
    }
    todo.push({ id: row.product_id, text, hash });
  }

  options.onProgress?.({ done: 0, total: todo.length });
  for (let i = 0; i < todo.length; i += batchSize) {
    options.signal?.throwIfAborted();
    const batch = todo.slice(i, i + batchSize);
    const vectors = await embedder.embed(
      batch.map((b) => b.text),
      options.signal ? { signal: options.signal } : {},
    );
    assertVectors(embedder, vectors, batch.length);
    // Each batch commits on its own: an interrupted run keeps what it finished and the next run resumes.
    await db.withMaintenance((q) =>
      q.query(UPSERT_SQL, [batch.map((b) => b.id), vectors.map((v) => toVectorLiteral(v)), batch.map((b) => b.hash), embedder.model]),
    );
    summary.embedded += batch.length;
    options.onProgress?.({ done: summary.embedded, total: todo.length });
  }
  summary.ms = Date.now() - started;
  return summary;
}

/** A wrong count, length or a NaN would corrupt search silently; refuse before writing. */
function assertVectors(embedder: Embedder, vectors: readonly number[][], expected: number): void {
  if (vectors.length !== expected) throw new Error(`Embedder ${embedder.model} returned ${vectors.length} vectors for ${expected} texts.`);
  for (const v of vectors) {
    if (v.length !== embedder.dimensions || !v.every(Number.isFinite)) {
      throw new Error(
        `Embedder ${embedder.model} returned a vector of length ${v.length} (expected ${embedder.dimensions}) or with non-finite values.`,
      );
    }
  }
}
