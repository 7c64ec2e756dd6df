// The OpenTelemetry implementation against OpenTelemetry's own SDK with in-memory exporters: span names, kinds,
// parents, attributes, error status, trace-context continuation, metric values, the attribute guard, bounded
// flush, log correlation; plus the configuration switch and the cold-start rule (no static OpenTelemetry import).

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { context, metrics as metricsApi, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { metrics as sdkMetrics, node, tracing } from '@opentelemetry/sdk-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { type Attributes, configuredExporters, noopTelemetry, type Telemetry } from '../../src/platform/telemetry.js';
import { createTelemetry } from '../../src/platform/telemetry/create-telemetry.js';
import { guardAttributes, guardSpanName } from '../../src/platform/telemetry/attribute-guard.js';
import { parseAuthenticationString } from '../../src/platform/telemetry/authentication-string.js';
import { activeTraceIds } from '../../src/platform/telemetry/log-correlation.js';
import { createOtelTelemetry, errorType } from '../../src/platform/telemetry/otel-telemetry.js';
import { ATTR, DB_OPERATION, METRIC, SPAN, VALUE } from '../../src/platform/telemetry/semconv.js';

class TestReader extends sdkMetrics.MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const exporter = new tracing.InMemorySpanExporter();
let provider: InstanceType<typeof node.NodeTracerProvider>;
let meterProvider: InstanceType<typeof sdkMetrics.MeterProvider>;
let reader: TestReader;
let telemetry: Telemetry;

function build(options: { legacyDbAttributes?: boolean; flush?: () => Promise<void> } = {}): Telemetry {
  return createOtelTelemetry({
    tracer: provider.getTracer('test'),
    meter: meterProvider.getMeter('test'),
    flush: options.flush ?? (async () => undefined),
    shutdown: async () => undefined,
    legacyDbAttributes: options.legacyDbAttributes ?? false,
  });
}

async function collected(name: string) {
  const { resourceMetrics } = await reader.collect();
  const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  return all.find((m) => m.descriptor.name === name);
}

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWF0dGxlIn0.c2lnbmF0dXJlLXRleHQ';
const SECRETS: Attributes = {
  'zava.token': 'abc123def456',
  'caller.header': `Bearer ${JWT}`,
  'zava.raw': JWT,
  'db.connection_string': 'postgresql://zava_app:s3cr3t-pw@db.example/zava',
  'zava.target': 'postgresql://zava_app:s3cr3t-pw@db.example/zava',
  'zava.cache.url': 'rediss://:r3d1s-k3y@zava.redis.cache.windows.net:6380',
  'zava.cache.url2': 'redis://r3d1s-k3y@127.0.0.1:6379/5',
  'user.password': 'hunter2hunter2',
  'enduser.email': 'jane.doe@zava.example',
  'zava.principal': 'jane.doe@zava.example',
  'db.query.text': 'SELECT * FROM retail.orders',
  'zava.query': 'SELECT customer_id FROM retail.customers WHERE 1=1',
  'zava.note': 'api_key=0123456789abcdef',
};
const SECRET_TEXTS = ['abc123def456', JWT, 's3cr3t-pw', 'r3d1s-k3y', 'hunter2', 'jane.doe@zava.example', 'SELECT', '0123456789abcdef'];

beforeAll(() => {
  provider = new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });
  // Registers the AsyncLocalStorage context manager and the W3C propagator globally, as the NodeSDK does.
  provider.register();
  reader = new TestReader();
  meterProvider = new sdkMetrics.MeterProvider({ readers: [reader] });
  telemetry = build();
});
afterEach(() => exporter.reset());
afterAll(async () => {
  await telemetry.shutdown(1000);
  await provider.shutdown();
  await meterProvider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
  metricsApi.disable();
});

describe('spans', () => {
  it('nests the MCP request, tool call and database spans with their kinds and attributes', async () => {
    const tool = 'execute_sales_query';
    const result = await telemetry.span(
      SPAN.mcpRequest('tools/call', tool),
      { [ATTR.mcpMethodName]: 'tools/call', [ATTR.genAiToolName]: tool, [ATTR.jsonrpcRequestId]: '7' },
      (request) =>
        telemetry.span(SPAN.toolCall(tool), { [ATTR.genAiToolName]: tool, [ATTR.genAiOperationName]: VALUE.genAiExecuteTool }, async (call) => {
          const rows = await telemetry.span(
            SPAN.dbTransaction(DB_OPERATION.scopedRead, 'zava'),
            { [ATTR.dbSystemName]: VALUE.dbSystemPostgresql, [ATTR.dbOperationName]: DB_OPERATION.scopedRead, [ATTR.dbNamespace]: 'zava' },
            async (db) => {
              db.setAttributes({ [ATTR.dbRoundTrips]: 3, [ATTR.dbResponseReturnedRows]: 12 });
              return 12;
            },
            'client',
          );
          call.setAttributes({ [ATTR.toolOutcome]: VALUE.outcomeOk, [ATTR.resultRows]: rows, [ATTR.cacheHit]: false });
          request.setAttributes({ [ATTR.errorCode]: undefined });
          return rows;
        }),
      'server',
    );
    expect(result).toBe(12);
    const spans = exporter.getFinishedSpans();
    const byName = new Map(spans.map((s) => [s.name, s]));
    const request = byName.get('tools/call execute_sales_query');
    const call = byName.get('execute_tool execute_sales_query');
    const db = byName.get('READ ONLY TRANSACTION zava');
    expect(request?.kind).toBe(SpanKind.SERVER);
    expect(call?.kind).toBe(SpanKind.INTERNAL);
    expect(db?.kind).toBe(SpanKind.CLIENT);
    expect(call?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
    expect(db?.parentSpanContext?.spanId).toBe(call?.spanContext().spanId);
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(request?.attributes).toEqual({ 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': tool, 'jsonrpc.request.id': '7' });
    expect(call?.attributes).toMatchObject({ 'zava.tool.outcome': 'ok', 'zava.result.rows': 12, 'zava.cache.hit': false });
    expect(db?.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.operation.name': 'READ ONLY TRANSACTION',
      'db.namespace': 'zava',
      'zava.db.round_trips': 3,
      'db.response.returned_rows': 12,
    });
    expect(spans.every((s) => s.status.code === SpanStatusCode.UNSET)).toBe(true);
  });

  it('marks a span failed with error.type from the code or class, never the message', async () => {
    class TimeoutError extends Error {
      readonly code = 'TIMEOUT';
    }
    await expect(
      telemetry.span('execute_tool execute_sales_query', {}, async () => {
        throw new TimeoutError('The query SELECT secret FROM x was cancelled for jane.doe@zava.example');
      }),
    ).rejects.toThrow(TimeoutError);
    await telemetry.span('READ ONLY TRANSACTION zava', {}, async (span) => {
      span.recordError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    });
    await telemetry.span('x', {}, async (span) => span.recordError(new TypeError('bad')));
    await telemetry.span('y', {}, async (span) => span.recordError('a string thrown'));
    const [timeout, killed, typed, other] = exporter.getFinishedSpans();
    for (const span of [timeout, killed, typed, other]) {
      expect(span?.status.code).toBe(SpanStatusCode.ERROR);
      expect(span?.status.message ?? '').toBe('');
      expect(span?.events).toEqual([]);
    }
    expect(timeout?.attributes['error.type']).toBe('TIMEOUT');
    expect(timeout?.attributes['zava.error.code']).toBe('TIMEOUT');
    expect(killed?.attributes['error.type']).toBe('57P01');
    expect(typed?.attributes['error.type']).toBe('TypeError');
    expect(other?.attributes['error.type']).toBe('_OTHER');
    expect(JSON.stringify(exporter.getFinishedSpans().map((s) => [s.attributes, s.status, s.events]))).not.toMatch(/SELECT|jane|administrator/);
  });

  it('derives error.type without message text', () => {
    expect(errorType(Object.assign(new Error('x'), { code: 'BUSY' }))).toBe('BUSY');
    expect(errorType(Object.assign(new Error('x'), { code: 'has spaces: SELECT 1' }))).toBe('_OTHER');
    expect(errorType(new RangeError('x'))).toBe('RangeError');
    expect(errorType(null)).toBe('_OTHER');
  });
});

describe('trace context', () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const parentId = '00f067aa0ba902b7';
  const traceparent = `00-${traceId}-${parentId}-01`;

  it('continues an incoming traceparent from web headers, a header record and the Functions trace context', async () => {
    const carriers = [
      new Headers({ traceparent, tracestate: 'rojo=00f067aa0ba902b7' }),
      { Traceparent: traceparent, tracestate: 'rojo=00f067aa0ba902b7' },
      { traceparent, tracestate: 'rojo=00f067aa0ba902b7' }, // { traceparent: ctx.traceContext.traceParent, ... }
    ];
    for (const carrier of carriers) {
      await telemetry.withIncomingContext(carrier, () => telemetry.span('tools/list', {}, async () => undefined, 'server'));
    }
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(3);
    for (const span of spans) {
      expect(span.spanContext().traceId).toBe(traceId);
      expect(span.parentSpanContext?.spanId).toBe(parentId);
      expect(span.parentSpanContext?.isRemote).toBe(true);
      expect(span.spanContext().traceState?.get('rojo')).toBe('00f067aa0ba902b7');
    }
  });

  it('starts a new trace when the traceparent is absent or malformed', async () => {
    await telemetry.withIncomingContext({ traceparent: '00-zzzz-yyyy-01' }, () => telemetry.span('a', {}, async () => undefined));
    await telemetry.withIncomingContext(undefined, () => telemetry.span('b', {}, async () => undefined));
    await telemetry.withIncomingContext({}, () => telemetry.span('c', {}, async () => undefined));
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(3);
    for (const span of spans) {
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(traceId);
    }
  });

  it('puts the active trace and span ids on log lines, and none outside a span', async () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (line) => lines.push(line) }).child({ invocation_id: 'inv-1' });
    let ids: { traceId: string; spanId: string } | undefined;
    await telemetry.span('with-log', {}, async () => {
      const active = trace.getActiveSpan()?.spanContext();
      ids = active && { traceId: active.traceId, spanId: active.spanId };
      logger.info('inside');
    });
    logger.info('outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ msg: 'inside', trace_id: ids?.traceId, span_id: ids?.spanId, invocation_id: 'inv-1' });
    expect(outside?.trace_id).toBeUndefined();
    expect(outside?.invocation_id).toBe('inv-1');
  });
});

describe('attribute guard', () => {
  it('drops every secret-looking attribute from spans and keeps the safe ones', async () => {
    await telemetry.span('execute_tool execute_sales_query', { ...SECRETS, [ATTR.genAiToolName]: 'execute_sales_query' }, async (span) => {
      span.setAttributes({ ...SECRETS, [ATTR.sqlFingerprint]: '9f2c4e1ab07d3c55', [ATTR.resultRows]: 3 });
    });
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes).toEqual({
      'gen_ai.tool.name': 'execute_sales_query',
      'zava.sql.fingerprint': '9f2c4e1ab07d3c55',
      'zava.result.rows': 3,
    });
  });

  it('drops secret-looking attributes from metrics', async () => {
    telemetry.count(METRIC.retries, 1, { ...SECRETS, [ATTR.retryOperation]: 'scoped_read' });
    const retries = await collected(METRIC.retries);
    const point = retries?.dataPoints[0];
    expect(point?.attributes).toEqual({ 'zava.retry.operation': 'scoped_read' });
    expect(JSON.stringify(retries)).not.toMatch(new RegExp(SECRET_TEXTS.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')));
  });

  it('classifies keys and values', () => {
    const { clean, dropped } = guardAttributes({
      ...SECRETS,
      'gen_ai.tool.call.arguments': '{"postgresql_query":"x"}',
      'db.query.parameter.0': '42',
      'zava.api-key': 'x',
      'zava.cache.name': 'schema',
      'db.operation.name': 'SELECT',
      'zava.sql.fingerprint': 'abc',
      'mcp.session.id': '191c4850af6c49e08843a3f6c80e5046',
      'zava.long': 'x'.repeat(2000),
      'zava.nan': Number.NaN,
      'zava.skip': undefined,
    });
    expect(Object.keys(clean).sort()).toEqual(['db.operation.name', 'mcp.session.id', 'zava.cache.name', 'zava.long', 'zava.sql.fingerprint']);
    expect(String(clean['zava.long']).length).toBe(512);
    expect(dropped).toContain('gen_ai.tool.call.arguments');
    expect(dropped).toContain('db.query.parameter.0');
    expect(dropped).toContain('zava.api-key');
    expect(dropped).not.toContain('zava.skip');
  });

  it('keeps span names low-risk: a name carrying a secret is cut to its first word', async () => {
    expect(guardSpanName('tools/call execute_sales_query')).toBe('tools/call execute_sales_query');
    expect(guardSpanName(`tools/call ${JWT}`)).toBe('tools/call');
    expect(guardSpanName('tools/call SELECT * FROM retail.orders')).toBe('tools/call');
    await telemetry.span('tools/call jane.doe@zava.example', {}, async () => undefined, 'server');
    expect(exporter.getFinishedSpans()[0]?.name).toBe('tools/call');
  });

  it('adds the legacy db.system and db.name keys only for the Application Insights exporter', async () => {
    const legacy = build({ legacyDbAttributes: true });
    await legacy.span('db', { [ATTR.dbSystemName]: 'postgresql', [ATTR.dbNamespace]: 'zava' }, async () => undefined, 'client');
    await telemetry.span('db', { [ATTR.dbSystemName]: 'postgresql' }, async () => undefined, 'client');
    const [withLegacy, without] = exporter.getFinishedSpans();
    expect(withLegacy?.attributes).toMatchObject({ 'db.system': 'postgresql', 'db.name': 'zava' });
    expect(without?.attributes['db.system']).toBeUndefined();
  });
});

describe('metrics', () => {
  it('counts tool calls by tool and outcome', async () => {
    telemetry.count(METRIC.toolCalls, 1, { [ATTR.genAiToolName]: 'execute_sales_query', [ATTR.toolOutcome]: 'ok' });
    telemetry.count(METRIC.toolCalls, 1, { [ATTR.genAiToolName]: 'execute_sales_query', [ATTR.toolOutcome]: 'ok' });
    telemetry.count(METRIC.toolCalls, 1, { [ATTR.genAiToolName]: 'execute_sales_query', [ATTR.toolOutcome]: 'error', [ATTR.errorType]: 'TIMEOUT' });
    const calls = await collected(METRIC.toolCalls);
    const values = calls?.dataPoints.map((p) => [p.attributes['zava.tool.outcome'], p.attributes['error.type'], p.value]);
    expect(values).toEqual(
      expect.arrayContaining([
        ['ok', undefined, 2],
        ['error', 'TIMEOUT', 1],
      ]),
    );
    expect(calls?.descriptor.unit).toBe('{call}');
  });

  it('records durations given in ms as seconds for the convention histograms, and ms for others', async () => {
    telemetry.record(METRIC.mcpServerOperationDuration, 1500, { [ATTR.mcpMethodName]: 'tools/call', [ATTR.genAiToolName]: 'get_current_utc_date' });
    telemetry.record(METRIC.mcpServerOperationDuration, 500, { [ATTR.mcpMethodName]: 'tools/call', [ATTR.genAiToolName]: 'get_current_utc_date' });
    telemetry.record('zava.custom.duration', 42);
    const mcp = await collected(METRIC.mcpServerOperationDuration);
    const point = mcp?.dataPoints[0]?.value as { sum: number; count: number; max: number; buckets: { boundaries: number[] } };
    expect(mcp?.descriptor.unit).toBe('s');
    expect(point.count).toBe(2);
    expect(point.sum).toBeCloseTo(2);
    expect(point.max).toBeCloseTo(1.5);
    expect(point.buckets.boundaries).toContain(0.005);
    const custom = await collected('zava.custom.duration');
    expect(custom?.descriptor.unit).toBe('ms');
    expect(custom?.dataPoints[0]?.value).toMatchObject({ sum: 42 });
  });

  it('reads observed gauges from registered callbacks until unregistered, surviving a failing one', async () => {
    let used = 3;
    let reads = 0;
    const stop = telemetry.observe(METRIC.dbClientConnectionCount, () => {
      reads += 1;
      return [
        { value: used, attributes: { [ATTR.dbConnectionState]: VALUE.connectionUsed, [ATTR.dbConnectionPoolName]: 'runtime' } },
        { value: 7, attributes: { [ATTR.dbConnectionState]: VALUE.connectionIdle, [ATTR.dbConnectionPoolName]: 'runtime' } },
      ];
    });
    telemetry.observe(METRIC.dbClientConnectionCount, () => {
      throw new Error('pool closed');
    });
    telemetry.observe(METRIC.dbClientConnectionPendingRequests, () => 2);
    telemetry.observe(METRIC.circuitState, () => [{ value: 2, attributes: { [ATTR.circuitName]: 'embeddings' } }]);
    const first = await collected(METRIC.dbClientConnectionCount);
    expect(first?.dataPoints.map((p) => [p.attributes['db.client.connection.state'], p.value])).toEqual(
      expect.arrayContaining([
        ['used', 3],
        ['idle', 7],
      ]),
    );
    expect((await collected(METRIC.dbClientConnectionPendingRequests))?.dataPoints[0]?.value).toBe(2);
    expect((await collected(METRIC.circuitState))?.dataPoints[0]).toMatchObject({ value: 2, attributes: { 'zava.circuit.name': 'embeddings' } });
    used = 5;
    expect(
      (await collected(METRIC.dbClientConnectionCount))?.dataPoints.find((p) => p.attributes['db.client.connection.state'] === 'used')?.value,
    ).toBe(5);
    stop();
    const readsBefore = reads;
    await collected(METRIC.dbClientConnectionCount);
    // Unregistered: not read again (a cumulative SDK keeps reporting the last values it saw, by design).
    expect(reads).toBe(readsBefore);
    expect(readsBefore).toBeGreaterThanOrEqual(3);
  });

  it('creates the catalog instruments once, at start', async () => {
    const { resourceMetrics } = await reader.collect();
    const names = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name));
    // Instruments without points are not exported; creating the same name twice would warn and duplicate.
    expect(names.filter((n) => n === METRIC.toolCalls)).toHaveLength(1);
  });
});

describe('flush and shutdown', () => {
  it('bounds the wait when an exporter hangs', async () => {
    const hanging = build({ flush: () => new Promise<void>(() => undefined) });
    const started = performance.now();
    await hanging.flush(100);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('stops log correlation at shutdown', async () => {
    const other = build();
    await other.shutdown(100);
    await telemetry.span('after', {}, async () => {
      expect(activeTraceIds()).toBeUndefined();
    });
    // The suite's own instance registers again for the tests that follow.
    telemetry = build();
    await telemetry.span('again', {}, async () => {
      expect(activeTraceIds()?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    });
  });
});

describe('configuration', () => {
  it('turns telemetry on only for a connection string or an OTLP endpoint', async () => {
    expect(configuredExporters({})).toEqual([]);
    expect(configuredExporters({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toEqual(['otlp']);
    expect(configuredExporters({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' })).toEqual(['otlp']);
    expect(configuredExporters({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=x', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x' })).toEqual([
      'azure-monitor',
      'otlp',
    ]);
    expect(configuredExporters({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=x', OTEL_SDK_DISABLED: true })).toEqual([]);
    expect(await createTelemetry({}, { logger: createLogger({ sink: () => undefined }) })).toBe(noopTelemetry);
  });

  it('reads the telemetry variables from the environment', () => {
    const defaults = loadConfig({});
    expect(defaults.OTEL_SERVICE_NAME).toBe('zava-retail-mcp');
    expect(configuredExporters(defaults)).toEqual([]);
    const on = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SERVICE_NAME: 'zava-test', OTEL_SDK_DISABLED: 'false' });
    expect(on).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SERVICE_NAME: 'zava-test', OTEL_SDK_DISABLED: false });
    expect(configuredExporters(on)).toEqual(['otlp']);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('reads the managed identity from the authentication string', () => {
    expect(parseAuthenticationString(undefined)).toEqual({ entra: false });
    expect(parseAuthenticationString('Authorization=AAD')).toEqual({ entra: true });
    expect(parseAuthenticationString('ClientId=1b4d2c3e-0000-4000-8000-000000000001;Authorization=AAD')).toEqual({
      entra: true,
      clientId: '1b4d2c3e-0000-4000-8000-000000000001',
    });
    expect(parseAuthenticationString('ClientId=abc')).toEqual({ entra: false });
  });

  it('keeps OpenTelemetry out of the static import graph of the logger and the telemetry interface', () => {
    const root = resolve(import.meta.dirname, '../../src/platform');
    const seen = new Set<string>();
    const specifiers: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      // Static imports only (`import ... from '...'`); `await import(...)` is the lazy path.
      for (const match of text.matchAll(/^import\s[^;]*?from\s+'([^']+)';/gms)) {
        const spec = match[1] ?? '';
        specifiers.push(spec);
        if (spec.startsWith('.') && !/^import\s+type\s/.test(match[0])) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      }
    };
    visit(resolve(root, 'telemetry.ts'));
    visit(resolve(root, 'logger.ts'));
    expect(specifiers).toContain('pino');
    expect(specifiers.filter((s) => s.startsWith('@opentelemetry') || s.startsWith('@azure'))).toEqual([]);
    // And the lazy path is really there.
    expect(readFileSync(resolve(root, 'telemetry.ts'), 'utf8')).toContain("await import('./telemetry/otel-sdk.js')");
  });
});
