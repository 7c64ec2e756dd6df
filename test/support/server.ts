// Starts the real local host on a free port with a test runtime, and connects the MCP SDK's own Client.

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { loadDevIssuer, type DevIssuer } from '../../src/auth/dev-issuer.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/app/runtime.js';
import { borrowDatabase } from '../../src/data/open-database.js';
import { startLocalHost, type LocalHost } from '../../src/local/host.js';
import { loadConfig } from '../../src/platform/config.js';
import { silentLogger } from '../../src/platform/logger.js';
import { PRINCIPALS, type PrincipalKey } from '../../src/seed/stores.js';
import type { TestTarget } from './targets.js';

export interface TestServer {
  url: string;
  mcpUrl: string;
  runtime: Runtime;
  issuer: DevIssuer;
  token(who: PrincipalKey): Promise<string>;
  client(who: PrincipalKey | { token: string }): Promise<Client>;
  close(): Promise<void>;
}

export async function startTestServer(
  target: TestTarget,
  options: Partial<RuntimeOptions> & { env?: Record<string, string> } = {},
): Promise<TestServer> {
  const keyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'zava-dev-issuer-')), 'key.json');
  const config = loadConfig({ AUTH_MODE: 'dev', DEV_ISSUER_KEY_FILE: keyFile, LOG_LEVEL: 'error', ...options.env });
  const runtime = createRuntime({
    config,
    logger: silentLogger,
    openDatabase: async () => borrowDatabase(target.database, { description: target.name, id: target.handle.id, kind: target.handle.kind }),
    ...options,
  });
  const issuer = await loadDevIssuer(keyFile);
  const host: LocalHost = await startLocalHost(runtime, { port: 0 });
  const clients: Client[] = [];
  const token = (who: PrincipalKey) => issuer.issue({ sub: PRINCIPALS[who].principalId, name: PRINCIPALS[who].displayName });
  return {
    url: host.url,
    mcpUrl: `${host.url}/api/mcp`,
    runtime,
    issuer,
    token,
    async client(who) {
      const bearer = typeof who === 'string' ? await token(who) : who.token;
      const client = new Client({ name: 'zava-tests', version: '1.0.0' });
      const transport = new StreamableHTTPClientTransport(new URL(`${host.url}/api/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${bearer}` } },
      });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await host.close();
    },
  };
}
