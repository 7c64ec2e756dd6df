// `node dist/bench/fixed-cost.js`: the server time of requests with no database work (ping, tools/list,
// get_current_utc_date, a cached business tool), measured in one warm process around the web-standard MCP handler
// the Functions adapter and the local host both call: web Request in, Response body read. Token verification, the
// JSON-RPC parse, the per-request MCP server and the audit log line (formatted, not written) are included; HTTP
// itself is not.
// The database is BENCH_DATABASE_URL's (owner URL; served through the runtime login) or the embedded one.
// Results: docs/performance.md ("Fixed cost of a request").

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRuntime } from '../src/app/runtime.js';
import { loadDevIssuer } from '../src/auth/dev-issuer.js';
import { handleMcp } from '../src/http/mcp-handler.js';
import { prepareOwnerDatabase } from '../src/local/owner-database.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger, silentLogger } from '../src/platform/logger.js';
import { PRINCIPALS } from '../src/seed/stores.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const WARM_UP = 200;

const MESSAGES: Record<string, object> = {
  ping: { method: 'ping' },
  'tools/list': { method: 'tools/list', params: {} },
  get_current_utc_date: { method: 'tools/call', params: { name: 'get_current_utc_date', arguments: {} } },
  // A business tool answered from the cache (every call after the first): its server time without the database.
  'get_store_performance (cached)': { method: 'tools/call', params: { name: 'get_store_performance', arguments: { period: 'last_month' } } },
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const keyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'zava-fixed-cost-')), 'key.json');
  const env = loadConfig({ AUTH_MODE: 'dev', DEV_ISSUER_KEY_FILE: keyFile, ...pick('BENCH_DATABASE_URL', 'DATABASE_OWNER_URL') });
  const config = await prepareOwnerDatabase(env, silentLogger);
  // Info level, as deployed: the audit line of each tool call is formatted; the sink drops it.
  const runtime = createRuntime({ config, logger: createLogger({ level: 'info', sink: () => undefined }) });
  await runtime.database();
  const token = await (await loadDevIssuer(keyFile)).issue({ sub: PRINCIPALS.regional.principalId });
  const request = (message: object) =>
    new Request('http://localhost/api/mcp', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, ...message }),
    });

  const rows = [];
  for (const [name, message] of Object.entries(MESSAGES)) {
    const times: number[] = [];
    for (let i = 0; i < WARM_UP + ITERATIONS; i++) {
      const req = request(message);
      const started = performance.now();
      const response = await handleMcp(runtime, req);
      const body = await response.text();
      const elapsed = performance.now() - started;
      if (response.status !== 200 || body.includes('"error"')) throw new Error(`${name}: ${response.status} ${body.slice(0, 200)}`);
      if (i >= WARM_UP) times.push(elapsed);
    }
    times.sort((a, b) => a - b);
    rows.push({ request: name, calls: times.length, p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)) });
  }
  await runtime.close();
  const load = os.loadavg().map((l) => l.toFixed(1));
  process.stdout.write(`load ${load.join(' ')}, Node ${process.version}\n`);
  process.stdout.write(`| request | calls | p50 ms | p95 ms |\n|---|---|---|---|\n`);
  for (const r of rows) process.stdout.write(`| ${r.request} | ${r.calls} | ${r.p50_ms} | ${r.p95_ms} |\n`);
}

/** DATABASE_OWNER_URL from BENCH_DATABASE_URL when given (else the embedded database). */
function pick(from: string, to: string): Record<string, string> {
  const value = process.env[from];
  return value ? { [to]: value } : {};
}

const round = (n: number) => Math.round(n * 1000) / 1000;

main().catch((error: unknown) => {
  process.stderr.write(`fixed-cost bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
