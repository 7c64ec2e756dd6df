// The analytics section of `npm run bench` (alone: `npm run bench:analytics`): the six business tools at full scale
// on PostgreSQL as head office over a year, through the real endpoint (runtime, local HTTP host, MCP client over
// streamable HTTP) and, to show what the transport costs, through the tool runner in process (a request context
// and the runner's steps, as the MCP handler calls them). Uncached: a runtime whose cache stores nothing, so every
// call computes (checked: a new computed_at each call). Cached: a runtime with the in-memory cache, measured on the
// second and later identical calls (checked: the first call's computed_at, and the cache's hit count). Round trips
// per call are counted at the wire by bench/wire-proxy.ts: client flights (median and max) and the Syncs and simple
// Queries, each of which the client waits on. Runs when BENCH_ANALYTICS_DATABASE_URL is the owner's URL of a
// database seeded with --scale 1 (migrated first, as npm start does). Method and latest numbers: docs/performance.md.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { z } from 'zod';
import { createRequestContext } from '../src/app/request-context.js';
import { createRuntime } from '../src/app/runtime.js';
import { loadDevIssuer } from '../src/auth/dev-issuer.js';
import { openPool } from '../src/data/connect.js';
import { Database } from '../src/data/database.js';
import { borrowDatabase } from '../src/data/open-database.js';
import { startLocalHost } from '../src/local/host.js';
import { prepareOwnerDatabase } from '../src/local/owner-database.js';
import type { Cache } from '../src/platform/cache/cache.js';
import { createMemoryCache } from '../src/platform/cache/memory-cache.js';
import { createNoCache } from '../src/platform/cache/no-cache.js';
import { loadConfig } from '../src/platform/config.js';
import { LocalEmbedder } from '../src/platform/embeddings/local-embedder.js';
import { createLogger, silentLogger } from '../src/platform/logger.js';
import { createToolRunner, defaultSteps } from '../src/protocol/tool-runner.js';
import { ANALYTICS_TOOLS } from '../src/protocol/tools/analytics-tools.js';
import { PRINCIPALS } from '../src/seed/stores.js';
import { startPgWireProxy, type WireTally } from './wire-proxy.js';

const ITERATIONS = Number(process.env.BENCH_ANALYTICS_ITERATIONS ?? 30);
const PERIOD = process.env.BENCH_ANALYTICS_PERIOD ?? '2025';

/** One call per tool (the acceptance rows), then variants that take the other paths through the summaries. */
export const ANALYTICS_CALLS: Array<{ tool: string; args: Record<string, unknown> }> = [
  { tool: 'get_store_performance', args: { period: PERIOD } },
  { tool: 'get_sales_trends', args: { period: PERIOD, granularity: 'month', group_by: 'category' } },
  { tool: 'get_top_products', args: { period: PERIOD, metric: 'revenue' } },
  { tool: 'get_inventory_alerts', args: {} },
  { tool: 'get_customer_insights', args: { period: PERIOD } },
  { tool: 'compare_stores', args: { period: PERIOD, metric: 'revenue' } },
  { tool: 'get_sales_trends', args: { period: PERIOD, granularity: 'week', group_by: 'store' } },
  { tool: 'get_top_products', args: { period: `${PERIOD}-01-15..${PERIOD}-11-20`, metric: 'gross_margin', limit: 50 } },
  { tool: 'compare_stores', args: { period: PERIOD, metric: 'customers' } },
];

export interface AnalyticsRow {
  tool: string;
  args: string;
  uncached_p50_ms: number;
  uncached_p95_ms: number;
  cached_p50_ms: number;
  cached_p95_ms: number;
  /** The same calls through the tool runner in process (request context, runner steps, cache), without HTTP and MCP. */
  runner_uncached_p50_ms: number;
  runner_cached_p50_ms: number;
  /** Client flights per uncached call (median, and the most any call took) and its Syncs (pipelines). */
  round_trips_uncached: number;
  round_trips_uncached_max: number;
  syncs_uncached: number;
  round_trips_cached: number;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const round = (n: number) => Math.round(n * 100) / 100;

type Call = (tool: string, args: Record<string, unknown>) => Promise<string>;

interface Endpoint {
  cache: Cache;
  /** One call through HTTP and the MCP client; throws on an error result. Returns its computed_at. */
  call: Call;
  /** One call as the MCP handler makes it after the transport: a request context and the runner's steps. */
  runnerCall: Call;
  close(): Promise<void>;
}

async function startEndpoint(database: Database, cache: Cache, label: string): Promise<Endpoint> {
  const keyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'zava-bench-analytics-')), 'key.json');
  const runtime = createRuntime({
    config: loadConfig({ AUTH_MODE: 'dev', DEV_ISSUER_KEY_FILE: keyFile }),
    logger: createLogger({ level: 'error', sink: () => undefined }),
    embedder: new LocalEmbedder({ dimensions: 1536 }),
    cache,
    openDatabase: async () => borrowDatabase(database, { description: label, id: `bench-analytics:${label}`, kind: 'bridge' }),
  });
  const host = await startLocalHost(runtime, { port: 0 });
  const token = await (await loadDevIssuer(keyFile)).issue({ sub: PRINCIPALS.headoffice.principalId });
  const client = new Client({ name: `bench-analytics-${label}`, version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${host.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
  );
  const principal = { id: PRINCIPALS.headoffice.principalId, scopes: [], kind: 'user' as const, issuer: 'bench' };
  const answer = (tool: string, result: Awaited<ReturnType<Client['callTool']>>) => {
    if (result.isError) throw new Error(`${tool} failed: ${JSON.stringify(result.content)}`);
    return String((result.structuredContent as { computed_at?: string } | undefined)?.computed_at);
  };
  return {
    cache,
    call: async (tool, args) => answer(tool, await client.callTool({ name: tool, arguments: args })),
    async runnerCall(tool, args) {
      const definition = ANALYTICS_TOOLS.find((t) => t.name === tool);
      if (!definition) throw new Error(`unknown tool ${tool}`);
      const ctx = createRequestContext(runtime, { principal, database: await runtime.database(), logger: runtime.logger });
      const runner = createToolRunner(defaultSteps({ cacheTtlSeconds: runtime.config.CACHE_TTL_SECONDS }));
      return answer(tool, await runner.run(definition, z.object(definition.inputSchema).parse(args), ctx));
    },
    async close() {
      await client.close();
      await host.close();
      await runtime.close();
    },
  };
}

async function waitForIdle(database: Database): Promise<void> {
  const pool = database.pool as unknown as { totalCount: number; idleCount: number; waitingCount: number };
  while (pool.waitingCount > 0 || pool.idleCount < pool.totalCount) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** ITERATIONS calls, each from an idle pool to an idle pool: durations and what crossed the wire per call. */
async function measure(call: Call, database: Database, tally: WireTally, tool: string, args: Record<string, unknown>) {
  const times: number[] = [];
  const stamps: string[] = [];
  const flights: number[] = [];
  const syncs: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    await waitForIdle(database);
    tally.reset();
    const started = performance.now();
    stamps.push(await call(tool, args));
    times.push(performance.now() - started);
    await waitForIdle(database);
    const wire = tally.snapshot();
    flights.push(wire.roundTrips);
    syncs.push(wire.syncs + wire.queries);
  }
  return { times, stamps, flights, syncs };
}

/** The section: null without BENCH_ANALYTICS_DATABASE_URL. */
export async function analyticsBench(ownerUrl = process.env.BENCH_ANALYTICS_DATABASE_URL): Promise<AnalyticsRow[] | null> {
  if (!ownerUrl) return null;
  const served = await prepareOwnerDatabase(loadConfig({ AUTH_MODE: 'dev', DATABASE_OWNER_URL: ownerUrl }), silentLogger);
  if (!served.DATABASE_URL) throw new Error('The runtime login could not be prepared.');
  const url = new URL(served.DATABASE_URL);
  const proxy = await startPgWireProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(proxy.port);
  const opened = await openPool({ kind: 'url', url: url.toString(), bridge: 'auto', poolMax: 4 });
  const database = new Database(opened.pool, { statementTimeoutMs: 10_000, maxConcurrent: 4, queueTimeoutMs: 60_000, logger: silentLogger });
  const uncached = await startEndpoint(database, createNoCache(), 'uncached');
  const cached = await startEndpoint(database, createMemoryCache(), 'cached');
  const rows: AnalyticsRow[] = [];
  try {
    for (const { tool, args } of ANALYTICS_CALLS) {
      for (let i = 0; i < 3; i++) await uncached.call(tool, args); // warm the connections, plans and scope memo
      const cold = await measure(uncached.call, database, proxy.tally, tool, args);
      const coldRunner = await measure(uncached.runnerCall, database, proxy.tally, tool, args);
      for (const stamps of [cold.stamps, coldRunner.stamps]) {
        if (new Set(stamps).size !== stamps.length) throw new Error(`${tool}: an uncached call repeated a computed_at`);
      }
      const first = await cached.call(tool, args);
      const hitsBefore = cached.cache.stats().hits;
      const warm = await measure(cached.call, database, proxy.tally, tool, args);
      const warmRunner = await measure(cached.runnerCall, database, proxy.tally, tool, args);
      const stamps = [...warm.stamps, ...warmRunner.stamps];
      if (stamps.some((s) => s !== first) || cached.cache.stats().hits - hitsBefore !== stamps.length) {
        throw new Error(`${tool}: a cached call was not a hit`);
      }
      rows.push({
        tool,
        args: JSON.stringify(args),
        uncached_p50_ms: round(percentile(cold.times, 50)),
        uncached_p95_ms: round(percentile(cold.times, 95)),
        cached_p50_ms: round(percentile(warm.times, 50)),
        cached_p95_ms: round(percentile(warm.times, 95)),
        runner_uncached_p50_ms: round(percentile(coldRunner.times, 50)),
        runner_cached_p50_ms: round(percentile(warmRunner.times, 50)),
        round_trips_uncached: percentile(cold.flights, 50),
        round_trips_uncached_max: Math.max(...cold.flights),
        syncs_uncached: Math.max(...cold.syncs),
        round_trips_cached: Math.max(...warm.flights),
      });
    }
  } finally {
    await uncached.close();
    await cached.close();
    await opened.close();
    await proxy.close();
  }
  return rows;
}

/** The section as a Markdown table, with the setting in its heading. */
export function analyticsTable(rows: readonly AnalyticsRow[]): string {
  const head = `## Analytics tools at full scale (PostgreSQL, head office, ${ITERATIONS} calls each; round trips per call at the wire)\n`;
  const keys = Object.keys(rows[0] ?? {}) as Array<keyof AnalyticsRow>;
  const lines = [`| ${keys.join(' | ')} |`, `|${keys.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${keys.map((k) => r[k]).join(' | ')} |`)];
  return `${head}\n${lines.join('\n')}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  analyticsBench()
    .then((rows) => {
      if (!rows) throw new Error('Set BENCH_ANALYTICS_DATABASE_URL to the owner URL of a database seeded with --scale 1.');
      const load = os.loadavg().map((l) => l.toFixed(1));
      process.stdout.write(`${new Date().toISOString()}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), load ${load.join(' ')}\n\n`);
      process.stdout.write(analyticsTable(rows));
    })
    .catch((error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
