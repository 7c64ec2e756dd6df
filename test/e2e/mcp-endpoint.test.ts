// End to end: the local host, real tokens, the MCP SDK Client over HTTP, on each database target.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { STORE_IDS } from '../../src/seed/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openTarget, TARGET_NAMES, type TestTarget } from '../support/targets.js';
import { callTool, sqlRows } from '../support/tool-call.js';

describe.each(TARGET_NAMES)('MCP endpoint on %s', (targetName) => {
  let target: TestTarget;
  let server: TestServer;
  let seattle: Client;
  let regional: Client;
  let headoffice: Client;

  beforeAll(async () => {
    target = await openTarget(targetName);
    server = await startTestServer(target);
    [seattle, regional, headoffice] = await Promise.all([server.client('seattle'), server.client('regional'), server.client('headoffice')]);
  });
  afterAll(async () => {
    await server?.close();
    await target?.close();
  });

  it('lists the tools with input schemas', async () => {
    const { tools } = await seattle.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'compare_stores',
      'execute_sales_query',
      'find_similar_products',
      'get_current_utc_date',
      'get_customer_insights',
      'get_inventory_alerts',
      'get_multiple_table_schemas',
      'get_sales_trends',
      'get_store_performance',
      'get_top_products',
      'semantic_search_products',
    ]);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.description?.length).toBeGreaterThan(80);
      expect(tool.annotations?.readOnlyHint).toBe(true);
    }
    const exec = tools.find((t) => t.name === 'execute_sales_query');
    expect(Object.keys(exec?.inputSchema.properties ?? {})).toContain('postgresql_query');
  });

  it('shows a store manager only their own store', async () => {
    const rows = await sqlRows(seattle, 'SELECT DISTINCT store_id FROM retail.orders ORDER BY 1');
    expect(rows).toEqual([{ store_id: STORE_IDS.seattle }]);
  });

  it('shows the regional manager exactly Bellevue, Redmond and Kirkland', async () => {
    const rows = await sqlRows(regional, 'SELECT DISTINCT store_id FROM retail.orders ORDER BY 1');
    expect(rows.map((r) => r.store_id)).toEqual([STORE_IDS.bellevue, STORE_IDS.redmond, STORE_IDS.kirkland].sort((a, b) => a - b));
  });

  it('accepts a query ending in a semicolon and a comment, as models often write them', async () => {
    const rows = await sqlRows(seattle, 'SELECT DISTINCT store_id FROM retail.orders ORDER BY 1; -- my stores');
    expect(rows).toEqual([{ store_id: STORE_IDS.seattle }]);
  });

  it('shows head office all eight stores', async () => {
    const rows = await sqlRows(headoffice, 'SELECT DISTINCT store_id FROM retail.orders ORDER BY 1');
    expect(rows.map((r) => r.store_id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it.each(['orders', 'customers', 'order_items', 'inventory'])('counts %s for Seattle exactly as the superuser does', async (table) => {
    const [truth] = await target.admin<{ n: number }>(`SELECT count(*)::int AS n FROM retail.${table} WHERE store_id = $1`, [STORE_IDS.seattle]);
    const rows = await sqlRows(seattle, `SELECT count(*) AS n FROM retail.${table}`);
    expect(truth?.n).toBeGreaterThan(0);
    expect(rows[0]?.n).toBe(truth?.n);
  });

  it.each([
    ['INSERT', "INSERT INTO retail.stores (store_id, store_name, city) VALUES (99, 'Evil', 'Nowhere')"],
    ['UPDATE', 'UPDATE retail.products SET base_price = 0'],
    ['DELETE', 'DELETE FROM retail.orders'],
    ['DROP', 'DROP TABLE retail.orders'],
    ['multi-statement', 'SELECT 1; DELETE FROM retail.orders'],
  ])('refuses %s with a clear error and changes nothing', async (_kind, sql) => {
    const before = await target.admin<{ n: number }>(
      'SELECT (SELECT count(*) FROM retail.orders) + (SELECT count(*) FROM retail.stores) + (SELECT sum(base_price) FROM retail.products) AS n',
    );
    const out = await callTool(headoffice, 'execute_sales_query', { postgresql_query: sql });
    expect(out.isError).toBe(true);
    expect(out.text).toMatch(/SQL_NOT_ALLOWED/);
    expect(out.text).toMatch(/Next step/);
    const after = await target.admin<{ n: number }>(
      'SELECT (SELECT count(*) FROM retail.orders) + (SELECT count(*) FROM retail.stores) + (SELECT sum(base_price) FROM retail.products) AS n',
    );
    expect(after).toEqual(before);
  });

  it('describes retail.orders with columns, keys and relationships', async () => {
    const out = await callTool(seattle, 'get_multiple_table_schemas', { table_names: ['retail.orders'] });
    expect(out.isError).toBe(false);
    const [orders] = (out.structured?.tables ?? []) as Array<Record<string, unknown>>;
    expect(orders?.table).toBe('retail.orders');
    expect((orders?.columns as Array<{ name: string }> | undefined)?.map((c) => c.name)).toEqual([
      'order_id',
      'customer_id',
      'store_id',
      'order_date',
    ]);
    expect(orders?.primary_key).toEqual(['order_id']);
    expect(JSON.stringify(orders?.foreign_keys)).toContain('retail.customers');
    expect(orders?.referenced_by).toContain('retail.order_items');
  });

  it('lists only the stores in scope as valid values', async () => {
    const out = await callTool(regional, 'get_multiple_table_schemas', { table_names: ['stores'] });
    const [stores] = (out.structured?.tables ?? []) as Array<{ valid_values: Array<{ store_id: number }> }>;
    expect(stores?.valid_values.map((s) => s.store_id)).toEqual([2, 6, 7]);
  });

  it('answers an unknown table with the list of valid ones', async () => {
    const out = await callTool(seattle, 'get_multiple_table_schemas', { table_names: ['retail.sales'] });
    expect(out.isError).toBe(true);
    expect(out.text).toMatch(/Unknown table: sales/);
    expect(out.text).toContain('retail.orders');
  });

  it('finds drills for "cordless drill for home use"', async () => {
    const out = await callTool(seattle, 'semantic_search_products', { query_description: 'cordless drill for home use', max_rows: 5 });
    expect(out.text).not.toMatch(/^Error/);
    const products = out.structured?.products as Array<{ product_type: string; category: string }>;
    expect(products.length).toBe(5);
    expect(products[0]?.category).toBe('Power Tools');
    expect(products.filter((p) => /drill/i.test(p.product_type)).length).toBeGreaterThanOrEqual(3);
  });

  it('reports truncation when rows exceed max_rows', async () => {
    const out = await callTool(headoffice, 'execute_sales_query', { postgresql_query: 'SELECT order_id FROM retail.orders', max_rows: 10 });
    expect(out.structured).toMatchObject({ row_count: 10, truncated: true, truncation_reason: 'max_rows' });
    expect(out.text).toMatch(/add a LIMIT/);
  });

  it('returns the current UTC date', async () => {
    const out = await callTool(seattle, 'get_current_utc_date');
    expect(out.structured?.utc_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses a request without a token with 401 and a Bearer challenge', async () => {
    const res = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(
      /^Bearer resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/api\/mcp"/,
    );
  });

  it('answers GET and DELETE with 405', async () => {
    const token = await server.token('seattle');
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(server.mcpUrl, { method, headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(405);
    }
  });

  it('offers the analyst guide, my scope and one definition per figure as resources', async () => {
    const { resources } = await seattle.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris.slice(0, 2)).toEqual(['zava://guides/retail-analytics', 'zava://me/scope']);
    expect(uris).toEqual(expect.arrayContaining(['zava://definitions/revenue', 'zava://definitions/gross-margin', 'zava://definitions/periods']));
    const guide = await seattle.readResource({ uri: 'zava://guides/retail-analytics' });
    expect(JSON.stringify(guide.contents)).toMatch(/order_items/);
    const revenue = await seattle.readResource({ uri: 'zava://definitions/revenue' });
    expect(JSON.stringify(revenue.contents)).toMatch(/total_amount/);
  });

  it("my scope names exactly the caller's role and stores", async () => {
    const read = async (client: Client) => {
      const { contents } = await client.readResource({ uri: 'zava://me/scope' });
      return JSON.parse(String((contents[0] as { text: string }).text)) as { role: string; stores: Array<{ store_id: number; store_name: string }> };
    };
    const mine = await read(seattle);
    expect(mine.role).toBe('store_manager');
    expect(mine.stores.map((s) => s.store_name)).toEqual(['Zava Retail Seattle']);
    const region = await read(regional);
    expect(region.role).toBe('regional_manager');
    expect(region.stores.map((s) => s.store_id)).toEqual([STORE_IDS.bellevue, STORE_IDS.redmond, STORE_IDS.kirkland]);
    const all = await read(headoffice);
    expect(all.role).toBe('head_office');
    expect(all.stores).toHaveLength(8);
  });

  it('shows the per-tool performance summary to head office only', async () => {
    await callTool(regional, 'get_current_utc_date');
    const { contents } = await headoffice.readResource({ uri: 'zava://operations/performance' });
    const summary = JSON.parse(String((contents[0] as { text: string }).text)) as {
      slow_query_ms: number;
      tools: Array<{ tool: string; count: number }>;
    };
    expect(summary.slow_query_ms).toBe(1000);
    expect(summary.tools.find((t) => t.tool === 'get_current_utc_date')?.count).toBeGreaterThan(0);
    await expect(seattle.readResource({ uri: 'zava://operations/performance' })).rejects.toThrow(/head office/);
  });

  it('offers the three analysis prompts with arguments', async () => {
    const { prompts } = await seattle.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['inventory_check', 'product_discovery', 'store_performance_review']);
    expect(prompts.find((p) => p.name === 'inventory_check')?.arguments?.map((a) => a.name)).toEqual(['store', 'days_of_supply_threshold']);
    const discovery = await seattle.getPrompt({ name: 'product_discovery', arguments: { need: 'fix a running toilet' } });
    expect(JSON.stringify(discovery.messages)).toMatch(/fix a running toilet.*semantic_search_products/);
    const review = await seattle.getPrompt({ name: 'store_performance_review', arguments: { period: 'last_month', store: 'Zava Retail Seattle' } });
    expect(review.messages[0]?.content).toMatchObject({
      text: expect.stringContaining('get_store_performance (period "last_month", store "Zava Retail Seattle")'),
    });
  });

  it("completes store arguments from the caller's scope only, and categories from the catalog", async () => {
    const stores = async (client: Client, value: string) =>
      (await client.complete({ ref: { type: 'ref/prompt', name: 'inventory_check' }, argument: { name: 'store', value } })).completion.values;
    expect(await stores(seattle, '')).toEqual(['Zava Retail Seattle']);
    expect(await stores(seattle, 'bell')).toEqual([]);
    expect(await stores(regional, '')).toEqual(['Zava Retail Bellevue', 'Zava Retail Redmond', 'Zava Retail Kirkland']);
    expect(await stores(regional, 'RED')).toEqual(['Zava Retail Redmond']);
    expect(await stores(headoffice, '')).toHaveLength(8);
    const categories = (
      await seattle.complete({ ref: { type: 'ref/prompt', name: 'product_discovery' }, argument: { name: 'category', value: 'tool' } })
    ).completion.values;
    expect(categories.length).toBeGreaterThan(0);
    for (const c of categories) expect(c.toLowerCase()).toContain('tool');
  });

  it('refuses a foreign Host or Origin (DNS rebinding protection)', async () => {
    const port = new URL(server.url).port;
    const token = await server.token('seattle');
    const { request } = await import('node:http');
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/mcp', method: 'POST', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }));
      });
    const base = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    expect(await status({ ...base, host: 'evil.example' })).toBe(403);
    expect(await status({ ...base, host: `127.0.0.1:${port}`, origin: 'http://evil.example' })).toBe(403);
    expect(await status({ ...base, host: `localhost:${port}`, origin: `http://localhost:${port}` })).toBe(200);
  });

  it('reports liveness and readiness as JSON', async () => {
    const live = await fetch(`${server.url}/api/health`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
    const res = await fetch(`${server.url}/api/health/ready`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { checks: { database: { status: string }; embeddings: { status: string } } };
    expect(body.checks.database.status).toBe('ok');
    expect(body.checks.embeddings.status).toBe('ok');
    expect(JSON.stringify(body)).not.toMatch(/password|postgresql:\/\//i);
  });
});
