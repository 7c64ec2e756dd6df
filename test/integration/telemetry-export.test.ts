// The real exporters over the wire, offline: a local OTLP/HTTP receiver (JSON and protobuf) and a local stand-in
// for the Application Insights ingestion endpoint (gzipped JSON envelopes on /v2.1/track, reached through the
// connection string's IngestionEndpoint, with a managed-identity token from a local identity endpoint). Asserts a
// tool-call span with the tool name, a database dependency span, metrics, the continued trace, and that no token,
// password, e-mail or SQL text is anywhere in what was sent.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import type { Telemetry } from '../../src/platform/telemetry.js';
import { createTelemetry } from '../../src/platform/telemetry/create-telemetry.js';
import { ATTR, DB_OPERATION, METRIC, SPAN, VALUE } from '../../src/platform/telemetry/semconv.js';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A self-signed certificate for 127.0.0.1: the Azure SDK sends bearer tokens over https only. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'zava-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

async function startReceiver(answer: (req: Received) => { status: number; body: string }, tls?: { key: Buffer; cert: Buffer }) {
  const received: Received[] = [];
  const listener: RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const entry = { path: req.url ?? '', headers: req.headers, body };
      received.push(entry);
      const { status, body: out } = answer(entry);
      res.writeHead(status, { 'content-type': 'application/json' }).end(out);
    });
  };
  const server: Server = tls ? createTlsServer(tls, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWF0dGxlIn0.c2lnbmF0dXJlLXRleHQ';
const SQL = 'SELECT customer_id, email FROM retail.customers';
const PASSWORD = 's3cr3t-pw';
const EMAIL = 'jane.doe@zava.example';
const FORBIDDEN = [JWT, SQL, 'retail.customers', PASSWORD, EMAIL, 'Bearer '];
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

/** What the tool runner, the data layer and the embedder will emit for one execute_sales_query call. */
async function oneToolCall(telemetry: Telemetry): Promise<void> {
  const tool = 'execute_sales_query';
  const leaks = {
    'caller.authorization': `Bearer ${JWT}`,
    'db.query.text': SQL,
    'zava.url': `postgresql://zava_app:${PASSWORD}@db/zava`,
    'zava.who': EMAIL,
  };
  await telemetry.withIncomingContext({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` }, () =>
    telemetry.span(
      SPAN.mcpRequest('tools/call', tool),
      { [ATTR.mcpMethodName]: 'tools/call', [ATTR.genAiToolName]: tool, [ATTR.genAiOperationName]: VALUE.genAiExecuteTool, ...leaks },
      (request) =>
        telemetry.span(SPAN.toolCall(tool), { [ATTR.genAiToolName]: tool }, async (call) => {
          await telemetry.span(
            SPAN.dbTransaction(DB_OPERATION.scopedRead, 'zava'),
            { [ATTR.dbSystemName]: VALUE.dbSystemPostgresql, [ATTR.dbOperationName]: DB_OPERATION.scopedRead, [ATTR.dbNamespace]: 'zava', ...leaks },
            async (db) => db.setAttributes({ [ATTR.dbRoundTrips]: 3, [ATTR.sqlFingerprint]: '9f2c4e1ab07d3c55' }),
            'client',
          );
          await telemetry.span(
            SPAN.embeddings('text-embedding-3-small'),
            { [ATTR.genAiOperationName]: VALUE.genAiEmbeddings, [ATTR.genAiRequestModel]: 'text-embedding-3-small' },
            async (span) => span.recordError(Object.assign(new Error(`401 for ${EMAIL} with ${JWT}`), { code: 'EMBEDDINGS_UNAVAILABLE' })),
            'client',
          );
          call.setAttributes({
            [ATTR.toolOutcome]: VALUE.outcomeOk,
            [ATTR.resultRows]: 12,
            [ATTR.resultBytes]: 800,
            [ATTR.cacheHit]: false,
            ...leaks,
          });
          request.setAttributes({ [ATTR.toolOutcome]: VALUE.outcomeOk });
        }),
      'server',
    ),
  );
  telemetry.count(METRIC.toolCalls, 1, { [ATTR.genAiToolName]: tool, [ATTR.toolOutcome]: VALUE.outcomeOk, ...leaks });
  telemetry.record(METRIC.mcpServerOperationDuration, 25, { [ATTR.mcpMethodName]: 'tools/call', [ATTR.genAiToolName]: tool });
  telemetry.record(METRIC.dbClientOperationDuration, 4, {
    [ATTR.dbSystemName]: VALUE.dbSystemPostgresql,
    [ATTR.dbOperationName]: DB_OPERATION.scopedRead,
  });
  telemetry.count(METRIC.cacheLookups, 1, { [ATTR.cacheName]: 'schema', [ATTR.cacheOutcome]: VALUE.cacheMiss });
  telemetry.observe(METRIC.dbClientConnectionCount, () => [{ value: 2, attributes: { [ATTR.dbConnectionState]: VALUE.connectionUsed } }]);
}

function expectNoSecrets(payload: string): void {
  for (const secret of FORBIDDEN) expect(payload, `payload contains ${secret}`).not.toContain(secret);
}

const saved = { ...process.env };
const logLines: string[] = [];
const logger = createLogger({ level: 'debug', sink: (line) => logLines.push(line) });
afterEach(() => {
  process.env = { ...saved };
});

describe.each(['http/json', 'http/protobuf'])('OTLP/HTTP (%s) to a local receiver', (protocol) => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver(() => ({ status: 200, body: '{}' }));
  });
  afterAll(() => receiver.close());

  it('delivers the tool-call, database and embeddings spans and the metrics, with no secret', async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${receiver.port}`;
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = protocol;
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });
    const started = performance.now();
    const telemetry = await createTelemetry(config, { logger });
    const startMs = performance.now() - started;
    expect(telemetry.enabled).toBe(true);
    await oneToolCall(telemetry);
    await telemetry.shutdown(10_000);
    process.stderr.write(`OTLP ${protocol}: createTelemetry ${startMs.toFixed(0)} ms\n`);

    const traces = receiver.received.filter((r) => r.path === '/v1/traces');
    const metricPosts = receiver.received.filter((r) => r.path === '/v1/metrics');
    expect(traces.length).toBeGreaterThan(0);
    expect(metricPosts.length).toBeGreaterThan(0);
    const traceText = traces.map((r) => r.body.toString('utf8')).join('\n');
    const metricText = metricPosts.map((r) => r.body.toString('utf8')).join('\n');
    for (const text of [
      'tools/call execute_sales_query',
      'execute_tool execute_sales_query',
      'READ ONLY TRANSACTION zava',
      'gen_ai.tool.name',
      'db.system.name',
      'postgresql',
      'zava-retail-mcp',
    ]) {
      expect(traceText).toContain(text);
    }
    for (const text of [
      'zava.tool.calls',
      'mcp.server.operation.duration',
      'db.client.operation.duration',
      'zava.cache.lookups',
      'db.client.connection.count',
    ]) {
      expect(metricText).toContain(text);
    }
    expectNoSecrets(traceText + metricText);
    if (protocol === 'http/json') {
      expect(traces[0]?.headers['content-type']).toMatch(/application\/json/);
      process.stderr.write(`OTLP JSON traces payload: ${traceText.slice(0, 3000)}\n`);
      type OtlpSpan = {
        name: string;
        traceId: string;
        parentSpanId?: string;
        spanId: string;
        kind: number;
        status?: { code?: number; message?: string };
        attributes: Array<{ key: string; value: Record<string, unknown> }>;
      };
      const spans: OtlpSpan[] = traces.flatMap((r) =>
        (JSON.parse(r.body.toString('utf8')) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> }).resourceSpans.flatMap((rs) =>
          rs.scopeSpans.flatMap((ss) => ss.spans),
        ),
      );
      const byName = new Map(spans.map((s) => [s.name, s]));
      const request = byName.get('tools/call execute_sales_query');
      const db = byName.get('READ ONLY TRANSACTION zava');
      const embeddings = byName.get('embeddings text-embedding-3-small');
      expect(request?.traceId).toBe(TRACE_ID); // continued from the incoming traceparent
      expect(request?.parentSpanId).toBe(PARENT_ID);
      expect(request?.kind).toBe(2); // SERVER
      expect(db?.kind).toBe(3); // CLIENT
      expect(db?.attributes.find((a) => a.key === 'db.system')).toBeUndefined(); // legacy keys only for App Insights
      expect(embeddings?.status?.code).toBe(2); // ERROR
      expect(embeddings?.attributes.find((a) => a.key === 'error.type')?.value).toEqual({ stringValue: 'EMBEDDINGS_UNAVAILABLE' });
    } else {
      expect(traces[0]?.headers['content-type']).toBe('application/x-protobuf');
    }
  });
});

type Envelope = { name: string; data: { baseType: string; baseData: Record<string, unknown> & { properties?: Record<string, string> } } };

function envelopesOf(posts: Received[]): { text: string; envelopes: Envelope[] } {
  const text = posts.map((p) => p.body.toString('utf8')).join('\n');
  const envelopes = text
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => JSON.parse(l) as Envelope | Envelope[]);
  return { text, envelopes };
}

describe('Application Insights through the Azure Monitor distro to a local ingestion stand-in', () => {
  const answerTrack = (req: Received) => {
    const items = req.body.toString('utf8').trim().split('\n').length;
    return { status: 200, body: JSON.stringify({ itemsReceived: items, itemsAccepted: items, errors: [] }) };
  };

  // The exporter always posts over https (it rewrites an http IngestionEndpoint), so the stand-in serves TLS.
  let tls: { key: Buffer; cert: Buffer };
  beforeAll(() => {
    tls = selfSignedCertificate();
  });

  it('delivers a request for the tool call, a postgresql dependency and the metrics, with no secret', async () => {
    const ingestion = await startReceiver(answerTrack, tls);
    try {
      process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = 'true'; // no SDK self-telemetry to Microsoft's endpoints
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // the stand-in's self-signed certificate; restored after the test
      const config = loadConfig({
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:${ingestion.port}/`,
      });
      const started = performance.now();
      const telemetry = await createTelemetry(config, { logger });
      const startMs = performance.now() - started;
      expect(telemetry.enabled).toBe(true);
      await oneToolCall(telemetry);
      await telemetry.shutdown(15_000);
      process.stderr.write(`Azure Monitor: createTelemetry ${startMs.toFixed(0)} ms\n`);

      const posts = ingestion.received.filter((r) => r.path.startsWith('/v2.1/track'));
      expect(posts.length).toBeGreaterThan(0);
      const { text, envelopes } = envelopesOf(posts);
      const request = envelopes.find((e) => e.data.baseType === 'RequestData' && e.data.baseData.name === 'tools/call execute_sales_query');
      expect(request?.data.baseData.properties?.['gen_ai.tool.name']).toBe('execute_sales_query');
      const dependency = envelopes.find((e) => e.data.baseType === 'RemoteDependencyData' && e.data.baseData.type === 'postgresql');
      expect(dependency?.data.baseData.name).toBe('READ ONLY TRANSACTION zava');
      const failed = envelopes.find(
        (e) => e.data.baseType === 'RemoteDependencyData' && e.data.baseData.name === 'embeddings text-embedding-3-small',
      );
      expect(failed?.data.baseData.success).toBe(false);
      expect(failed?.data.baseData.properties?.['zava.error.code']).toBe('EMBEDDINGS_UNAVAILABLE');
      process.stderr.write(`Application Insights request and dependency envelopes: ${JSON.stringify([request, dependency, failed])}\n`);
      const metricNames = envelopes
        .filter((e) => e.data.baseType === 'MetricData')
        .flatMap((e) => (e.data.baseData.metrics as Array<{ name: string }>).map((m) => m.name));
      expect(metricNames).toEqual(expect.arrayContaining(['zava.tool.calls', 'mcp.server.operation.duration']));
      expectNoSecrets(text);
    } finally {
      await ingestion.close();
    }
  });

  it('authenticates ingestion with the managed identity named by the authentication string', async () => {
    const ingestion = await startReceiver(answerTrack, tls);
    // App Service managed identity endpoint (IDENTITY_ENDPOINT/IDENTITY_HEADER), as in a Function App.
    const identity = await startReceiver(() => ({
      status: 200,
      body: JSON.stringify({
        access_token: 'fake-managed-identity-token',
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource: 'https://monitor.azure.com',
        token_type: 'Bearer',
      }),
    }));
    try {
      process.env.APPLICATIONINSIGHTS_STATSBEAT_DISABLED = 'true';
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // the stand-in's self-signed certificate; restored after the test
      process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${identity.port}/msi/token`;
      process.env.IDENTITY_HEADER = 'local-identity-header';
      const config = loadConfig({
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:${ingestion.port}/`,
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=1b4d2c3e-0000-4000-8000-000000000001;Authorization=AAD',
      });
      const telemetry = await createTelemetry(config, { logger });
      await oneToolCall(telemetry);
      await telemetry.shutdown(15_000);

      const tokenRequest = identity.received[0];
      expect(tokenRequest?.path).toContain('client_id=1b4d2c3e-0000-4000-8000-000000000001');
      expect(tokenRequest?.path).toContain('resource=https%3A%2F%2Fmonitor.azure.com');
      expect(tokenRequest?.headers['x-identity-header']).toBe('local-identity-header');
      const posts = ingestion.received.filter((r) => r.path.startsWith('/v2.1/track'));
      expect(posts.length).toBeGreaterThan(0);
      expect(posts.every((p) => p.headers.authorization === 'Bearer fake-managed-identity-token')).toBe(true);
      const { text, envelopes } = envelopesOf(posts);
      expect(envelopes.some((e) => e.data.baseType === 'RequestData')).toBe(true);
      // The token travels in the header only, never in the telemetry itself.
      expect(text).not.toContain('fake-managed-identity-token');
      expectNoSecrets(text);
    } finally {
      await ingestion.close();
      await identity.close();
    }
  });
});
