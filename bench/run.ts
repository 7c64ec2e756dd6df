// `npm run bench`: search quality on the labelled set, per-tool latency and database round trips through the real
// HTTP endpoint and MCP client, and SQL guard cost. Runs on a fresh embedded database (and on BENCH_DATABASE_URL,
// an already migrated and seeded PostgreSQL, when set). Writes bench/results/summary.json.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type SearchContext, searchProducts } from '../src/analytics/product-search.js';
import { loadDevIssuer } from '../src/auth/dev-issuer.js';
import { openPool, type OpenPool } from '../src/data/connect.js';
import { Database } from '../src/data/database.js';
import { EmbeddedHost } from '../src/data/embedded-host.js';
import { migrate } from '../src/data/migrate.js';
import { borrowDatabase } from '../src/data/open-database.js';
import { checkReadOnlySql } from '../src/data/sql-guard/index.js';
import { createRuntime } from '../src/app/runtime.js';
import { startLocalHost } from '../src/local/host.js';
import { prepareOwnerDatabase } from '../src/local/owner-database.js';
import { createMemoryCache } from '../src/platform/cache/memory-cache.js';
import { loadConfig } from '../src/platform/config.js';
import { LocalEmbedder } from '../src/platform/embeddings/local-embedder.js';
import { createLogger, silentLogger } from '../src/platform/logger.js';
import { packageRoot } from '../src/platform/paths.js';
import { seedSample } from '../src/seed/seed-sample.js';
import { PRINCIPALS } from '../src/seed/stores.js';
import { SEARCH_LABELS } from './search-labels.js';

const embedder = new LocalEmbedder({ dimensions: 1536 });
const dbOptions = { statementTimeoutMs: 10_000, maxConcurrent: 4, queueTimeoutMs: 60_000, logger: silentLogger };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

async function searchQuality(database: Database) {
  const ctx: SearchContext = {
    withScope: (fn, options) => database.withTenantScope(PRINCIPALS.headoffice.principalId, fn, options),
    embedder,
    cache: createMemoryCache(),
    databaseId: 'bench',
    signal: new AbortController().signal,
  };
  const out: Record<string, { hitAt5: number; hitAt10: number; mrr: number; misses: string[] }> = {};
  const variants = [
    { name: 'vector', mode: 'vector' as const, weight: 0 },
    { name: 'hybrid (keyword weight 1.0)', mode: 'hybrid' as const, weight: 1 },
    { name: 'hybrid (keyword weight 0.5)', mode: 'hybrid' as const, weight: 0.5 },
    { name: 'hybrid (keyword weight 0.25, default)', mode: 'hybrid' as const, weight: 0.25 },
  ];
  for (const { name, mode, weight } of variants) {
    let at5 = 0;
    let at10 = 0;
    let rr = 0;
    const misses: string[] = [];
    for (const label of SEARCH_LABELS) {
      const { hits } = await searchProducts(ctx, { query: label.query, maxRows: 10, similarityThreshold: 0, mode, keywordWeight: weight });
      const rank = hits.findIndex((h) => h.product_type === label.expectedType);
      if (rank >= 0 && rank < 5) at5++;
      if (rank >= 0 && rank < 10) at10++;
      if (rank >= 0) rr += 1 / (rank + 1);
      else misses.push(label.query);
    }
    const n = SEARCH_LABELS.length;
    out[name] = { hitAt5: round(at5 / n, 3), hitAt10: round(at10 / n, 3), mrr: round(rr / n, 3), misses };
  }
  return { queries: SEARCH_LABELS.length, embedder: embedder.model, rankings: out };
}

const TOOL_CALLS: Array<{ name: string; args: Record<string, unknown> }> = [
  {
    name: 'execute_sales_query',
    args: { postgresql_query: 'SELECT store_id, count(*) AS orders, sum(total_amount) AS revenue FROM retail.order_items GROUP BY 1 ORDER BY 1' },
  },
  { name: 'get_multiple_table_schemas', args: { table_names: ['retail.orders', 'retail.order_items', 'retail.stores'] } },
  { name: 'semantic_search_products', args: { query_description: 'cordless drill for home use', max_rows: 10 } },
  { name: 'find_similar_products', args: { product_id: 1, max_rows: 10 } },
  { name: 'get_current_utc_date', args: {} },
];

async function toolLatency(database: Database, label: string, iterations: number) {
  const keyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'zava-bench-')), 'key.json');
  const audits: Array<{ tool: string; round_trips?: number }> = [];
  const logger = createLogger({
    level: 'info',
    sink: (line) => {
      const entry = JSON.parse(line) as { audit?: boolean; tool: string; round_trips?: number };
      if (entry.audit) audits.push(entry);
    },
  });
  const runtime = createRuntime({
    config: loadConfig({ AUTH_MODE: 'dev', DEV_ISSUER_KEY_FILE: keyFile }),
    logger,
    embedder,
    openDatabase: async () => borrowDatabase(database, { description: label, id: `bench:${label}`, kind: 'pglite' }),
  });
  const host = await startLocalHost(runtime, { port: 0 });
  const issuer = await loadDevIssuer(keyFile);
  const token = await issuer.issue({ sub: PRINCIPALS.regional.principalId });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${host.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
  );
  const rows: Array<Record<string, unknown>> = [];
  for (const call of TOOL_CALLS) {
    for (let i = 0; i < 3; i++) await client.callTool({ name: call.name, arguments: call.args }); // warm up
    audits.length = 0;
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const t = performance.now();
      const result = await client.callTool({ name: call.name, arguments: call.args });
      times.push(performance.now() - t);
      if (result.isError) throw new Error(`${call.name} failed: ${JSON.stringify(result.content)}`);
    }
    const trips = audits.filter((a) => a.tool === call.name).map((a) => a.round_trips ?? 0);
    rows.push({
      target: label,
      tool: call.name,
      p50_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
      db_round_trips: Math.max(0, ...trips),
    });
  }
  await client.close();
  await host.close();
  return rows;
}

async function guardCost() {
  const queries = [
    'SELECT s.store_name, sum(oi.total_amount) FROM retail.order_items oi JOIN retail.stores s USING (store_id) GROUP BY 1',
    "WITH m AS (SELECT date_trunc('month', order_date) AS month, count(*) AS n FROM retail.orders GROUP BY 1) SELECT month, n, lag(n) OVER (ORDER BY month) FROM m",
    'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY total_amount) FROM retail.order_items',
  ];
  for (const q of queries) await checkReadOnlySql(q);
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    await checkReadOnlySql(queries[i % queries.length] as string);
    times.push((performance.now() - t) * 1000);
  }
  return { checks: times.length, p50_us: round(percentile(times, 50), 1), p95_us: round(percentile(times, 95), 1) };
}

async function main() {
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 30);
  const started = Date.now();
  // The embedded database exactly as npm start runs it: PGlite in a worker behind the statement watchdog.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zava-bench-pglite-'));
  const pglite = await EmbeddedHost.start({ dataDir });
  const opened = await openPool({ kind: 'pglite', pglite });
  await migrate(opened.pool);
  const database = new Database(opened.pool, dbOptions);
  const seedStarted = Date.now();
  await seedSample(database, { scale: 0.1, seed: 42, embedder });
  const seedMs = Date.now() - seedStarted;
  pglite.statementLimitMs = dbOptions.statementTimeoutMs;

  const quality = await searchQuality(database);
  const latency = await toolLatency(database, 'pglite', iterations);
  let pg: OpenPool | undefined;
  const ownerUrl = process.env.BENCH_DATABASE_URL; // the owner's URL of a migrated, seeded database
  if (ownerUrl) {
    // Served as in production: through the runtime login, enabled here with a password for this run.
    const served = await prepareOwnerDatabase(loadConfig({ AUTH_MODE: 'dev', DATABASE_OWNER_URL: ownerUrl }), silentLogger);
    if (!served.DATABASE_URL) throw new Error('The runtime login could not be prepared.');
    pg = await openPool({ kind: 'url', url: served.DATABASE_URL, bridge: 'auto', poolMax: 4 });
    latency.push(...(await toolLatency(new Database(pg.pool, dbOptions), 'postgres (bridge)', iterations)));
  }
  const guard = await guardCost();
  const memory = process.memoryUsage();
  const summary = {
    date: new Date().toISOString(),
    node: process.version,
    seed_scale_0_1_ms: seedMs,
    search_quality: quality,
    tool_latency: latency,
    sql_guard: guard,
    rss_mb: round(memory.rss / 2 ** 20, 1),
    total_ms: Date.now() - started,
  };
  const dir = path.join(packageRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

  const print = (s: string) => process.stdout.write(`${s}\n`);
  print(`\n## Search quality (${quality.queries} labelled queries, ${quality.embedder})\n`);
  print('| ranking | hit@5 | hit@10 | MRR |\n|---|---|---|---|');
  for (const [name, q] of Object.entries(quality.rankings)) print(`| ${name} | ${q.hitAt5} | ${q.hitAt10} | ${q.mrr} |`);
  print(`\n## Tool calls through HTTP + MCP client (${iterations} calls each, regional manager)\n`);
  print('| target | tool | p50 ms | p95 ms | db round trips |\n|---|---|---|---|---|');
  for (const r of latency) print(`| ${r.target} | ${r.tool} | ${r.p50_ms} | ${r.p95_ms} | ${r.db_round_trips} |`);
  print(`\n## SQL guard\n\n${guard.checks} checks: p50 ${guard.p50_us} µs, p95 ${guard.p95_us} µs\n`);
  print(`Seed (scale 0.1, PGlite): ${seedMs} ms. RSS: ${summary.rss_mb} MB. Written to bench/results/summary.json.`);

  await opened.close();
  await pglite.close();
  rmSync(dataDir, { recursive: true, force: true });
  await pg?.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
