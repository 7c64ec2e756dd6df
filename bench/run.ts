// `npm run bench`: search quality on the labelled set; per tool, latency and round trips counted at the wire (a
// proxy of the bench's own in front of PostgreSQL, a tap in front of the embedded host); the endpoint's overhead
// against the same SQL sent directly, interleaved; throughput at 1, 8 and 32 clients; peak RSS on a 900-million-row
// query; bytes and tokens per row; cold start in fresh processes; SQL guard cost. Runs on a fresh embedded database
// and, with BENCH_DATABASE_URL (the owner's URL of a migrated, seeded PostgreSQL), on PostgreSQL through the bridge.
// Writes bench/out/report.json (git-ignored). Method and latest numbers: docs/performance.md.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as PgClient } from '@neondatabase/serverless';
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
import { analyticsBench, analyticsTable } from './analytics.js';
import { SEARCH_LABELS } from './search-labels.js';
import { startPgWireProxy, tapEmbeddedHost, type TallySnapshot, type WireTally } from './wire-proxy.js';

const embedder = new LocalEmbedder({ dimensions: 1536 });
const dbOptions = { statementTimeoutMs: 10_000, maxConcurrent: 4, queueTimeoutMs: 60_000, logger: silentLogger };
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const THROUGHPUT_MS = Number(process.env.BENCH_THROUGHPUT_MS ?? 3000);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 5);
/** BENCH_SECTIONS=overhead,huge runs only those sections (default: all), for a quick look at one figure. */
const SECTIONS = process.env.BENCH_SECTIONS ? new Set(process.env.BENCH_SECTIONS.split(',').map((s) => s.trim())) : undefined;
const section = (name: string) => SECTIONS === undefined || SECTIONS.has(name);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const median = (values: number[]) => percentile(values, 50);

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

/** The small aggregate of the overhead ratio: through the endpoint (RLS scopes it) and directly (the same filter by hand). */
const SMALL_AGGREGATE = 'SELECT store_id, count(*) AS orders, sum(total_amount) AS revenue FROM retail.order_items GROUP BY 1 ORDER BY 1';
const SMALL_AGGREGATE_DIRECT =
  'SELECT store_id, count(*) AS orders, sum(total_amount) AS revenue FROM retail.order_items WHERE store_id = ANY($1) GROUP BY 1 ORDER BY 1';

const TOOL_CALLS: Array<{ name: string; args: Record<string, unknown> }> = [
  { name: 'execute_sales_query', args: { postgresql_query: SMALL_AGGREGATE } },
  { name: 'get_multiple_table_schemas', args: { table_names: ['retail.orders', 'retail.order_items', 'retail.stores'] } },
  { name: 'semantic_search_products', args: { query_description: 'cordless drill for home use', max_rows: 10 } },
  { name: 'find_similar_products', args: { product_id: 1, max_rows: 10 } },
  { name: 'get_current_utc_date', args: {} },
];

/** Three typical analytics answers, for bytes and tokens per row. */
const TOKEN_QUERIES: Array<{ name: string; sql: string; maxRows?: number }> = [
  { name: 'revenue per store (aggregate)', sql: SMALL_AGGREGATE },
  {
    name: 'monthly orders and revenue (trend)',
    sql: "SELECT to_char(date_trunc('month', o.order_date), 'YYYY-MM') AS month, count(DISTINCT o.order_id) AS orders, sum(oi.total_amount) AS revenue FROM retail.orders o JOIN retail.order_items oi ON oi.order_id = o.order_id GROUP BY 1 ORDER BY 1",
  },
  {
    name: 'top 25 products by revenue (listing)',
    sql: 'SELECT p.sku, p.product_name, sum(oi.quantity) AS units, sum(oi.total_amount) AS revenue FROM retail.order_items oi JOIN retail.products p ON p.product_id = oi.product_id GROUP BY 1, 2 ORDER BY 4 DESC LIMIT 25',
  },
];

/** 1000 x 1000 x 900 rows if nothing capped it: the row cap must stop it after max_rows + 1. */
const HUGE_QUERY =
  'SELECT a.g AS a, b.g AS b, c.g AS c FROM generate_series(1, 1000) AS a(g) CROSS JOIN generate_series(1, 1000) AS b(g) CROSS JOIN generate_series(1, 900) AS c(g)';

interface BenchTarget {
  label: string;
  database: Database;
  tally: WireTally;
  /** The same SQL sent directly with node-postgres (PostgreSQL) or PGlite's own API in its worker (embedded). */
  direct(sql: string, params: unknown[]): Promise<unknown>;
  /** DATABASE_URL for a fresh server process (cold start), when the target can be shared across processes. */
  runtimeUrl?: string;
  close(): Promise<void>;
}

async function waitForIdle(database: Database): Promise<void> {
  const pool = database.pool as unknown as { totalCount: number; idleCount: number; waitingCount: number };
  while (pool.waitingCount > 0 || pool.idleCount < pool.totalCount) await new Promise((resolve) => setTimeout(resolve, 1));
}

interface Harness {
  clients: Client[];
  call(client: Client, name: string, args: Record<string, unknown>): Promise<Awaited<ReturnType<Client['callTool']>>>;
  close(): Promise<void>;
  token: string;
  keyFile: string;
}

/** The real endpoint: runtime, local HTTP host and MCP clients over streamable HTTP, as an agent talks to it. */
async function startHarness(target: BenchTarget, clientCount: number): Promise<Harness> {
  const keyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'zava-bench-')), 'key.json');
  const runtime = createRuntime({
    config: loadConfig({ AUTH_MODE: 'dev', DEV_ISSUER_KEY_FILE: keyFile }),
    logger: createLogger({ level: 'error', sink: () => undefined }),
    embedder,
    openDatabase: async () => borrowDatabase(target.database, { description: target.label, id: `bench:${target.label}`, kind: 'pglite' }),
  });
  const host = await startLocalHost(runtime, { port: 0 });
  const issuer = await loadDevIssuer(keyFile);
  const token = await issuer.issue({ sub: PRINCIPALS.regional.principalId });
  const clients: Client[] = [];
  for (let i = 0; i < clientCount; i++) {
    const client = new Client({ name: `bench-${i}`, version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${host.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );
    clients.push(client);
  }
  return {
    clients,
    token,
    keyFile,
    async call(client, name, args) {
      const result = await client.callTool({ name, arguments: args });
      if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
      return result;
    },
    async close() {
      for (const c of clients) await c.close();
      await host.close();
    },
  };
}

interface ToolRow {
  target: string;
  tool: string;
  p50_ms: number;
  p95_ms: number;
  round_trips: number;
  syncs: number;
  simple_queries: number;
  parses: number;
  bytes_to_db: number;
  bytes_from_db: number;
}

/** Per tool: latency, and what crossed the database wire per call (the cleanup after the answer included). */
async function toolLatency(target: BenchTarget, harness: Harness): Promise<ToolRow[]> {
  const client = harness.clients[0] as Client;
  const rows: ToolRow[] = [];
  for (const call of TOOL_CALLS) {
    for (let i = 0; i < 3; i++) await harness.call(client, call.name, call.args); // warm up (catalog facts cached, etc.)
    const times: number[] = [];
    const wires: TallySnapshot[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      await waitForIdle(target.database);
      target.tally.reset();
      const t = performance.now();
      await harness.call(client, call.name, call.args);
      times.push(performance.now() - t);
      await waitForIdle(target.database);
      wires.push(target.tally.snapshot());
    }
    const max = (key: 'roundTrips' | 'syncs' | 'queries' | 'parses') => Math.max(...wires.map((w) => w[key]));
    rows.push({
      target: target.label,
      tool: call.name,
      p50_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
      round_trips: max('roundTrips'),
      syncs: max('syncs'),
      simple_queries: max('queries'),
      parses: max('parses'),
      bytes_to_db: Math.round(median(wires.map((w) => w.bytesOut))),
      bytes_from_db: Math.round(median(wires.map((w) => w.bytesIn))),
    });
  }
  return rows;
}

/** The endpoint against the same SQL sent directly, interleaved call by call (alternating which goes first). */
async function overhead(target: BenchTarget, harness: Harness) {
  const client = harness.clients[0] as Client;
  const stores = PRINCIPALS.regional.storeIds;
  // Three paths, interleaved in rotating order: the endpoint; the same rows directly (the scope's filter written
  // out, so the database may plan it with the store ids known, e.g. an index scan); and the same SQL text
  // directly, as issue 11 phrases the baseline (unscoped: the superuser sees every store's rows).
  const series = {
    endpoint: { times: [] as number[], run: () => harness.call(client, 'execute_sales_query', { postgresql_query: SMALL_AGGREGATE }) },
    sameRows: { times: [] as number[], run: () => target.direct(SMALL_AGGREGATE_DIRECT, [stores]) },
    sameSql: { times: [] as number[], run: () => target.direct(SMALL_AGGREGATE, []) },
  };
  const paths = Object.values(series);
  const timed = async (path: (typeof paths)[number]) => {
    const t = performance.now();
    await path.run();
    path.times.push(performance.now() - t);
  };
  for (let i = 0; i < 5; i++) for (const path of paths) await timed(path); // warm every path
  for (const path of paths) path.times.length = 0;
  for (let i = 0; i < ITERATIONS * 2; i++) {
    for (let j = 0; j < paths.length; j++) await timed(paths[(i + j) % paths.length] as (typeof paths)[number]);
  }
  const p50 = (times: number[]) => percentile(times, 50);
  const e50 = p50(series.endpoint.times);
  return {
    target: target.label,
    calls_each: series.endpoint.times.length,
    endpoint_p50_ms: round(e50),
    endpoint_p95_ms: round(percentile(series.endpoint.times, 95)),
    same_rows_direct_p50_ms: round(p50(series.sameRows.times)),
    same_rows_direct_p95_ms: round(percentile(series.sameRows.times, 95)),
    same_sql_direct_p50_ms: round(p50(series.sameSql.times)),
    ratio_vs_same_rows_p50: round(e50 / p50(series.sameRows.times)),
    ratio_vs_same_sql_p50: round(e50 / p50(series.sameSql.times)),
  };
}

/** execute_sales_query calls per second with 1, 8 and 32 concurrent MCP clients (each its own HTTP connection). */
async function throughput(target: BenchTarget, harness: Harness) {
  const out: Array<{ target: string; clients: number; calls: number; calls_per_s: number; p50_ms: number; p95_ms: number }> = [];
  for (const n of [1, 8, 32]) {
    const clients = harness.clients.slice(0, n);
    const times: number[] = [];
    const started = performance.now();
    const deadline = started + THROUGHPUT_MS;
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          const t = performance.now();
          await harness.call(client, 'execute_sales_query', { postgresql_query: SMALL_AGGREGATE });
          times.push(performance.now() - t);
        }
      }),
    );
    const elapsed = performance.now() - started;
    out.push({
      target: target.label,
      clients: n,
      calls: times.length,
      calls_per_s: round((times.length / elapsed) * 1000, 1),
      p50_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
    });
    await waitForIdle(target.database);
  }
  return out;
}

/** Peak RSS of this process (it is the server) while answering a query that would return 900 million rows. */
/**
 * The server alone answering the huge query: a fresh process running the Functions entry (bench/cold-start.ts),
 * its own peak RSS (VmHWM, reset just before the call) while it answers. Needs a database another process can
 * reach (PostgreSQL); the embedded one lives inside this bench process.
 */
function serverAlonePeak(target: BenchTarget, harness: Harness) {
  if (!target.runtimeUrl) return undefined;
  const root = packageRoot();
  const child = spawnSync(process.execPath, [path.join(root, 'dist', 'bench', 'cold-start.js'), path.join(root, 'dist', 'bundle', 'http.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      AUTH_MODE: 'dev',
      DEV_ISSUER_KEY_FILE: harness.keyFile,
      BENCH_TOKEN: harness.token,
      BENCH_HUGE_QUERY: HUGE_QUERY,
      LOG_LEVEL: 'error',
      DATABASE_URL: target.runtimeUrl,
    },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (child.status !== 0) throw new Error(`server-alone huge query failed: ${child.stderr}`);
  const run = JSON.parse(child.stdout.trim().split('\n').pop() as string) as {
    huge: { status: number; rows: number; truncated: boolean; ms: number; rssBeforeMb: number; peakRssMb: number; peakReset: boolean };
  };
  return run.huge;
}

async function hugeQuery(target: BenchTarget, harness: Harness) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  const t = performance.now();
  const result = await harness.call(harness.clients[0] as Client, 'execute_sales_query', { postgresql_query: HUGE_QUERY, max_rows: 1000 });
  const ms = performance.now() - t;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const structured = result.structuredContent as { row_count?: number; truncated?: boolean } | undefined;
  return {
    target: target.label,
    rows_returned: structured?.row_count ?? null,
    truncated: structured?.truncated ?? null,
    ms: round(ms, 1),
    bench_process_rss_before_mb: round(before / 2 ** 20, 1),
    bench_process_rss_peak_mb: round(peak / 2 ** 20, 1),
    ...serverAloneColumns(serverAlonePeak(target, harness)),
  };
}

function serverAloneColumns(alone: ReturnType<typeof serverAlonePeak>) {
  if (!alone) return { server_alone_rows: 'n/a', server_alone_ms: 'n/a', server_alone_rss_before_mb: 'n/a', server_alone_peak_rss_mb: 'n/a' };
  return {
    server_alone_rows: alone.rows,
    server_alone_ms: round(alone.ms, 1),
    server_alone_rss_before_mb: round(alone.rssBeforeMb, 1),
    // VmHWM since the reset (or since the process started, where the reset is not possible)
    server_alone_peak_rss_mb: `${round(alone.peakRssMb, 1)}${alone.peakReset ? '' : ' (process peak)'}`,
  };
}

/** What an answer costs in bytes and (estimated) tokens per row, next to the reference's compact JSON. */
async function tokens(target: BenchTarget, harness: Harness) {
  const client = harness.clients[0] as Client;
  const out = [];
  for (const q of TOKEN_QUERIES) {
    const result = await harness.call(client, 'execute_sales_query', { postgresql_query: q.sql, max_rows: q.maxRows ?? 100 });
    const text = (result.content as Array<{ type: string; text?: string }>).filter((c) => c.type === 'text').map((c) => c.text ?? '');
    const structured = result.structuredContent as { columns: Array<{ name: string } | string>; rows: Array<unknown[] | Record<string, unknown>> };
    const rows = structured.rows.length;
    const columns = structured.columns.map((c) => (typeof c === 'string' ? c : c.name));
    // The reference sample's shape: column names once, rows as arrays.
    const arrays = structured.rows.map((r) => (Array.isArray(r) ? r : columns.map((c) => r[c] ?? null)));
    const compact = JSON.stringify({ c: columns, r: arrays, n: rows });
    const textBytes = Buffer.byteLength(text.join('\n'));
    const structuredBytes = Buffer.byteLength(JSON.stringify(structured));
    const wireBytes = Buffer.byteLength(JSON.stringify({ content: result.content, structuredContent: result.structuredContent }));
    // Estimate: 4 characters per token (OpenAI's and Anthropic's rule of thumb for English and code; digits and
    // punctuation tokenise a little worse, so this is a floor for numeric tables).
    const perRow = (bytes: number) => round(bytes / 4 / Math.max(rows, 1), 1);
    out.push({
      target: target.label,
      query: q.name,
      rows,
      columns: columns.length,
      text_bytes: textBytes,
      structured_bytes: structuredBytes,
      result_bytes: wireBytes,
      reference_compact_bytes: Buffer.byteLength(compact),
      text_tokens_per_row: perRow(textBytes),
      structured_tokens_per_row: perRow(structuredBytes),
      both_tokens_per_row: perRow(textBytes + structuredBytes),
      reference_tokens_per_row: perRow(Buffer.byteLength(compact)),
    });
  }
  return out;
}

/** Fresh processes importing the bundled entry the host loads (dist/bundle/http.js), calling its MCP handler until the first answered tools/list. */
function coldStart(target: BenchTarget, harness: Harness) {
  const root = packageRoot();
  const script = path.join(root, 'dist', 'bench', 'cold-start.js');
  const entry = path.join(root, 'dist', 'bundle', 'http.js');
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    AUTH_MODE: 'dev',
    DEV_ISSUER_KEY_FILE: harness.keyFile,
    BENCH_TOKEN: harness.token,
    LOG_LEVEL: 'error',
    ...(target.runtimeUrl ? { DATABASE_URL: target.runtimeUrl } : {}),
  };
  const runs: Array<{
    status: number;
    tools: number;
    bootMs: number;
    functionsLibMs: number;
    importMs: number;
    answeredMs: number;
    cpuMs: number;
    rssMb: number;
  }> = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    // BENCH_COLD_PROFILE=<dir>: each process also writes a V8 CPU profile there (where a cold start's time goes).
    const profile = process.env.BENCH_COLD_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_COLD_PROFILE}`] : [];
    const child = spawnSync(process.execPath, [...profile, script, entry], { env, encoding: 'utf8', timeout: 60_000 });
    if (child.status !== 0) throw new Error(`cold start failed: ${child.stderr}`);
    runs.push(JSON.parse(child.stdout.trim().split('\n').pop() as string));
  }
  const m = (key: 'bootMs' | 'functionsLibMs' | 'importMs' | 'answeredMs' | 'cpuMs' | 'rssMb') => round(median(runs.map((r) => r[key])), 1);
  return {
    target: target.label,
    processes: runs.length,
    status: runs.map((r) => r.status),
    tools_listed: runs[0]?.tools,
    median_node_boot_ms: m('bootMs'),
    median_functions_lib_ms: m('functionsLibMs'),
    median_import_done_ms: m('importMs'),
    median_first_tools_list_ms: m('answeredMs'),
    all_first_tools_list_ms: runs.map((r) => round(r.answeredMs, 1)),
    median_cpu_ms: m('cpuMs'),
    median_rss_mb: m('rssMb'),
  };
}

async function measureTarget(target: BenchTarget, withColdStart: boolean) {
  const harness = await startHarness(target, 32);
  try {
    const tools = section('tools') ? await toolLatency(target, harness) : [];
    const ratio = section('overhead') ? await overhead(target, harness) : undefined;
    const rate = section('throughput') ? await throughput(target, harness) : [];
    const huge = section('huge') ? await hugeQuery(target, harness) : undefined;
    const answer = section('tokens') ? await tokens(target, harness) : [];
    const cold = withColdStart && section('cold') ? coldStart(target, harness) : undefined;
    return { tools, ratio, rate, huge, answer, cold };
  } finally {
    await harness.close();
  }
}

/** The embedded database as npm start runs it (PGlite in a worker behind the watchdog), seeded at scale 0.1. */
async function embeddedTarget(): Promise<BenchTarget & { seedMs: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zava-bench-pglite-'));
  const host = await EmbeddedHost.start({ dataDir });
  const tap = tapEmbeddedHost(host);
  // The tap has the two members the node-postgres adapter uses (execProtocolStream, waitReady).
  const opened = await openPool({ kind: 'pglite', pglite: tap.host as EmbeddedHost });
  await migrate(opened.pool);
  const database = new Database(opened.pool, dbOptions);
  const seedStarted = Date.now();
  await seedSample(database, { scale: 0.1, seed: 42, embedder });
  const seedMs = Date.now() - seedStarted;
  host.statementLimitMs = dbOptions.statementTimeoutMs;
  return {
    label: 'pglite (worker)',
    database,
    tally: tap.tally,
    seedMs,
    direct: (sql, params) => host.admin(sql, params),
    close: async () => {
      await opened.close();
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A migrated, seeded PostgreSQL served as in production (runtime login, through the bridge), behind the counting proxy. */
async function postgresTarget(ownerUrl: string): Promise<BenchTarget> {
  const served = await prepareOwnerDatabase(loadConfig({ AUTH_MODE: 'dev', DATABASE_OWNER_URL: ownerUrl }), silentLogger);
  if (!served.DATABASE_URL) throw new Error('The runtime login could not be prepared.');
  const url = new URL(served.DATABASE_URL);
  const proxy = await startPgWireProxy({ host: url.hostname, port: Number(url.port || 5432) });
  const proxied = new URL(url);
  proxied.port = String(proxy.port);
  const opened: OpenPool = await openPool({ kind: 'url', url: proxied.toString(), bridge: 'auto', poolMax: 4 });
  // Direct: node-postgres (the client inside the Neon driver) on a plain TCP socket, as the superuser with the
  // store filter written out (RLS would otherwise show it nothing without a scope).
  const admin = new URL(ownerUrl);
  admin.username = process.env.BENCH_ADMIN_USER ?? 'postgres';
  admin.password = '';
  // This driver build takes a socket instance as `stream` (its types declare a factory, as newer node-postgres does).
  // Through the same counting proxy as the endpoint: the proxy is the bench's instrument, not part of the product's
  // path, so both sides pay its hop (the endpoint's WebSocket bridge is the product's, and stays on its side).
  admin.hostname = '127.0.0.1';
  admin.port = String(proxy.port);
  const config = { connectionString: admin.toString(), stream: new net.Socket() };
  const direct = new PgClient(config as unknown as ConstructorParameters<typeof PgClient>[0]);
  await direct.connect();
  await direct.query('SET search_path = retail, public');
  return {
    label: 'postgres (bridge)',
    database: new Database(opened.pool, dbOptions),
    tally: proxy.tally,
    runtimeUrl: served.DATABASE_URL,
    direct: (sql, params) => direct.query(sql, params),
    close: async () => {
      await direct.end();
      await opened.close();
      await proxy.close();
    },
  };
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

function table(rows: Array<Record<string, unknown>>): string {
  const first = rows[0];
  if (!first) return '(none)\n';
  const keys = Object.keys(first);
  const cell = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));
  return [
    `| ${keys.join(' | ')} |`,
    `|${keys.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${keys.map((k) => cell(r[k])).join(' | ')} |`),
  ].join('\n');
}

async function main() {
  const started = Date.now();
  const embedded = await embeddedTarget();
  const quality = await searchQuality(embedded.database);
  const targets: BenchTarget[] = [embedded];
  const ownerUrl = process.env.BENCH_DATABASE_URL;
  if (ownerUrl) targets.push(await postgresTarget(ownerUrl));
  const results = [];
  for (const target of targets) results.push(await measureTarget(target, target.runtimeUrl !== undefined));
  const guard = await guardCost();
  const analytics = await analyticsBench(); // null unless BENCH_ANALYTICS_DATABASE_URL is set
  const cpu = os.cpus();
  const report = {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${os.type()} ${os.release()}`,
      cpus: cpu.length,
      cpu: cpu[0]?.model,
      load: os.loadavg().map((l) => round(l, 1)),
    },
    iterations: ITERATIONS,
    seed_scale_0_1_ms: embedded.seedMs,
    search_quality: quality,
    tool_calls: results.flatMap((r) => r.tools),
    overhead: results.map((r) => r.ratio).filter((r) => r !== undefined),
    throughput: results.flatMap((r) => r.rate),
    huge_query: results.map((r) => r.huge).filter((r) => r !== undefined),
    tokens: results.flatMap((r) => r.answer),
    cold_start: results.map((r) => r.cold).filter((c) => c !== undefined),
    sql_guard: guard,
    analytics,
    total_ms: Date.now() - started,
  };
  const dir = path.join(packageRoot(), 'bench', 'out');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);

  const print = (s: string) => process.stdout.write(`${s}\n`);
  print(`\n## Search quality (${quality.queries} labelled queries, ${quality.embedder})\n`);
  print('| ranking | hit@5 | hit@10 | MRR |\n|---|---|---|---|');
  for (const [name, q] of Object.entries(quality.rankings)) print(`| ${name} | ${q.hitAt5} | ${q.hitAt10} | ${q.mrr} |`);
  print(`\n## Tool calls through HTTP + MCP client (${ITERATIONS} calls each, regional manager; wire counts per call)\n`);
  print(table(report.tool_calls as unknown as Array<Record<string, unknown>>));
  print('\n## Endpoint vs the same SQL sent directly (interleaved)\n');
  print(table(report.overhead));
  print(`\n## Throughput, execute_sales_query (${THROUGHPUT_MS} ms per level)\n`);
  print(table(report.throughput));
  print('\n## 900-million-row query (max_rows 1000)\n');
  print(table(report.huge_query));
  print('\n## Bytes and tokens per row (tokens ~ bytes / 4)\n');
  print(table(report.tokens));
  print(`\n## Cold start (fresh processes, dist/bundle/http.js, first tools/list)\n`);
  print(table(report.cold_start as unknown as Array<Record<string, unknown>>));
  print(`\n## SQL guard\n\n${guard.checks} checks: p50 ${guard.p50_us} µs, p95 ${guard.p95_us} µs\n`);
  if (analytics) print(analyticsTable(analytics));
  print(`Written to bench/out/report.json in ${Math.round(report.total_ms / 1000)} s.`);
  for (const target of targets) await target.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
