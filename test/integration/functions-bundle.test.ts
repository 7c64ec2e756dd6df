// The bundle the Functions host loads (scripts/bundle-functions.ts): built into a scratch folder inside the project
// (so node_modules and sql/ resolve as from dist/bundle/), then imported by a fresh `node` that calls the bundled
// handlers with @azure/functions' own HttpRequest, as the host does: first the routes that need no database, then
// MCP calls on a copy of the test database (the bundle leaves some library modules out: OMITTED in the script).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunctions } from '../../scripts/bundle-functions.js';
import { loadDevIssuer } from '../../src/auth/dev-issuer.js';
import { EmbeddedHost } from '../../src/data/embedded-host.js';
import { packageRoot } from '../../src/platform/paths.js';
import { PRINCIPALS } from '../../src/seed/stores.js';
import { templatePath } from '../support/template.js';

const ROOT = packageRoot();
const OUT = path.join(ROOT, 'dist', `bundle-test-${process.pid}`);
const KEY_FILE = path.join(os.tmpdir(), `zava-bundle-test-${process.pid}.json`);

const CHILD = `
const { default: az } = await import('@azure/functions');
const { handlers } = await import(process.env.ENTRY_URL);
const context = new az.InvocationContext({ invocationId: 'bundle-test', functionName: 'bundle-test' });
const call = async (name, init) => (await handlers[name](new az.HttpRequest(init), context)).status;
const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
process.stdout.write(JSON.stringify({
  routes: Object.keys(handlers).sort(),
  health: await call('health', { method: 'GET', url: 'http://localhost/api/health' }),
  metadata: await call('protectedResourceMetadata', { method: 'GET', url: 'http://localhost/.well-known/oauth-protected-resource/api/mcp' }),
  mcpWithoutToken: await call('mcp', { method: 'POST', url: 'http://localhost/api/mcp', headers, body: { string: '{}' } }),
}));
process.exit(0);
`;

/** MCP calls through the bundled handler, as one caller (TOKEN): each answer's status and JSON-RPC body. */
const MCP_CHILD = `
const { default: az } = await import('@azure/functions');
const { handlers } = await import(process.env.ENTRY_URL);
const context = new az.InvocationContext({ invocationId: 'bundle-test', functionName: 'mcp' });
const headers = {
  authorization: 'Bearer ' + process.env.TOKEN,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-06-18',
};
const answers = [];
for (const [id, method, params] of JSON.parse(process.env.CALLS)) {
  const request = new az.HttpRequest({ method: 'POST', url: 'http://localhost/api/mcp', headers, body: { string: JSON.stringify({ jsonrpc: '2.0', id, method, params }) } });
  const response = await handlers.mcp(request, context);
  answers.push({ status: response.status ?? 200, body: JSON.parse(Buffer.from(response.body).toString('utf8')) });
}
process.stdout.write(JSON.stringify(answers));
process.exit(0);
`;

function runChild(script: string, env: Record<string, string>) {
  // A file rather than --eval: the embedded database's worker thread would inherit --input-type and refuse it.
  const file = path.join(OUT, `child-${createHash('sha1').update(script).digest('hex').slice(0, 8)}.mjs`);
  writeFileSync(file, script);
  const child = spawnSync(process.execPath, [file], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ENTRY_URL: pathToFileURL(path.join(OUT, 'http.js')).href,
      AUTH_MODE: 'dev',
      DEV_ISSUER_KEY_FILE: KEY_FILE,
      LOG_LEVEL: 'error',
      ...env,
    },
  });
  // Outside the host, @azure/functions warns that it runs in test mode; nothing else may be printed.
  expect(child.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('WARNING:'))).toEqual([]);
  return JSON.parse(child.stdout) as unknown;
}

let bundled: Metafile;

beforeAll(async () => {
  bundled = await bundleFunctions(ROOT, OUT);
}, 120_000);

afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  rmSync(KEY_FILE, { force: true });
});

describe('the bundled Functions entries', () => {
  it('holds one file per entry, everything else in chunks/', () => {
    expect(readdirSync(OUT).filter((f) => f.endsWith('.js'))).toEqual(['embedding-refresh.js', 'http.js', 'summary-refresh.js']);
    expect(readdirSync(path.join(OUT, 'chunks'))).toContain('embedded-worker.js');
  });

  it('leaves out the modules the server never runs (OMITTED in the script): a library upgrade that brings them back fails here', () => {
    const inputs = Object.values(bundled.outputs).flatMap((output) => Object.keys(output.inputs));
    expect(
      inputs.filter((file) =>
        /node_modules[\\/](ajv|ajv-formats|zod-to-json-schema)[\\/]|zod[\\/]v3[\\/]|zod[\\/]v4[\\/]locales[\\/](?!en\.js)/.test(file),
      ),
    ).toEqual([]);
    // The English messages stay, and so does the rest of zod 4.
    expect(inputs.some((file) => /zod[\\/]v4[\\/]locales[\\/]en\.js$/.test(file))).toBe(true);
  });

  it('registers and serves the routes in a fresh process', () => {
    expect(runChild(CHILD, {})).toEqual({
      routes: ['health', 'mcp', 'protectedResourceMetadata', 'ready'],
      health: 200,
      metadata: 200,
      mcpWithoutToken: 401,
    });
  }, 60_000);

  it('lists the tools and answers tool calls on a database, without the modules it leaves out', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'zava-bundle-db-'));
    try {
      // A copy of the test database for the child's embedded PGlite (PGLITE_DATA_DIR): no seeding in the child.
      await (await EmbeddedHost.start({ dataDir, templateFile: templatePath() })).close();
      const token = await (await loadDevIssuer(KEY_FILE)).issue({ sub: PRINCIPALS.regional.principalId });
      const calls = [
        [1, 'tools/list', {}],
        [
          2,
          'tools/call',
          { name: 'execute_sales_query', arguments: { postgresql_query: 'SELECT count(DISTINCT store_id) AS stores FROM retail.orders' } },
        ],
        [3, 'tools/call', { name: 'get_store_performance', arguments: { period: '2026-Q1' } }],
        [4, 'tools/call', { name: 'get_top_products', arguments: { period: '2026-Q1', metric: 'profit' } }],
        [5, 'prompts/list', {}],
      ];
      type Answer = { status: number; body: { result?: Record<string, unknown> & { isError?: boolean }; error?: unknown } };
      const [list, sql, performance, badMetric, prompts] = runChild(MCP_CHILD, {
        PGLITE_DATA_DIR: dataDir,
        TOKEN: token,
        CALLS: JSON.stringify(calls),
      }) as Answer[];
      expect([list, sql, performance, badMetric, prompts].map((a) => a?.status)).toEqual([200, 200, 200, 200, 200]);
      const tools = list?.body.result?.tools as Array<{ name: string; inputSchema: { type: string }; outputSchema?: unknown }>;
      expect(tools.map((t) => t.name)).toContain('get_store_performance');
      expect(tools.every((t) => t.inputSchema.type === 'object')).toBe(true);
      // The regional manager's three stores (Bellevue, Redmond, Kirkland), counted by the database under RLS.
      expect(sql?.body.result?.isError).toBeUndefined();
      expect(sql?.body.result?.structuredContent).toMatchObject({ rows: [[3]], row_count: 1 });
      expect(performance?.body.result?.isError).toBeUndefined();
      expect(performance?.body.result?.structuredContent).toMatchObject({
        period: { from: '2026-01-01', to: '2026-03-31' },
        stores: [{ store_id: 2 }, { store_id: 6 }, { store_id: 7 }],
      });
      // A bad argument is checked by zod in the bundle and answered in its English words (the only locale bundled).
      expect(badMetric?.body.result?.isError).toBe(true);
      expect(JSON.stringify(badMetric?.body.result?.content)).toMatch(/Invalid option: expected one of .*revenue.* at metric/);
      expect(prompts?.body.result?.prompts).toEqual(expect.arrayContaining([expect.objectContaining({ name: expect.any(String) })]));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
