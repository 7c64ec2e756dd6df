// The exact Azure Functions handlers (functions/http.ts), invoked outside the host with @azure/functions' own
// HttpRequest and InvocationContext. The runtime is built lazily from process.env, as in Azure: here dev mode and
// an embedded PGlite bootstrapped into a temp directory.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import azureFunctions, { type HttpResponseInit, type InvocationContext as Context } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ISSUER, loadDevIssuer, type DevIssuer } from '../../src/auth/dev-issuer.js';
import { PRINCIPALS, STORE_IDS } from '../../src/seed/stores.js';
import { functionsEnvironment } from '../support/functions-env.js';
import { rowObjects } from '../support/tool-call.js';

const { HttpRequest, InvocationContext } = azureFunctions;

const ORIGIN = 'http://localhost:7071';
const MANAGED_ENV = [
  'AUTH_MODE',
  'AUTH_TENANT_ID',
  'AUTH_AUDIENCE',
  'AUTH_ISSUER',
  'AUTH_JWKS_URI',
  'AUTH_REQUIRED_SCOPE',
  'AUTH_ALGORITHMS',
  'DEV_ISSUER_KEY_FILE',
  'PGLITE_DATA_DIR',
  'SEED_SCALE',
  'DATABASE_URL',
  'WEBSITE_INSTANCE_ID',
  'WEBSITE_SITE_NAME',
  'PUBLIC_BASE_URL',
  'EMBEDDINGS_PROVIDER',
  'EMBEDDING_DIMENSIONS',
  'LOG_LEVEL',
] as const;

type Handlers = typeof import('../../functions/http.js')['handlers'];

interface Outcome {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

describe('Azure Functions handlers', () => {
  const environment = functionsEnvironment(MANAGED_ENV);
  let dir: string;
  let handlers: Handlers;
  let issuer: DevIssuer;
  const logged: Array<{ level: string; args: unknown[] }> = [];

  function context(functionName: string): Context {
    return new InvocationContext({
      invocationId: `test-${Math.random().toString(36).slice(2)}`,
      functionName,
      logHandler: (level, ...args) => logged.push({ level, args }),
    });
  }

  async function invoke(name: string, init: { method: string; path: string; headers?: Record<string, string>; body?: unknown }): Promise<Outcome> {
    const handler = handlers[name];
    if (!handler) throw new Error(`no handler ${name}`);
    const request = new HttpRequest({
      method: init.method,
      url: `${ORIGIN}${init.path}`,
      headers: init.headers ?? {},
      ...(init.body === undefined ? {} : { body: { string: JSON.stringify(init.body) } }),
    });
    const res: HttpResponseInit = await handler(request, context(name));
    let json: Record<string, unknown> = {};
    if (res.jsonBody !== undefined) json = res.jsonBody as Record<string, unknown>;
    else if (res.body instanceof Uint8Array && res.body.byteLength > 0)
      json = JSON.parse(new TextDecoder().decode(res.body)) as Record<string, unknown>;
    return { status: res.status ?? 200, headers: new Headers(res.headers as Record<string, string> | undefined), json };
  }

  const mcpHeaders = (token?: string): Record<string, string> => ({
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'zava-functions-'));
    environment.set({
      AUTH_MODE: 'dev',
      DEV_ISSUER_KEY_FILE: path.join(dir, 'dev-issuer.json'),
      PGLITE_DATA_DIR: path.join(dir, 'pglite'),
      SEED_SCALE: '0.02',
      LOG_LEVEL: 'error',
    });
    ({ handlers } = await import('../../functions/http.js'));
    issuer = await loadDevIssuer(path.join(dir, 'dev-issuer.json'));
  });

  afterAll(async () => {
    await environment.restore();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('registers one handler per route', () => {
    expect(Object.keys(handlers).sort()).toEqual(['health', 'mcp', 'protectedResourceMetadata', 'ready']);
  });

  it('answers a configuration error with a plain 500 (no stack) and logs it, then recovers once fixed', async () => {
    process.env.WEBSITE_INSTANCE_ID = 'test-instance'; // dev mode in Azure: refused by loadConfig
    try {
      const res = await invoke('protectedResourceMetadata', { method: 'GET', path: '/.well-known/oauth-protected-resource/api/mcp' });
      expect(res.status).toBe(500);
      expect(res.json).toEqual({ error: 'internal_error', error_description: 'The server failed to handle the request.' });
      expect(JSON.stringify(res.json)).not.toMatch(/AUTH_MODE|\.ts:|at /);
      expect(logged.some((l) => l.level === 'error' && String(l.args.join(' ')).includes('AUTH_MODE=dev is refused'))).toBe(true);
    } finally {
      delete process.env.WEBSITE_INSTANCE_ID;
    }
    const ok = await invoke('protectedResourceMetadata', { method: 'GET', path: '/.well-known/oauth-protected-resource/api/mcp' });
    expect(ok.status).toBe(200);
  });

  it('runs the start hook without throwing on a configuration error; otherwise it starts the warm-up', async () => {
    const { hooks } = await import('../../functions/http.js');
    process.env.WEBSITE_INSTANCE_ID = 'test-instance'; // dev mode in Azure: refused by loadConfig
    try {
      expect(hooks.appStart()).toBeUndefined();
    } finally {
      delete process.env.WEBSITE_INSTANCE_ID;
    }
    // Now the runtime builds and the embedded database starts opening in the background (the readiness test below
    // waits for that same open). No promise goes back to the host, so it never waits for the database.
    expect(hooks.appStart()).toBeUndefined();
  });

  it('serves liveness, and readiness as JSON (bootstraps the embedded database on first use)', async () => {
    const live = await invoke('health', { method: 'GET', path: '/api/health' });
    expect(live.status).toBe(200);
    expect(live.json).toMatchObject({ status: 'ok' });
    // Not ready while the embedded database is created on first use (each check is bounded to 3 s): poll.
    let res = await invoke('ready', { method: 'GET', path: '/api/health/ready' });
    for (let i = 0; res.status !== 200 && i < 300; i++) {
      expect(res.status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 500));
      res = await invoke('ready', { method: 'GET', path: '/api/health/ready' });
    }
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json).toMatchObject({ status: 'ready', checks: { database: { status: 'ok' }, embeddings: { status: 'ok' } } });
  }, 180_000);

  it.each([
    ['/.well-known/oauth-protected-resource', ''],
    ['/.well-known/oauth-protected-resource/api/mcp', '/api/mcp'],
  ])('serves the protected-resource metadata at %s', async (p, resourcePath) => {
    const res = await invoke('protectedResourceMetadata', { method: 'GET', path: p });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      resource: `${ORIGIN}${resourcePath}`,
      authorization_servers: [DEV_ISSUER],
      scopes_supported: ['Sales.Read'],
      bearer_methods_supported: ['header'],
    });
  });

  it('refuses POST /api/mcp without a token with 401 and a Bearer challenge', async () => {
    const res = await invoke('mcp', {
      method: 'POST',
      path: '/api/mcp',
      headers: mcpHeaders(),
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${ORIGIN}/.well-known/oauth-protected-resource/api/mcp"`);
    expect(res.json.error).toBe('unauthorized');
  });

  it('refuses an invalid token with 401 invalid_token', async () => {
    const token = await issuer.issue({ sub: PRINCIPALS.seattle.principalId });
    const [h, p] = token.split('.');
    const res = await invoke('mcp', {
      method: 'POST',
      path: '/api/mcp',
      headers: mcpHeaders(`${h}.${p}.AAAA`),
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });

  it.each(['GET', 'DELETE'])('answers %s /api/mcp with 405', async (method) => {
    const token = await issuer.issue({ sub: PRINCIPALS.seattle.principalId });
    const res = await invoke('mcp', { method, path: '/api/mcp', headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('initializes and lists the tools with a dev token (stateless JSON responses)', async () => {
    const token = await issuer.issue({ sub: PRINCIPALS.seattle.principalId });
    const init = await invoke('mcp', {
      method: 'POST',
      path: '/api/mcp',
      headers: mcpHeaders(token),
      body: {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'functions-test', version: '1.0.0' } },
      },
    });
    expect(init.status).toBe(200);
    expect(init.headers.get('content-type')).toMatch(/^application\/json/);
    expect(init.headers.get('mcp-session-id')).toBeNull();
    const result = init.json.result as { protocolVersion: string; serverInfo: { name: string }; capabilities: Record<string, unknown> };
    expect(result.capabilities.tools).toBeDefined();

    const list = await invoke('mcp', {
      method: 'POST',
      path: '/api/mcp',
      headers: { ...mcpHeaders(token), 'mcp-protocol-version': result.protocolVersion },
      body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    });
    expect(list.status).toBe(200);
    const tools = (list.json.result as { tools: Array<{ name: string }> }).tools.map((t) => t.name).sort();
    expect(tools).toEqual(
      expect.arrayContaining(['execute_sales_query', 'get_current_utc_date', 'get_multiple_table_schemas', 'semantic_search_products']),
    );
  });

  it("runs execute_sales_query through the handler in the caller's scope", async () => {
    const call = async (who: 'seattle' | 'bellevue') => {
      const token = await issuer.issue({ sub: PRINCIPALS[who].principalId });
      const res = await invoke('mcp', {
        method: 'POST',
        path: '/api/mcp',
        headers: mcpHeaders(token),
        body: {
          jsonrpc: '2.0',
          id: 3,
          method: 'tools/call',
          params: { name: 'execute_sales_query', arguments: { postgresql_query: 'SELECT DISTINCT store_id FROM retail.orders ORDER BY 1' } },
        },
      });
      expect(res.status).toBe(200);
      const result = res.json.result as { isError?: boolean; structuredContent?: Record<string, unknown> };
      expect(result.isError ?? false).toBe(false);
      return rowObjects(result.structuredContent);
    };
    expect(await call('seattle')).toEqual([{ store_id: STORE_IDS.seattle }]);
    expect(await call('bellevue')).toEqual([{ store_id: STORE_IDS.bellevue }]);
  });
});
