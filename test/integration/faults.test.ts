// Faults under load, against the REAL PostgreSQL only: the server reaches it through the fault proxy while 12 MCP
// clients of three scopes (store manager, regional manager, head office) call tools in a loop. Sessions killed by
// pg_terminate_backend, then every connection cut and new ones refused for ~3 s (a compute restart): every call
// succeeds (after retries), within 5 s of the database coming back, no answer in the wrong scope, no HTTP 5xx.
// Then the embeddings service dies: search fails fast once the breaker is open, SQL keeps working, readiness 503.

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETRY_METRIC } from '../../src/app/scope-retry.js';
import { openDatabase, type DatabaseHandle } from '../../src/data/open-database.js';
import { createNoCache } from '../../src/platform/cache/no-cache.js';
import { AzureOpenAIEmbedder } from '../../src/platform/embeddings/azure-openai-embedder.js';
import { noopTelemetry, type Telemetry } from '../../src/platform/telemetry.js';
import { PRINCIPALS, type PrincipalKey } from '../../src/seed/stores.js';
import { FakeAzureOpenAI, type RunningFake } from '../support/fake-azure-openai.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { adminUrl, type TestTarget } from '../support/targets.js';
import { dbOptions, testRuntimeUrl } from '../support/template.js';
import { rowObjects } from '../support/tool-call.js';

const url = process.env.TEST_DATABASE_URL;

/** Counts what the server reports (retries by reason); spans are not needed here. */
function countingTelemetry(): Telemetry & { total(name: string): number } {
  const totals = new Map<string, number>();
  return {
    ...noopTelemetry,
    count: (name, value = 1) => void totals.set(name, (totals.get(name) ?? 0) + value),
    total: (name) => totals.get(name) ?? 0,
  };
}

interface CallRecord {
  who: PrincipalKey;
  startedAt: number;
  endedAt: number;
  ok: boolean;
  error?: string;
  wrongScope: boolean;
}

const SCOPES: PrincipalKey[] = ['seattle', 'regional', 'headoffice'];
const CLIENTS_PER_SCOPE = 4;
/** Two statements that read scoped rows and name their stores: any row outside the caller's scope shows here. */
const QUERIES = [
  'SELECT store_id, count(*)::int AS orders FROM retail.orders GROUP BY store_id ORDER BY store_id',
  'SELECT store_id, count(*)::int AS lines FROM retail.order_items GROUP BY store_id ORDER BY store_id',
];

function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

describe.skipIf(!url)('faults under load (real PostgreSQL through the fault proxy; skipped without TEST_DATABASE_URL)', () => {
  let proxy: FaultProxy;
  let handle: DatabaseHandle;
  let admin: DatabaseHandle;
  let fake: RunningFake;
  let server: TestServer;
  const telemetry = countingTelemetry();
  const statuses: number[] = [];

  beforeAll(async () => {
    const target = new URL(url as string);
    proxy = await startFaultProxy({ upstreamHost: target.hostname, upstreamPort: Number(target.port || 5432) });
    handle = await openDatabase(
      { kind: 'url', url: proxy.route(testRuntimeUrl(url as string)), bridge: 'on', poolMax: 8 },
      { ...dbOptions, maxConcurrent: 8 },
    );
    admin = await openDatabase({ kind: 'url', url: adminUrl(url as string), bridge: 'on', poolMax: 1 }, dbOptions);
    fake = await new FakeAzureOpenAI({ apiKey: 'fault-test-key' }).start();
    const testTarget: TestTarget = {
      name: 'postgres',
      database: handle.database,
      handle,
      admin: async (sql, params) => (await admin.pool.query(sql, params)).rows as never,
      close: async () => undefined,
    };
    server = await startTestServer(testTarget, {
      telemetry,
      cache: createNoCache(), // every call must reach the database
      // Few embedder retries, so the breaker opens within a few seconds of the service dying.
      embedder: new AzureOpenAIEmbedder({
        endpoint: fake.url,
        apiKey: 'fault-test-key',
        deployment: 'text-embedding-3-small',
        maxRetries: 1,
        initialBackoffMs: 20,
        timeoutMs: 2000,
      }),
      env: {
        EMBEDDINGS_PROVIDER: 'azure-openai',
        AZURE_OPENAI_ENDPOINT: fake.url,
        EMBEDDINGS_BREAKER_FAILURES: '3',
        EMBEDDINGS_BREAKER_OPEN_MS: '30000',
        MAX_CONCURRENT_QUERIES: '8',
        CACHE_TTL_SECONDS: '0',
      },
    });
    await server.runtime.database();
  });

  afterAll(async () => {
    await server?.close();
    await fake?.close().catch(() => undefined);
    await handle?.close();
    await admin?.close();
    await proxy?.close();
  });

  async function countingClient(who: PrincipalKey): Promise<Client> {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const client = new Client({ name: `fault-${who}`, version: '1.0.0' });
    const token = await server.token(who);
    const transport = new StreamableHTTPClientTransport(new URL(server.mcpUrl), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        statuses.push(response.status);
        return response;
      },
    });
    await client.connect(transport);
    return client;
  }

  /** One client calling execute_sales_query in a loop until `running()` turns false; records every call. */
  async function loop(client: Client, who: PrincipalKey, running: () => boolean, records: CallRecord[]): Promise<void> {
    const allowed = new Set(PRINCIPALS[who].storeIds);
    for (let i = 0; running(); i++) {
      const startedAt = Date.now();
      let record: CallRecord;
      try {
        const result = (await client.callTool({
          name: 'execute_sales_query',
          arguments: { postgresql_query: QUERIES[i % QUERIES.length] },
        })) as CallToolResult;
        const rows = rowObjects(result.structuredContent) as Array<{ store_id: number }>;
        const wrongScope = rows.some((r) => !allowed.has(Number(r.store_id)));
        record = { who, startedAt, endedAt: Date.now(), ok: !result.isError && rows.length > 0, wrongScope };
        if (result.isError) record.error = textOf(result);
      } catch (error) {
        record = { who, startedAt, endedAt: Date.now(), ok: false, wrongScope: false, error: String(error) };
      }
      records.push(record);
    }
  }

  it('12 clients of three scopes ride out killed sessions and a 3 s outage', async () => {
    const clients = await Promise.all(
      SCOPES.flatMap((who) => Array.from({ length: CLIENTS_PER_SCOPE }, () => countingClient(who).then((c) => ({ who, c })))),
    );
    expect(clients).toHaveLength(12);
    const records: CallRecord[] = [];
    let running = true;
    const loops = clients.map(({ who, c }) => loop(c, who, () => running, records));
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    // Phase 1: kill the server's sessions, twice, while calls are in flight.
    await sleep(1500);
    const retriesBefore = telemetry.total(RETRY_METRIC);
    const killed: number[] = [];
    for (let round = 0; round < 2; round++) {
      const rows = (
        await admin.pool.query(
          `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS killed
           FROM pg_stat_activity WHERE datname = current_database() AND usename = 'zava_app' AND pid <> pg_backend_pid()`,
        )
      ).rows as Array<{ killed: number }>;
      killed.push(rows[0]?.killed ?? 0);
      await sleep(1000);
    }
    const killRetries = telemetry.total(RETRY_METRIC) - retriesBefore;
    await sleep(500);

    // Phase 2: a compute restart: every connection cut, new ones refused for 3 s.
    const outageStart = Date.now();
    const retriesBeforeOutage = telemetry.total(RETRY_METRIC);
    await proxy.refuseFor(3000);
    const back = Date.now();
    await sleep(6000);
    running = false;
    await Promise.all(loops);
    const outageRetries = telemetry.total(RETRY_METRIC) - retriesBeforeOutage;
    await Promise.all(clients.map(({ c }) => c.close()));

    const failures = records.filter((r) => !r.ok);
    const inFlightAtBack = records.filter((r) => r.startedAt < back && r.endedAt > back);
    const recoveryMs = Math.max(0, ...inFlightAtBack.map((r) => r.endedAt - back));
    const firstSuccessAfterBack = Math.min(...records.filter((r) => r.ok && r.endedAt >= back).map((r) => r.endedAt)) - back;
    const summary = {
      calls: records.length,
      killed_sessions: killed,
      retries_after_kills: killRetries,
      retries_during_outage: outageRetries,
      outage_ms: back - outageStart,
      calls_in_flight_when_back: inFlightAtBack.length,
      max_recovery_ms: recoveryMs,
      first_success_after_back_ms: firstSuccessAfterBack,
      proxy_connections: proxy.accepted,
      http_statuses: [...new Set(statuses)].sort(),
    };
    process.stderr.write(`faults under load: ${JSON.stringify(summary)}\n`);

    expect(failures.map((f) => `${f.who}: ${f.error}`)).toEqual([]);
    expect(records.filter((r) => r.wrongScope)).toEqual([]);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(records.length).toBeGreaterThan(100);
    for (const who of SCOPES) expect(records.filter((r) => r.who === who && r.ok).length).toBeGreaterThan(10);
    expect(killed.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // Calls in flight during the kills needed a retry to succeed; the outage needed many.
    expect(killRetries).toBeGreaterThan(0);
    expect(outageRetries).toBeGreaterThan(0);
    expect(inFlightAtBack.length).toBeGreaterThan(0);
    expect(recoveryMs).toBeLessThan(5000);
    expect(firstSuccessAfterBack).toBeLessThan(5000);
  }, 60_000);

  it('embeddings dead: search fails fast once the breaker is open, SQL keeps working, readiness 503 names embeddings', async () => {
    const client = await countingClient('regional');
    const search = () =>
      client.callTool({ name: 'semantic_search_products', arguments: { query_description: 'cordless drill' } }) as Promise<CallToolResult>;
    const alive = await search();
    expect(alive.isError).toBeFalsy();

    await fake.close();
    // Three failed calls open the breaker (each already retried once inside the embedder).
    const failed = await Promise.all([search(), search(), search()]);
    for (const result of failed) expect(result.isError).toBe(true);

    const started = performance.now();
    const refused = await search();
    const latency = performance.now() - started;
    process.stderr.write(`breaker open: search refused in ${latency.toFixed(1)} ms\n`);
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/EMBEDDINGS_UNAVAILABLE/);
    expect(textOf(refused)).toMatch(/temporarily unavailable.*in about \d+ s/);
    expect(textOf(refused)).toMatch(/retry semantic_search_products in about \d+ seconds/);
    expect(latency).toBeLessThan(200);

    const sql = (await client.callTool({ name: 'execute_sales_query', arguments: { postgresql_query: QUERIES[0] } })) as CallToolResult;
    expect(sql.isError).toBeFalsy();

    const ready = await fetch(`${server.url}/api/health/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(body.status).toBe('not_ready');
    expect(body.checks.embeddings?.status).toBe('error');
    expect(body.checks.database?.status).toBe('ok');
    expect(body.checks.migrations?.status).toBe('ok');
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|fault-test-key/);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    await client.close();
  }, 60_000);
});
