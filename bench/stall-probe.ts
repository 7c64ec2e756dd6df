// Diagnostic for the latency stall (docs/performance.md): per-call latencies of back-to-back tool calls through the
// real endpoint, printed sorted, so a bimodal distribution (e.g. a 40 ms delayed-ACK stall) shows at a glance.
// Usage: node dist/bench/stall-probe.js <runtime DATABASE_URL> [calls]

import { borrowDatabase } from '../src/data/open-database.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDevIssuer } from '../src/auth/dev-issuer.js';
import { openPool } from '../src/data/connect.js';
import { Database } from '../src/data/database.js';
import { createRuntime } from '../src/app/runtime.js';
import { startLocalHost } from '../src/local/host.js';
import { loadConfig } from '../src/platform/config.js';
import { LocalEmbedder } from '../src/platform/embeddings/local-embedder.js';
import { createLogger, silentLogger } from '../src/platform/logger.js';
import { PRINCIPALS } from '../src/seed/stores.js';

async function main() {
  const url = process.argv[2] as string;
  const calls = Number(process.argv[3] ?? 40);
  const opened = await openPool({ kind: 'url', url, bridge: 'auto', poolMax: 4 });
  const database = new Database(opened.pool, { statementTimeoutMs: 10_000, maxConcurrent: 4, queueTimeoutMs: 60_000, logger: silentLogger });
  const keyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'zava-probe-')), 'key.json');
  const runtime = createRuntime({
    config: loadConfig({ AUTH_MODE: 'dev', DEV_ISSUER_KEY_FILE: keyFile }),
    logger: createLogger({ level: 'error', sink: () => undefined }),
    embedder: new LocalEmbedder({ dimensions: 1536 }),
    openDatabase: async () => borrowDatabase(database, { description: 'probe', id: 'bench:probe', kind: 'pglite' }),
  });
  const host = await startLocalHost(runtime, { port: 0 });
  const token = await (await loadDevIssuer(keyFile)).issue({ sub: PRINCIPALS.regional.principalId });
  const client = new Client({ name: 'probe', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${host.url}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
  );
  const sql = 'SELECT store_id, count(*) AS orders FROM retail.order_items GROUP BY 1 ORDER BY 1';
  for (const [name, args] of [
    ['get_current_utc_date', {}],
    ['execute_sales_query', { postgresql_query: sql }],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < calls; i++) {
      const t = performance.now();
      await client.callTool({ name, arguments: args });
      times.push(Math.round((performance.now() - t) * 10) / 10);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`${name}: ${times.join(' ')}\n`);
  }
  const direct = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await opened.pool.query('SELECT 1');
    direct.push(Math.round((performance.now() - t) * 10) / 10);
  }
  direct.sort((a, b) => a - b);
  process.stdout.write(`pool.query SELECT 1 via bridge: ${direct.join(' ')}\n`);
  await client.close();
  await host.close();
  await opened.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
