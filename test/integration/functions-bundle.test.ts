// The bundle the Functions host loads (scripts/bundle-functions.ts): built into a scratch folder inside the project
// (so node_modules and sql/ resolve as from dist/bundle/), then imported by a fresh `node` that calls the bundled
// handlers with @azure/functions' own HttpRequest, as the host does. No database: these routes answer without one.

import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunctions } from '../../scripts/bundle-functions.js';
import { packageRoot } from '../../src/platform/paths.js';

const ROOT = packageRoot();
const OUT = path.join(ROOT, 'dist', `bundle-test-${process.pid}`);

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

beforeAll(async () => {
  await bundleFunctions(ROOT, OUT);
}, 120_000);

afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
});

describe('the bundled Functions entries', () => {
  it('holds one file per entry, everything else in chunks/', () => {
    expect(readdirSync(OUT).filter((f) => f.endsWith('.js'))).toEqual(['embedding-refresh.js', 'http.js']);
    expect(readdirSync(path.join(OUT, 'chunks'))).toContain('embedded-worker.js');
  });

  it('registers and serves the routes in a fresh process', () => {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ENTRY_URL: pathToFileURL(path.join(OUT, 'http.js')).href,
        AUTH_MODE: 'dev',
        DEV_ISSUER_KEY_FILE: path.join(os.tmpdir(), `zava-bundle-test-${process.pid}.json`),
        LOG_LEVEL: 'error',
      },
    });
    // Outside the host, @azure/functions warns that it runs in test mode; nothing else may be printed.
    expect(child.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('WARNING:'))).toEqual([]);
    expect(JSON.parse(child.stdout)).toEqual({
      routes: ['health', 'mcp', 'protectedResourceMetadata', 'ready'],
      health: 200,
      metadata: 200,
      mcpWithoutToken: 401,
    });
  }, 60_000);
});
