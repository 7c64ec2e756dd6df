// Telemetry end to end: real MCP tool calls through the local host, exported by the real OTLP/HTTP exporter to a
// local receiver. Proves the tool-call span (continuing the caller's traceparent) and the database transaction span
// arrive with their documented attributes, and that neither the token nor the caller's SQL text is in the payload.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { silentLogger } from '../../src/platform/logger.js';
import { createTelemetry } from '../../src/platform/telemetry/create-telemetry.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openTarget, type TestTarget } from '../support/targets.js';

interface OtlpSpan {
  name: string;
  traceId: string;
  parentSpanId?: string;
  kind: number;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: string | number; boolValue?: boolean } }>;
}

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';
const SECRET_SQL = "SELECT count(*) AS n FROM retail.orders WHERE order_date >= DATE '2024-01-01'";

describe('telemetry through the endpoint (OTLP/HTTP JSON to a local receiver)', () => {
  const bodies: string[] = [];
  let receiver: ReturnType<typeof createServer>;
  let target: TestTarget;
  let server: TestServer;
  let token: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/v1/traces') bodies.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/json';
    const telemetry = await createTelemetry(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }), { logger: silentLogger });
    expect(telemetry.enabled).toBe(true);
    target = await openTarget('pglite');
    server = await startTestServer(target, { telemetry });
    token = await server.token('seattle');
  });
  afterAll(async () => {
    await server?.close();
    await target?.close();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    process.env = { ...saved };
  });

  it('exports a server span per tool call and a postgresql client span per transaction, with no token or SQL text', async () => {
    const client = new Client({ name: 'telemetry-test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.mcpUrl), {
        requestInit: { headers: { Authorization: `Bearer ${token}`, traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } },
      }),
    );
    const performance = await client.callTool({ name: 'get_store_performance', arguments: { period: '2024-Q4' } });
    expect(performance.isError).not.toBe(true);
    const sql = await client.callTool({ name: 'execute_sales_query', arguments: { postgresql_query: SECRET_SQL } });
    expect(sql.isError).not.toBe(true);
    await client.close();
    await server.runtime.telemetry.shutdown(10_000);

    const spans: OtlpSpan[] = bodies.flatMap((body) =>
      (JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> }).resourceSpans.flatMap((rs) =>
        rs.scopeSpans.flatMap((ss) => ss.spans),
      ),
    );
    const attr = (span: OtlpSpan | undefined, key: string) => {
      const v = span?.attributes.find((a) => a.key === key)?.value;
      return v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : v?.boolValue);
    };
    const toolSpan = spans.find((s) => s.name === 'tools/call get_store_performance');
    expect(toolSpan?.kind).toBe(2); // SERVER
    expect(toolSpan?.traceId).toBe(TRACE_ID);
    expect(attr(toolSpan, 'gen_ai.tool.name')).toBe('get_store_performance');
    expect(attr(toolSpan, 'zava.tool.outcome')).toBe('ok');
    expect(attr(toolSpan, 'zava.db.round_trips')).toBe(1);
    const sqlSpan = spans.find((s) => s.name === 'tools/call execute_sales_query');
    expect(attr(sqlSpan, 'zava.result.rows')).toBe(1);
    const dbSpans = spans.filter((s) => attr(s, 'db.system.name') === 'postgresql');
    expect(dbSpans.length).toBeGreaterThanOrEqual(2);
    for (const db of dbSpans) {
      expect(db.kind).toBe(3); // CLIENT
      expect(db.traceId).toBe(TRACE_ID);
      expect(attr(db, 'db.operation.name')).toBe('READ ONLY TRANSACTION');
    }
    const payload = bodies.join('\n');
    expect(payload).not.toContain(token);
    expect(payload).not.toContain('retail.orders');
    expect(payload).not.toContain("DATE '2024-01-01'");
  });
});
