// Product search through the MCP endpoint: hybrid ranking, filters scoped by RLS, similar products, and what
// happens when the Azure OpenAI embeddings service misbehaves (through the real openai client and a fake service).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AzureOpenAIEmbedder } from '../../src/platform/embeddings/azure-openai-embedder.js';
import { STORE_IDS } from '../../src/seed/stores.js';
import { FakeAzureOpenAI, type RunningFake } from '../support/fake-azure-openai.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openTarget, TARGET_NAMES, type TestTarget } from '../support/targets.js';
import { callTool, sqlRows } from '../support/tool-call.js';

type Product = {
  product_id: number;
  sku: string;
  category: string;
  product_type: string;
  similarity: number | null;
  stock_at_your_stores: number | null;
};

describe.each(TARGET_NAMES)('product search on %s', (targetName) => {
  let target: TestTarget;
  let server: TestServer;
  let seattle: Client;
  let regional: Client;

  beforeAll(async () => {
    target = await openTarget(targetName);
    server = await startTestServer(target);
    [seattle, regional] = await Promise.all([server.client('seattle'), server.client('regional')]);
  });
  afterAll(async () => {
    await server?.close();
    await target?.close();
  });

  const search = async (client: Client, args: Record<string, unknown>) => {
    const out = await callTool(client, 'semantic_search_products', args);
    if (out.isError) throw new Error(out.text);
    return out.structured?.products as Product[];
  };

  it('ranks electrical products first for "waterproof outdoor electrical box"', async () => {
    const products = await search(seattle, { query_description: 'waterproof outdoor electrical box', max_rows: 5 });
    expect(products[0]?.category).toBe('Electrical');
    expect(products.slice(0, 3).every((p) => p.category === 'Electrical')).toBe(true);
  });

  it('puts an exact SKU first', async () => {
    const [someProduct] = await target.admin<{ sku: string }>("SELECT sku FROM retail.products WHERE sku LIKE 'PL-%' ORDER BY product_id LIMIT 1");
    const products = await search(seattle, { query_description: someProduct?.sku.toLowerCase(), max_rows: 5 });
    expect(products[0]?.sku).toBe(someProduct?.sku);
  });

  it('matches exact words like "15 amp"', async () => {
    const products = await search(seattle, { query_description: '15 amp outlet', max_rows: 5 });
    expect(products[0]?.category).toBe('Electrical');
  });

  it('filters by category and price range', async () => {
    const products = await search(seattle, { query_description: 'tool for cutting', category: 'power tools', max_price: 150, max_rows: 20 });
    expect(products.length).toBeGreaterThan(0);
    for (const p of products) expect(p.category).toBe('Power Tools');
    const prices = await sqlRows(
      seattle,
      `SELECT max(base_price) AS top FROM retail.products WHERE product_id IN (${products.map((p) => p.product_id).join(',')})`,
    );
    expect(Number(prices[0]?.top)).toBeLessThanOrEqual(150);
  });

  it('answers an unknown category with the valid ones', async () => {
    const out = await callTool(seattle, 'semantic_search_products', { query_description: 'drill', category: 'Toys' });
    expect(out.isError).toBe(true);
    expect(out.text).toMatch(/Unknown category "Toys".*Power Tools/s);
  });

  it("reports stock at the caller's own stores only", async () => {
    const products = await search(seattle, { query_description: 'paint roller', max_rows: 5 });
    const regionalProducts = await search(regional, { query_description: 'paint roller', max_rows: 5 });
    for (const p of products) {
      const [truth] = await target.admin<{ n: number }>(
        'SELECT sum(stock_level)::int AS n FROM retail.inventory WHERE product_id = $1 AND store_id = $2',
        [p.product_id, STORE_IDS.seattle],
      );
      expect(p.stock_at_your_stores).toBe(truth?.n);
    }
    for (const p of regionalProducts) {
      const [truth] = await target.admin<{ n: number }>(
        'SELECT sum(stock_level)::int AS n FROM retail.inventory WHERE product_id = $1 AND store_id = ANY($2::int[])',
        [p.product_id, [2, 6, 7]],
      );
      expect(p.stock_at_your_stores).toBe(truth?.n);
    }
  });

  it('finds similar products by SKU without an embedding call', async () => {
    const [drill] = await search(seattle, { query_description: 'cordless drill', max_rows: 1 });
    const out = await callTool(seattle, 'find_similar_products', { sku: drill?.sku, max_rows: 5 });
    expect(out.isError).toBe(false);
    const similar = out.structured?.products as Product[];
    expect(similar).toHaveLength(5);
    expect(similar.map((p) => p.product_id)).not.toContain(drill?.product_id);
    expect(similar[0]?.category).toBe('Power Tools');
  });

  it('answers an unknown SKU with a clear error', async () => {
    const out = await callTool(seattle, 'find_similar_products', { sku: 'NOPE-0000' });
    expect(out.isError).toBe(true);
    expect(out.text).toMatch(/NOT_FOUND.*SKU "NOPE-0000"/);
  });
});

describe('search with the in-stock filter after stock runs out (pglite)', () => {
  let target: TestTarget;
  let server: TestServer;

  beforeAll(async () => {
    target = await openTarget('pglite');
    server = await startTestServer(target);
  });
  afterAll(async () => {
    await server?.close();
    await target?.close();
  });

  it('reports vectors of another model instead of silently searching them', async () => {
    await target.admin(
      "UPDATE retail.product_description_embeddings SET embedding_model = 'other-model' WHERE product_id IN (SELECT product_id FROM retail.products ORDER BY product_id LIMIT 3)",
    );
    const seattle = await server.client('seattle');
    // First search on this database: the catalog facts (cached a minute per database) are read now.
    const out = await callTool(seattle, 'semantic_search_products', { query_description: 'hammer' });
    expect(out.text).toMatch(/3 product vectors come from another embedding model \(other-model\).*npm run embed/);
  });

  it('hides a product sold out in Seattle from Seattle, but not from Bellevue', async () => {
    const seattle = await server.client('seattle');
    const bellevue = await server.client('bellevue');
    const args = { query_description: 'cordless drill', max_rows: 3, in_stock_only: true };
    const before = (await callTool(seattle, 'semantic_search_products', args)).structured?.products as Product[];
    const top = before[0]!;
    await target.admin('UPDATE retail.inventory SET stock_level = 0 WHERE product_id = $1 AND store_id = $2', [top.product_id, STORE_IDS.seattle]);
    await target.admin('UPDATE retail.inventory SET stock_level = 5 WHERE product_id = $1 AND store_id = $2', [top.product_id, STORE_IDS.bellevue]);
    const seattleAfter = (await callTool(seattle, 'semantic_search_products', args)).structured?.products as Product[];
    const bellevueAfter = (await callTool(bellevue, 'semantic_search_products', args)).structured?.products as Product[];
    expect(seattleAfter.map((p) => p.product_id)).not.toContain(top.product_id);
    expect(bellevueAfter.map((p) => p.product_id)).toContain(top.product_id);
  });
});

describe('search through Azure OpenAI (fake service, real openai client)', () => {
  let target: TestTarget;
  let fake: FakeAzureOpenAI;
  let running: RunningFake;
  let server: TestServer;
  let client: Client;
  const tokens: string[] = [];

  beforeAll(async () => {
    target = await openTarget('pglite');
    fake = new FakeAzureOpenAI({ bearerToken: 'fake-managed-identity-token' });
    running = await fake.start();
    const embedder = new AzureOpenAIEmbedder({
      endpoint: running.url,
      deployment: 'text-embedding-3-small',
      credential: {
        getToken: async (scopes) => {
          tokens.push(String(scopes));
          return { token: 'fake-managed-identity-token', expiresOnTimestamp: Date.now() + 3600_000 };
        },
      },
      timeoutMs: 1000,
      maxRetries: 2,
      initialBackoffMs: 10,
      sleep: async () => undefined,
    });
    server = await startTestServer(target, { embedder });
    client = await server.client('seattle');
  });
  afterAll(async () => {
    await server?.close();
    await running?.close();
    await target?.close();
  });

  it('embeds the query with a bearer token from the credential', async () => {
    const out = await callTool(client, 'semantic_search_products', { query_description: 'garden hose' });
    expect(out.isError).toBe(false);
    const request = fake.embeddingRequests.at(-1);
    expect(request?.headers.authorization).toBe('Bearer fake-managed-identity-token');
    expect(tokens[0]).toContain('https://cognitiveservices.azure.com/.default');
    // The catalog was embedded with the local model, so the answer says so instead of mixing vectors.
    expect(out.text).toMatch(/another embedding model/);
  });

  it('retries after 429 and answers', async () => {
    const before = fake.embeddingRequests.length;
    fake.enqueue({ status: 429, retryAfterSeconds: 1 });
    const out = await callTool(client, 'semantic_search_products', { query_description: 'ladder' });
    expect(out.isError).toBe(false);
    expect(fake.embeddingRequests.length - before).toBe(2);
  });

  it('gives a clear tool error when the service keeps failing, while SQL still works', async () => {
    fake.enqueue({ status: 500 }, { status: 500 }, { status: 500 });
    const out = await callTool(client, 'semantic_search_products', { query_description: 'ladder' });
    expect(out.isError).toBe(true);
    expect(out.text).toMatch(/EMBEDDINGS_UNAVAILABLE/);
    expect(out.text).toMatch(/execute_sales_query/);
    expect(await sqlRows(client, 'SELECT count(*) AS n FROM retail.stores')).toEqual([{ n: 8 }]);
  });

  it('names the permission problem on 401', async () => {
    fake.enqueue({ status: 401 });
    const out = await callTool(client, 'semantic_search_products', { query_description: 'ladder' });
    expect(out.isError).toBe(true);
    expect(out.text).toMatch(/Cognitive Services OpenAI User/);
    expect(out.text).not.toMatch(/fake-managed-identity-token/);
  });
});
