// Identity at the MCP endpoint in Entra mode: the real local host verifies Entra v2-shaped tokens from a local
// fake of Entra ID (JWKS over HTTP), answers failures with RFC 6750 challenges pointing at the RFC 9728
// protected-resource metadata, and maps a valid token's oid to exactly one principal's stores.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConfiguredVerifier } from '../../src/auth/verify-token.js';
import { borrowDatabase } from '../../src/data/open-database.js';
import { upsertPrincipals } from '../../src/data/principals.js';
import { loadConfig } from '../../src/platform/config.js';
import { ConfigurationError } from '../../src/platform/errors.js';
import { createLogger } from '../../src/platform/logger.js';
import { PRINCIPALS, STORE_IDS } from '../../src/seed/stores.js';
import { startFakeEntra, tamperPayload, type FakeEntra } from '../support/fake-entra.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openTarget, type TestTarget } from '../support/targets.js';
import { callTool, sqlRows } from '../support/tool-call.js';

const TOOLS_LIST = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
const APP_OID = '7d3c1f0e-5b2a-4c9d-8e6f-0a1b2c3d4e5f';

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

function parseChallenge(header: string | null): Challenge {
  expect(header).toBeTruthy();
  const [scheme = '', ...rest] = (header ?? '').split(' ');
  const params: Record<string, string> = {};
  for (const m of rest.join(' ').matchAll(/([a-z_]+)="([^"]*)"/g)) params[m[1] as string] = m[2] as string;
  return { scheme, params };
}

interface Reply {
  status: number;
  challenge: string | null;
  retryAfter: string | null;
  body: Record<string, unknown>;
}

async function postMcp(server: TestServer, authorization?: string, body: unknown = TOOLS_LIST): Promise<Reply> {
  const res = await fetch(server.mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    challenge: res.headers.get('www-authenticate'),
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

const bearer = (token: string) => `Bearer ${token}`;

describe('identity: Entra ID access tokens (pglite)', () => {
  let target: TestTarget;
  let entra: FakeEntra;
  let server: TestServer;
  let metadataUrl: string;

  beforeAll(async () => {
    target = await openTarget('pglite');
    entra = await startFakeEntra();
    server = await startTestServer(target, { env: entra.serverEnv() });
    metadataUrl = `${server.url}/.well-known/oauth-protected-resource/api/mcp`;
    // A cloud agent's service principal, granted one store like a store manager.
    await target.database.withMaintenance((q) =>
      upsertPrincipals(q, [{ principalId: APP_OID, displayName: 'Zava Insights Agent (app)', role: 'store_manager', storeIds: [STORE_IDS.spokane] }]),
    );
  });
  afterAll(async () => {
    await server?.close();
    await entra?.close();
    await target?.close();
  });

  /** Asserts a 401 with error="invalid_token", the metadata URL, and the same description in the JSON body. */
  function expectInvalidToken(reply: Reply, description?: RegExp, on: TestServer = server): void {
    expect(reply.status).toBe(401);
    const { scheme, params } = parseChallenge(reply.challenge);
    expect(scheme).toBe('Bearer');
    expect(params.error).toBe('invalid_token');
    expect(params.resource_metadata).toBe(`${on.url}/.well-known/oauth-protected-resource/api/mcp`);
    expect(params.scope).toBeUndefined();
    expect(reply.body.error).toBe('invalid_token');
    expect(typeof reply.body.error_description).toBe('string');
    expect(params.error_description).toBe((reply.body.error_description as string).replace(/"/g, ''));
    if (description) expect(reply.body.error_description).toMatch(description);
    // Nothing about the server's internals leaks into the answer.
    expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.(ts|js):\d+|jose|JWKS|stack/i);
  }

  describe('refusals', () => {
    it('answers a request without Authorization with 401 and a bare challenge (no error code)', async () => {
      const reply = await postMcp(server);
      expect(reply.status).toBe(401);
      expect(reply.challenge).toBe(`Bearer resource_metadata="${metadataUrl}"`);
      expect(reply.body).toEqual({ error: 'unauthorized', error_description: expect.stringContaining('Authorization: Bearer') });
    });

    it('answers another authentication scheme (Basic) like a missing token (RFC 6750 3.1: no error code)', async () => {
      const reply = await postMcp(server, `Basic ${Buffer.from('seattle:password').toString('base64')}`);
      expect(reply.status).toBe(401);
      expect(reply.challenge).toBe(`Bearer resource_metadata="${metadataUrl}"`);
      expect(reply.body.error).toBe('unauthorized');
    });

    it.each([
      ['not a JWT', 'Bearer not-a-token'],
      ['two segments', 'Bearer abc.def'],
      ['scheme only', 'Bearer'],
      ['JWT-shaped garbage', 'Bearer aaaa.bbbb.cccc'],
      ['token with spaces', 'Bearer eyJhbGciOiJSUzI1NiJ9 .e30.sig'],
    ])('refuses a malformed bearer token (%s) with invalid_token', async (_name, header) => {
      expectInvalidToken(await postMcp(server, header), /malformed|well-formed/);
    });

    it('refuses an unsecured token (alg: none)', async () => {
      const token = entra.userToken(PRINCIPALS.headoffice.principalId, {}, { attack: 'alg-none' });
      expect(token.endsWith('.')).toBe(true);
      expectInvalidToken(await postMcp(server, bearer(token)), /algorithm/);
    });

    it('refuses HS256 keyed with the published RSA public key (algorithm confusion)', async () => {
      const token = entra.userToken(PRINCIPALS.headoffice.principalId, {}, { attack: 'hs256-public-key' });
      expectInvalidToken(await postMcp(server, bearer(token)), /algorithm/);
    });

    it('refuses a token for another audience (e.g. Microsoft Graph)', async () => {
      const token = entra.userToken(PRINCIPALS.seattle.principalId, { aud: '00000003-0000-0000-c000-000000000000' });
      expectInvalidToken(await postMcp(server, bearer(token)), /"aud"/);
    });

    it('refuses a token from another tenant (issuer mismatch)', async () => {
      const token = entra.userToken(PRINCIPALS.seattle.principalId, { iss: `https://login.microsoftonline.com/${randomUUID()}/v2.0` });
      expectInvalidToken(await postMcp(server, bearer(token)), /"iss"/);
    });

    it('refuses a v1.0 token of the same tenant (sts.windows.net issuer)', async () => {
      const token = entra.userToken(PRINCIPALS.seattle.principalId, { iss: `https://sts.windows.net/${entra.tenantId}/`, ver: '1.0' });
      expectInvalidToken(await postMcp(server, bearer(token)), /"iss"/);
    });

    it('refuses an expired token', async () => {
      const token = entra.userToken(PRINCIPALS.seattle.principalId, { iat: Math.floor(Date.now() / 1000) - 7200 }, { lifetimeSeconds: -3600 });
      expectInvalidToken(await postMcp(server, bearer(token)), /expired/);
    });

    it('accepts a token that expired within the clock-skew tolerance (60 s)', async () => {
      const token = entra.userToken(PRINCIPALS.seattle.principalId, { iat: Math.floor(Date.now() / 1000) - 3600 }, { lifetimeSeconds: -20 });
      expect((await postMcp(server, bearer(token))).status).toBe(200);
    });

    it('refuses a token that is not valid yet (nbf beyond the tolerance)', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = entra.userToken(PRINCIPALS.seattle.principalId, { iat: now, nbf: now + 600, exp: now + 4200 });
      expectInvalidToken(await postMcp(server, bearer(token)), /not valid yet/);
    });

    it('refuses a token whose payload was tampered with (Seattle promoting itself to head office)', async () => {
      const genuine = entra.userToken(PRINCIPALS.seattle.principalId);
      expect((await postMcp(server, bearer(genuine))).status).toBe(200);
      const forged = tamperPayload(genuine, { oid: PRINCIPALS.headoffice.principalId });
      expectInvalidToken(await postMcp(server, bearer(forged)), /signature/);
    });

    it('refuses a token signed by an unpublished key under a published kid', async () => {
      const token = entra.userToken(PRINCIPALS.seattle.principalId, {}, { key: 'unknown', kid: entra.keys[0]?.kid as string });
      expectInvalidToken(await postMcp(server, bearer(token)), /signature/);
    });

    it('refuses a token signed by an unknown key (unknown kid)', async () => {
      const token = entra.userToken(PRINCIPALS.seattle.principalId, {}, { key: 'unknown' });
      expectInvalidToken(await postMcp(server, bearer(token)), /unknown key/);
    });

    it('refuses a token from the development issuer', async () => {
      const devToken = await server.token('headoffice');
      expectInvalidToken(await postMcp(server, bearer(devToken)));
    });

    it('refuses a token whose oid cannot be a principal id', async () => {
      const token = entra.userToken("x' OR '1'='1");
      expectInvalidToken(await postMcp(server, bearer(token)), /subject/);
    });

    it.each([
      ['delegated token with other scopes', () => entra.userToken(PRINCIPALS.seattle.principalId, { scp: 'User.Read Sales.Write' })],
      ['delegated token with no scp', () => entra.userToken(PRINCIPALS.seattle.principalId, { scp: undefined })],
      ['scope name as a prefix only', () => entra.userToken(PRINCIPALS.seattle.principalId, { scp: 'Sales.ReadWrite' })],
      ['app token without the role', () => entra.appToken(APP_OID, { roles: ['Inventory.Read'] })],
    ])('answers a valid token lacking Sales.Read (%s) with 403 insufficient_scope', async (_name, make) => {
      const reply = await postMcp(server, bearer(make()));
      expect(reply.status).toBe(403);
      const { scheme, params } = parseChallenge(reply.challenge);
      expect(scheme).toBe('Bearer');
      expect(params.error).toBe('insufficient_scope');
      expect(params.scope).toMatch(/^api:\/\/[0-9a-f-]{36}\/Sales\.Read$/);
      expect(params.resource_metadata).toBe(metadataUrl);
      expect(reply.body).toEqual({ error: 'insufficient_scope', error_description: expect.stringContaining('Sales.Read') });
    });
  });

  describe('principals', () => {
    it('lets a delegated token with Sales.Read list the tools (raw JSON-RPC, stateless)', async () => {
      const reply = await postMcp(server, bearer(entra.userToken(PRINCIPALS.seattle.principalId)));
      expect(reply.status).toBe(200);
      const tools = (reply.body.result as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
      expect(tools).toContain('execute_sales_query');
    });

    it("shows Seattle's manager only store 1, by oid (the pairwise sub is ignored)", async () => {
      const client = await server.client({ token: entra.userToken(PRINCIPALS.seattle.principalId) });
      expect(await sqlRows(client, 'SELECT DISTINCT store_id FROM retail.orders ORDER BY 1')).toEqual([{ store_id: STORE_IDS.seattle }]);
      expect(await sqlRows(client, `SELECT count(*) AS n FROM retail.orders WHERE store_id = ${STORE_IDS.bellevue}`)).toEqual([{ n: 0 }]);
    });

    it("shows Bellevue's manager only store 2, never Seattle's rows", async () => {
      const client = await server.client({ token: entra.userToken(PRINCIPALS.bellevue.principalId) });
      expect(await sqlRows(client, 'SELECT DISTINCT store_id FROM retail.orders ORDER BY 1')).toEqual([{ store_id: STORE_IDS.bellevue }]);
      expect(await sqlRows(client, `SELECT count(*) AS n FROM retail.customers WHERE store_id = ${STORE_IDS.seattle}`)).toEqual([{ n: 0 }]);
      const [truth] = await target.admin<{ n: number }>('SELECT count(*)::int AS n FROM retail.orders WHERE store_id = $1', [STORE_IDS.bellevue]);
      expect(await sqlRows(client, 'SELECT count(*) AS n FROM retail.orders')).toEqual([{ n: truth?.n }]);
    });

    it('maps an app-only token (roles + idtyp=app) to its principal the same way', async () => {
      const token = entra.appToken(APP_OID);
      const client = await server.client({ token });
      expect(await sqlRows(client, 'SELECT DISTINCT store_id FROM retail.orders ORDER BY 1')).toEqual([{ store_id: STORE_IDS.spokane }]);
    });

    it('answers a valid token for an unmapped principal with a FORBIDDEN tool error, not an empty success', async () => {
      const client = await server.client({ token: entra.userToken(randomUUID()) });
      const out = await callTool(client, 'execute_sales_query', { postgresql_query: 'SELECT store_id FROM retail.orders LIMIT 5' });
      expect(out.isError).toBe(true);
      expect(out.text).toMatch(/^Error FORBIDDEN:/);
      expect(out.structured).toBeUndefined();
    });

    it('keys on oid even when sub equals a known principal id', async () => {
      const client = await server.client({ token: entra.userToken(randomUUID(), { sub: PRINCIPALS.headoffice.principalId }) });
      const out = await callTool(client, 'execute_sales_query', { postgresql_query: 'SELECT count(*) FROM retail.orders' });
      expect(out.isError).toBe(true);
      expect(out.text).toMatch(/FORBIDDEN/);
    });
  });

  describe('protected-resource metadata (RFC 9728)', () => {
    it.each([
      ['/.well-known/oauth-protected-resource', ''],
      ['/.well-known/oauth-protected-resource/api/mcp', '/api/mcp'],
    ])('serves %s for the resource it names (RFC 9728 section 3.3)', async (path, resourcePath) => {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const doc = (await res.json()) as Record<string, unknown>;
      expect(doc.resource).toBe(`${server.url}${resourcePath}`);
      expect(doc.authorization_servers).toEqual([entra.issuer]);
      // A bare client id audience is advertised as Entra's full scope name.
      expect(doc.scopes_supported).toEqual([expect.stringMatching(/^api:\/\/[0-9a-f-]{36}\/Sales\.Read$/)]);
      expect(doc.bearer_methods_supported).toEqual(['header']);
    });

    it('resolves the resource_metadata URL of the 401 challenge to that document', async () => {
      const { params } = parseChallenge((await postMcp(server)).challenge);
      const res = await fetch(params.resource_metadata as string);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { resource: string; authorization_servers: string[] };
      expect(doc.resource).toBe(server.mcpUrl);
      // The advertised authorization server is the issuer Entra's own discovery document names.
      const oidc = (await (await fetch(entra.openidConfigurationUrl)).json()) as { issuer: string; jwks_uri: string };
      expect(doc.authorization_servers).toContain(oidc.issuer);
      expect(oidc.jwks_uri).toBe(entra.jwksUri);
    });

    it('advertises the full Entra scope when the audience is an Application ID URI', async () => {
      const appIdUri = `api://${entra.clientId}`;
      const other = await startTestServer(target, { env: entra.serverEnv(`${appIdUri},${entra.clientId}`) });
      try {
        const doc = (await (await fetch(`${other.url}/.well-known/oauth-protected-resource/api/mcp`)).json()) as { scopes_supported: string[] };
        expect(doc.scopes_supported).toEqual([`${appIdUri}/Sales.Read`]);
        const reply = await postMcp(other, bearer(entra.userToken(PRINCIPALS.seattle.principalId, { scp: 'User.Read' })));
        expect(reply.status).toBe(403);
        expect(parseChallenge(reply.challenge).params.scope).toBe(`${appIdUri}/Sales.Read`);
        // Both audience forms are accepted.
        expect((await postMcp(other, bearer(entra.userToken(PRINCIPALS.seattle.principalId, { aud: appIdUri })))).status).toBe(200);
        expect((await postMcp(other, bearer(entra.userToken(PRINCIPALS.seattle.principalId)))).status).toBe(200);
      } finally {
        await other.close();
      }
    });
  });

  describe('signing keys (JWKS) cache', () => {
    it('fetches the JWKS once for many requests, refetches for a new kid only after the cooldown, and after max age', async () => {
      // A fresh runtime: its verifier has not fetched anything yet.
      const fresh = await startTestServer(target, { env: entra.serverEnv() });
      const before = entra.jwksFetches;
      try {
        // Cold start under concurrency, then warm requests: one fetch in all.
        const concurrent = await Promise.all(
          Array.from({ length: 8 }, () => postMcp(fresh, bearer(entra.userToken(PRINCIPALS.seattle.principalId)))),
        );
        expect(concurrent.map((r) => r.status)).toEqual(Array(8).fill(200));
        for (let i = 0; i < 5; i++) {
          expect((await postMcp(fresh, bearer(entra.userToken(PRINCIPALS.bellevue.principalId)))).status).toBe(200);
        }
        expect(entra.jwksFetches - before).toBe(1);

        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(Date.now());
        // Entra publishes a new key and starts signing with it.
        const newKid = entra.rotateKey();
        const oldKid = entra.keys[0]?.kid as string;
        // Within the 30 s cooldown an unknown kid does not trigger a refetch (no JWKS fetch storm).
        expectInvalidToken(await postMcp(fresh, bearer(entra.userToken(PRINCIPALS.seattle.principalId))), /unknown key/, fresh);
        expect(entra.jwksFetches - before).toBe(1);

        vi.setSystemTime(Date.now() + 31_000);
        expect((await postMcp(fresh, bearer(entra.userToken(PRINCIPALS.seattle.principalId, {}, { key: { kid: newKid } })))).status).toBe(200);
        expect(entra.jwksFetches - before).toBe(2);
        // Old-key tokens stay valid while the key is published; no further fetch.
        expect((await postMcp(fresh, bearer(entra.userToken(PRINCIPALS.seattle.principalId, {}, { key: { kid: oldKid } })))).status).toBe(200);
        // A burst of forged kids right after a refetch costs nothing.
        for (let i = 0; i < 5; i++) {
          expectInvalidToken(
            await postMcp(fresh, bearer(entra.userToken(PRINCIPALS.seattle.principalId, {}, { key: 'unknown' }))),
            /unknown key/,
            fresh,
          );
        }
        expect(entra.jwksFetches - before).toBe(2);

        // After the cache's max age (12 h) the keys are fetched again even for a known kid.
        vi.setSystemTime(Date.now() + 12 * 3600_000 + 60_000);
        expect((await postMcp(fresh, bearer(entra.userToken(PRINCIPALS.seattle.principalId)))).status).toBe(200);
        expect(entra.jwksFetches - before).toBe(3);
      } finally {
        vi.useRealTimers();
        await fresh.close();
      }
    });

    it('warm-up (the Functions start hook) fetches the keys and opens the database before the first request', async () => {
      let opens = 0;
      const lines: Array<{ level: string; line: string }> = [];
      const fresh = await startTestServer(target, {
        env: entra.serverEnv(),
        logger: createLogger({ level: 'info', sink: (line, level) => lines.push({ level, line }) }),
        openDatabase: async () => {
          opens++;
          return borrowDatabase(target.database, { description: target.name, id: target.handle.id, kind: target.handle.kind });
        },
      });
      const before = entra.jwksFetches;
      try {
        await fresh.runtime.warmUp();
        expect(entra.jwksFetches - before).toBe(1);
        expect(opens).toBe(1);
        expect(lines.some((l) => l.level === 'info' && /"msg":"warmed up"/.test(l.line))).toBe(true);
        // The first request finds both ready: no second fetch, no second open.
        expect((await postMcp(fresh, bearer(entra.userToken(PRINCIPALS.seattle.principalId)))).status).toBe(200);
        expect(entra.jwksFetches - before).toBe(1);
        expect(opens).toBe(1);
      } finally {
        await fresh.close();
      }
    });

    it('warm-up that fails logs both causes once, never rejects, and the first request tries again', async () => {
      let opens = 0;
      const lines: Array<{ level: string; line: string }> = [];
      const fresh = await startTestServer(target, {
        env: entra.serverEnv(),
        logger: createLogger({ level: 'info', sink: (line, level) => lines.push({ level, line }) }),
        openDatabase: async () => {
          opens++;
          if (opens === 1) throw new Error('connect ECONNREFUSED 10.0.0.5:5432');
          return borrowDatabase(target.database, { description: target.name, id: target.handle.id, kind: target.handle.kind });
        },
      });
      entra.setJwksAvailable(false);
      try {
        await expect(fresh.runtime.warmUp()).resolves.toBeUndefined();
        const warnings = lines.filter((l) => l.level === 'warn' && /warm-up incomplete/.test(l.line));
        expect(warnings).toHaveLength(1);
        expect(warnings[0]?.line).toMatch(/"database":\{"name":"Error","message":"connect ECONNREFUSED 10\.0\.0\.5:5432"\}/);
        expect(warnings[0]?.line).toMatch(/"signing_keys":\{[^}]*"message":"The signing keys of the identity provider could not be fetched\."\}/);
        entra.setJwksAvailable(true);
        // Both recover on the first request: the keys are fetched and the database opened again.
        expect((await postMcp(fresh, bearer(entra.userToken(PRINCIPALS.seattle.principalId)))).status).toBe(200);
        expect(opens).toBe(2);
      } finally {
        entra.setJwksAvailable(true);
        await fresh.close();
      }
    });

    it('refuses tokens with 503 (never accepts unverified, never blames the token) while the JWKS endpoint is down', async () => {
      const fresh = await startTestServer(target, { env: entra.serverEnv() });
      entra.setJwksAvailable(false);
      try {
        const reply = await postMcp(fresh, bearer(entra.userToken(PRINCIPALS.seattle.principalId)));
        expect(reply.status).toBe(503);
        expect(reply.retryAfter).toBe('10');
      } finally {
        entra.setJwksAvailable(true);
        await fresh.close();
      }
    });
  });
});

describe('identity configuration', () => {
  const tenant = '11111111-2222-3333-4444-555555555555';

  it('refuses the development issuer in Azure', () => {
    const env = { WEBSITE_INSTANCE_ID: 'x', AUTH_MODE: 'dev', DATABASE_URL: 'postgresql://u:p@db.example/zava' };
    expect(() => loadConfig(env)).toThrow(ConfigurationError);
    expect(() => loadConfig(env)).toThrow(/AUTH_MODE=dev is refused/);
    expect(() => loadConfig({ ...env, WEBSITE_INSTANCE_ID: undefined, WEBSITE_SITE_NAME: 'zava-func' })).toThrow(ConfigurationError);
  });

  it('defaults to Entra in Azure and requires its settings', () => {
    const base = { WEBSITE_INSTANCE_ID: 'x', DATABASE_URL: 'postgresql://u:p@db.example/zava' };
    const config = loadConfig({ ...base, AUTH_TENANT_ID: tenant, AUTH_AUDIENCE: 'api://zava' });
    expect(config.authMode).toBe('entra');
    expect(config.runningInAzure).toBe(true);
    expect(() => loadConfig(base)).toThrow(/AUTH_AUDIENCE/);
    expect(() => loadConfig({ ...base, AUTH_AUDIENCE: 'api://zava' })).toThrow(/AUTH_TENANT_ID/);
  });

  it('defaults to the development issuer locally', () => {
    expect(loadConfig({}).authMode).toBe('dev');
  });

  it('derives the v2 issuer from the tenant id', async () => {
    const verifier = await createConfiguredVerifier(loadConfig({ AUTH_MODE: 'entra', AUTH_TENANT_ID: tenant, AUTH_AUDIENCE: 'api://zava' }));
    expect(verifier.issuer).toBe(`https://login.microsoftonline.com/${tenant}/v2.0`);
    expect(verifier.requiredScope).toBe('Sales.Read');
  });

  it('refuses to build a development verifier in Azure even if the config were forged', async () => {
    const forged = { ...loadConfig({ AUTH_MODE: 'dev' }), runningInAzure: true };
    await expect(createConfiguredVerifier(forged)).rejects.toThrow(/disabled in Azure/);
  });
});
