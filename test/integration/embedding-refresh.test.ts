// The embed pipeline on a real (embedded) database: idempotent, exact about staleness, resumable, model-aware.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshEmbeddings } from '../../src/embedding/embedding-refresh.js';
import type { Embedder } from '../../src/platform/embeddings/embedder.js';
import { LocalEmbedder } from '../../src/platform/embeddings/local-embedder.js';
import { openTarget, type TestTarget } from '../support/targets.js';

describe('embedding refresh', () => {
  let target: TestTarget;
  const local = new LocalEmbedder({ dimensions: 1536 });

  beforeEach(async () => {
    target = await openTarget('pglite');
  });
  afterEach(async () => {
    await target.close();
  });

  it('does nothing on an already embedded catalog', async () => {
    const summary = await refreshEmbeddings(target.database, local);
    expect(summary).toMatchObject({ products: 400, upToDate: 400, embedded: 0, missing: 0, staleText: 0, otherModel: 0 });
  });

  it('re-embeds exactly the product whose description changed', async () => {
    await target.admin(
      "UPDATE retail.products SET product_description = product_description || ' Now with a lifetime warranty.' WHERE product_id = 17",
    );
    const before = await target.admin<{ last_updated: string }>(
      'SELECT last_updated::text FROM retail.product_description_embeddings WHERE product_id <> 17 ORDER BY product_id',
    );
    const calls: string[][] = [];
    const spy: Embedder = {
      model: local.model,
      dimensions: local.dimensions,
      embed: async (texts) => {
        calls.push([...texts]);
        return local.embed(texts);
      },
    };
    const summary = await refreshEmbeddings(target.database, spy);
    expect(summary).toMatchObject({ embedded: 1, staleText: 1, upToDate: 399 });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toMatch(/lifetime warranty/);
    const after = await target.admin<{ last_updated: string }>(
      'SELECT last_updated::text FROM retail.product_description_embeddings WHERE product_id <> 17 ORDER BY product_id',
    );
    expect(after).toEqual(before);
    expect((await refreshEmbeddings(target.database, local)).embedded).toBe(0);
  });

  it('embeds products that have no vector yet', async () => {
    await target.admin('DELETE FROM retail.product_description_embeddings WHERE product_id BETWEEN 1 AND 5');
    expect(await refreshEmbeddings(target.database, local)).toMatchObject({ missing: 5, embedded: 5 });
  });

  it('reports and replaces vectors of another model', async () => {
    const other: Embedder = { model: 'another-model', dimensions: 1536, embed: (texts) => local.embed(texts) };
    const summary = await refreshEmbeddings(target.database, other, { batchSize: 200 });
    expect(summary).toMatchObject({ otherModel: 400, embedded: 400, otherModels: [local.model] });
    const models = await target.admin<{ embedding_model: string }>('SELECT DISTINCT embedding_model FROM retail.product_description_embeddings');
    expect(models).toEqual([{ embedding_model: 'another-model' }]);
  });

  it('keeps finished batches when a run fails and resumes where it stopped', async () => {
    const other: Embedder = { model: 'model-b', dimensions: 1536, embed: (texts) => local.embed(texts) };
    let calls = 0;
    const flaky: Embedder = {
      ...other,
      embed: async (texts) => {
        if (++calls === 3) throw new Error('service went away');
        return other.embed(texts);
      },
    };
    await expect(refreshEmbeddings(target.database, flaky, { batchSize: 100 })).rejects.toThrow(/went away/);
    const resumed = await refreshEmbeddings(target.database, other, { batchSize: 100 });
    expect(resumed).toMatchObject({ upToDate: 200, otherModel: 200, embedded: 200 });
  });
});
