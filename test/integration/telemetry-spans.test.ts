// The embeddings span and the pool gauges, through the real endpoint and OpenTelemetry's in-memory exporters: a
// semantic_search_products call against the fake Azure OpenAI service gives an embeddings client span under the
// tool span (documented attributes, no query text, no key); a failing service gives error spans and failure counts,
// then refused calls once the breaker opens; the pool gauges report the driver's counts on every target.

import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { metrics as sdkMetrics, node, tracing } from '@opentelemetry/sdk-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { observePool } from '../../src/app/pool-metrics.js';
import { createNoCache } from '../../src/platform/cache/no-cache.js';
import { AzureOpenAIEmbedder } from '../../src/platform/embeddings/azure-openai-embedder.js';
import type { Telemetry } from '../../src/platform/telemetry.js';
import { createOtelTelemetry } from '../../src/platform/telemetry/otel-telemetry.js';
import { ATTR, METRIC } from '../../src/platform/telemetry/semconv.js';
import { PRINCIPALS } from '../../src/seed/stores.js';
import { FakeAzureOpenAI, type RunningFake } from '../support/fake-azure-openai.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openTarget, TARGET_NAMES, type TestTarget } from '../support/targets.js';
import { callTool } from '../support/tool-call.js';

class TestReader extends sdkMetrics.MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const API_KEY = 'telemetry-spans-test-key';
const DEPLOYMENT = 'text-embedding-3-small';
const QUERY = 'cordless drill with a zebra striped grip';

const exporter = new tracing.InMemorySpanExporter();
let provider: InstanceType<typeof node.NodeTracerProvider>;
let meterProvider: InstanceType<typeof sdkMetrics.MeterProvider>;
let reader: TestReader;
let telemetry: Telemetry;

async function collected(name: string) {
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
}

/** Sum of a counter's points whose attributes include `match`. */
async function total(name: string, match: Record<string, unknown>): Promise<number> {
  const metric = await collected(name);
  return (metric?.dataPoints ?? [])
    .filter((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v))
    .reduce((sum, p) => sum + (p.value as number), 0);
}

beforeAll(() => {
  provider = new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });
  provider.register(); // the AsyncLocalStorage context manager: children find their parent across awaits
  reader = new TestReader();
  meterProvider = new sdkMetrics.MeterProvider({ readers: [reader] });
  telemetry = createOtelTelemetry({
    tracer: provider.getTracer('test'),
    meter: meterProvider.getMeter('test'),
    flush: async () => undefined,
    shutdown: async () => undefined,
  });
});
afterAll(async () => {
  await provider.shutdown();
  await meterProvider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
afterEach(() => exporter.reset());

describe('embeddings telemetry through the endpoint (fake Azure OpenAI)', () => {
  let fakeService: FakeAzureOpenAI;
  let fake: RunningFake;
  let target: TestTarget;
  let server: TestServer;

  beforeAll(async () => {
    fakeService = new FakeAzureOpenAI({ apiKey: API_KEY });
    fake = await fakeService.start();
    target = await openTarget('pglite');
    server = await startTestServer(target, {
      telemetry,
      cache: createNoCache(), // every call reaches the embedder
      embedder: new AzureOpenAIEmbedder({ endpoint: fake.url, apiKey: API_KEY, deployment: DEPLOYMENT, maxRetries: 1, initialBackoffMs: 5 }),
      env: {
        EMBEDDINGS_PROVIDER: 'azure-openai',
        AZURE_OPENAI_ENDPOINT: fake.url,
        AZURE_OPENAI_EMBEDDING_DEPLOYMENT: DEPLOYMENT,
        EMBEDDINGS_BREAKER_FAILURES: '2',
        EMBEDDINGS_BREAKER_OPEN_MS: '60000',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await target?.close();
    await fake?.close();
  });

  it('gives every MCP request a server span named by its method (tools/list, resources/read, prompts/get), with a database child where it reads', async () => {
    const client = await server.client('seattle');
    exporter.reset();
    await client.listTools();
    await client.readResource({ uri: 'zava://me/scope' });
    await client.getPrompt({ name: 'inventory_check', arguments: {} });
    const spans = exporter.getFinishedSpans();
    const byName = (name: string) => spans.filter((s) => s.name === name);
    const list = byName('tools/list');
    expect(list).toHaveLength(1);
    expect(list[0]?.kind).toBe(SpanKind.SERVER);
    expect(list[0]?.attributes).toMatchObject({ 'mcp.method.name': 'tools/list' });
    expect(typeof list[0]?.attributes['jsonrpc.request.id']).toBe('string');
    const read = byName('resources/read');
    expect(read).toHaveLength(1);
    expect(read[0]?.attributes).toMatchObject({ 'mcp.method.name': 'resources/read', 'mcp.resource.uri': 'zava://me/scope' });
    // my-scope reads the caller's stores: its database span is a child of the request span.
    const children = spans.filter((s) => s.parentSpanContext?.spanId === read[0]?.spanContext().spanId);
    expect(children.some((s) => s.kind === SpanKind.CLIENT && s.attributes['db.system.name'] === 'postgresql')).toBe(true);
    expect(byName('prompts/get inventory_check')[0]?.attributes).toMatchObject({ 'gen_ai.prompt.name': 'inventory_check' });
    // tools/call keeps the tool runner's one span: no second span for the same request.
    exporter.reset();
    await callTool(client, 'get_current_utc_date');
    expect(
      exporter
        .getFinishedSpans()
        .filter((s) => s.kind === SpanKind.SERVER)
        .map((s) => s.name),
    ).toEqual(['tools/call get_current_utc_date']);
    const duration = await collected(METRIC.mcpServerOperationDuration);
    expect(duration?.dataPoints.some((p) => p.attributes['mcp.method.name'] === 'resources/read')).toBe(true);
  });

  it('gives an embeddings client span under the tool span, with the GenAI attributes and no text or key', async () => {
    const client = await server.client('seattle');
    const out = await callTool(client, 'semantic_search_products', { query_description: QUERY, max_rows: 3 });
    expect(out.isError).not.toBe(true);

    const spans = exporter.getFinishedSpans();
    const tool = spans.find((s) => s.name === 'tools/call semantic_search_products');
    const embeddings = spans.filter((s) => s.name === `embeddings ${DEPLOYMENT}`);
    expect(embeddings).toHaveLength(1);
    const [span] = embeddings;
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.spanContext().traceId).toBe(tool?.spanContext().traceId);
    expect(span?.parentSpanContext?.spanId).toBe(tool?.spanContext().spanId);
    const port = Number(new URL(fake.url).port);
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'azure.ai.openai',
      'gen_ai.request.model': DEPLOYMENT,
      'gen_ai.embeddings.dimension.count': 1536,
      'zava.embeddings.inputs': 1,
      'server.address': '127.0.0.1',
      'server.port': port,
    });
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(span?.attributes['error.type']).toBeUndefined();
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);

    const everything = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes })));
    expect(everything).not.toContain('zebra');
    expect(everything).not.toContain(API_KEY);

    expect(await total(METRIC.embeddingsCalls, { [ATTR.embeddingsOutcome]: 'ok' })).toBe(1);
    const duration = await collected(METRIC.genAiClientOperationDuration);
    const point = duration?.dataPoints.find((p) => p.attributes['gen_ai.request.model'] === DEPLOYMENT);
    expect((point?.value as { count: number } | undefined)?.count).toBe(1);
    expect(point?.attributes).toMatchObject({ 'gen_ai.provider.name': 'azure.ai.openai', 'server.address': '127.0.0.1' });

    // The runtime registered its pool's gauges when it opened the database.
    const handle = await server.runtime.database();
    const connections = (await collected(METRIC.dbClientConnectionCount))?.dataPoints.filter(
      (p) => p.attributes['db.client.connection.pool.name'] === handle.poolName,
    );
    expect(connections?.map((p) => p.attributes['db.client.connection.state']).sort()).toEqual(['idle', 'used']);
  });

  it('marks failed calls as error spans and counts them, then counts refusals once the breaker opens', async () => {
    const client = await server.client('seattle');
    // Two calls, each failing twice (first attempt and its one retry): the breaker opens after the second.
    fakeService.enqueue({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    for (const query of ['garden hose reel', 'paint roller tray']) {
      const failed = await callTool(client, 'semantic_search_products', { query_description: query });
      expect(failed.isError).toBe(true);
      expect(failed.text).toMatch(/EMBEDDINGS_UNAVAILABLE/);
    }
    const refused = await callTool(client, 'semantic_search_products', { query_description: 'ladder' });
    expect(refused.isError).toBe(true);
    expect(server.runtime.embeddingsBreaker.state).toBe('open');

    const spans = exporter.getFinishedSpans().filter((s) => s.name === `embeddings ${DEPLOYMENT}`);
    expect(spans).toHaveLength(3);
    for (const span of spans) expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(spans.map((s) => s.attributes['error.type'])).toEqual(['EMBEDDINGS_UNAVAILABLE', 'EMBEDDINGS_UNAVAILABLE', 'circuit_open']);
    expect(spans.map((s) => s.attributes['zava.error.code'])).toEqual(['EMBEDDINGS_UNAVAILABLE', 'EMBEDDINGS_UNAVAILABLE', 'circuit_open']);
    const tools = exporter.getFinishedSpans().filter((s) => s.name === 'tools/call semantic_search_products');
    expect(spans.map((s) => s.parentSpanContext?.spanId)).toEqual(tools.map((t) => t.spanContext().spanId));

    expect(await total(METRIC.embeddingsCalls, { [ATTR.embeddingsOutcome]: 'error', [ATTR.errorType]: 'EMBEDDINGS_UNAVAILABLE' })).toBe(2);
    expect(await total(METRIC.embeddingsCalls, { [ATTR.embeddingsOutcome]: 'refused', [ATTR.errorType]: 'circuit_open' })).toBe(1);
    // The refusal never reached the service: one success and two failures timed, not the refusal.
    const duration = await collected(METRIC.genAiClientOperationDuration);
    const counts = (duration?.dataPoints ?? []).map((p) => [p.attributes['error.type'] ?? 'ok', (p.value as { count: number }).count]);
    expect(Object.fromEntries(counts)).toEqual({ ok: 1, EMBEDDINGS_UNAVAILABLE: 2 });
    // And the gauge says why: open.
    const circuit = await collected(METRIC.circuitState);
    expect(circuit?.dataPoints.find((p) => p.attributes['zava.circuit.name'] === 'embeddings')?.value).toBe(2);
  });
});

describe.each(TARGET_NAMES)('pool gauges on %s', (targetName) => {
  let target: TestTarget;

  beforeAll(async () => {
    target = await openTarget(targetName);
  });
  afterAll(async () => {
    await target?.close();
  });

  /** The pool's points of a gauge, by connection state (or '' for gauges without one). */
  async function gauge(name: string): Promise<Record<string, number>> {
    const metric = await collected(name);
    const points = (metric?.dataPoints ?? []).filter((p) => p.attributes['db.client.connection.pool.name'] === target.handle.poolName);
    return Object.fromEntries(points.map((p) => [String(p.attributes['db.client.connection.state'] ?? ''), p.value as number]));
  }

  it('reports used, idle, pending and max from the driver, with the pool name', async () => {
    expect(target.handle.poolName).not.toMatch(/@|password/i); // host:port/database, or embedded:<location>
    const stop = observePool(telemetry, target.handle);
    try {
      const principal = PRINCIPALS.seattle.principalId;
      await target.database.withTenantScope(principal, (scope) => scope.query('SELECT 1'));
      const { pool } = target.handle;
      // The rollback runs after the answer, off the critical path: wait for the connection to be back in the pool.
      while (pool.idleCount < pool.totalCount) await new Promise((r) => setTimeout(r, 5));
      expect(await gauge(METRIC.dbClientConnectionCount)).toEqual({ used: 0, idle: pool.totalCount });
      expect(pool.totalCount).toBeGreaterThanOrEqual(1);
      expect(await gauge(METRIC.dbClientConnectionMax)).toEqual({ '': pool.options.max });

      // Hold every connection of the pool, then ask for one more: it waits.
      const max = pool.options.max ?? 1;
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let entered = 0;
      const holders = Array.from({ length: max }, () =>
        target.database.withTenantScope(principal, async () => {
          entered++;
          await held;
        }),
      );
      while (entered < Math.min(max, 4)) await new Promise((r) => setTimeout(r, 10));
      const extra = target.database.withTenantScope(principal, async () => undefined);
      while (target.database.poolStats().pending === 0) await new Promise((r) => setTimeout(r, 10));

      const busy = await gauge(METRIC.dbClientConnectionCount);
      expect(busy.used).toBeGreaterThanOrEqual(1);
      expect(busy.used).toBe(entered);
      expect((await gauge(METRIC.dbClientConnectionPendingRequests))['']).toBeGreaterThanOrEqual(1);
      release();
      await Promise.all([...holders, extra]);
    } finally {
      stop();
    }
  });
});
