// Liveness and readiness over the real local host: liveness never touches a dependency; readiness checks the
// database, migrations, the safety self-check, embeddings and Redis, answers 200 or 503, and shows error text and
// targets to head office only.

import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAzureOpenAI, type RunningFake } from '../support/fake-azure-openai.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openTarget, TARGET_NAMES, type TestTarget } from '../support/targets.js';

/** This file's Redis database index (tests share one Redis server). */
const REDIS_DB = 11;

interface Check {
  status: string;
  latency_ms: number;
  required: boolean;
  detail?: Record<string, unknown>;
}
interface Readiness {
  status: string;
  checks: Record<string, Check>;
  detail?: string;
}

async function ready(server: TestServer, token?: string): Promise<{ status: number; body: Readiness; text: string }> {
  const res = await fetch(`${server.url}/api/health/ready`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Readiness, text };
}

describe('liveness and readiness without a database', () => {
  let server: TestServer;
  let opens = 0;
  beforeAll(async () => {
    const unreachable = {} as TestTarget;
    server = await startTestServer(unreachable, {
      openDatabase: async () => {
        opens++;
        throw new Error('connect ECONNREFUSED 10.9.8.7:5432 (password=hunter2)');
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('GET /api/health is liveness: 200 and no dependency call', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    expect(opens).toBe(0);
  });

  it('readiness is 503 naming the database; no error text for anonymous callers', async () => {
    const { status, body, text } = await ready(server);
    expect(status).toBe(503);
    expect(body.status).toBe('not_ready');
    expect(body.checks.database).toMatchObject({ status: 'error', required: true });
    expect(body.checks.safety?.status).toBe('skipped');
    expect(body.checks.migrations?.status).toBe('skipped');
    expect(body.checks.embeddings?.status).toBe('ok');
    expect(text).not.toMatch(/10\.9\.8\.7|hunter2|ECONNREFUSED/);
    for (const check of Object.values(body.checks)) {
      expect(check.detail).toBeUndefined();
      expect(typeof check.latency_ms).toBe('number');
    }
  });
});

for (const name of TARGET_NAMES) {
  describe(`readiness (${name})`, () => {
    let target: TestTarget;
    let server: TestServer;
    beforeAll(async () => {
      target = await openTarget(name);
      server = await startTestServer(target);
    });
    afterAll(async () => {
      await server.close();
      await target.close();
    });

    it('200 when everything is up; anonymous callers get statuses and latencies only', async () => {
      const { status, body, text } = await ready(server);
      expect(status).toBe(200);
      expect(body.status).toBe('ready');
      expect(Object.keys(body.checks).sort()).toEqual(['database', 'embeddings', 'migrations', 'safety']);
      for (const check of Object.values(body.checks)) {
        expect(check.status).toBe('ok');
        expect(check.latency_ms).toBeGreaterThanOrEqual(0);
        expect(check.detail).toBeUndefined();
      }
      expect(body.detail).toMatch(/head-office bearer token/);
      expect(text).not.toMatch(/127\.0\.0\.1|PGlite|postgres/);
    });

    it('head office sees detail; a store manager and an invalid token do not', async () => {
      const detailed = await ready(server, await server.token('headoffice'));
      expect(detailed.status).toBe(200);
      expect(detailed.body.checks.database?.detail?.target).toBeTruthy();
      expect(detailed.body.checks.migrations?.detail?.applied).toBeGreaterThanOrEqual(8);
      expect(detailed.body.detail).toBeUndefined();
      for (const token of [await server.token('seattle'), await server.token('regional'), 'not.a.token']) {
        const plain = await ready(server, token);
        expect(plain.status).toBe(200);
        expect(plain.body.checks.database?.detail).toBeUndefined();
      }
    });

    it('a migration not applied makes it 503 naming migrations (and head office sees which)', async () => {
      const [latest] = await target.admin<{ version: string; checksum: string }>(
        'SELECT version, checksum FROM app.schema_migrations ORDER BY version DESC LIMIT 1',
      );
      expect(latest).toBeDefined();
      const row = latest as { version: string; checksum: string };
      await target.admin('DELETE FROM app.schema_migrations WHERE version = $1', [row.version]);
      try {
        const anonymous = await ready(server);
        expect(anonymous.status).toBe(503);
        expect(anonymous.body.checks.migrations?.status).toBe('error');
        expect(anonymous.body.checks.database?.status).toBe('ok');
        expect(anonymous.text).not.toContain(row.version);
        const detailed = await ready(server, await server.token('headoffice'));
        expect(detailed.body.checks.migrations?.detail?.pending).toEqual([row.version]);
      } finally {
        await target.admin('INSERT INTO app.schema_migrations (version, checksum) VALUES ($1, $2)', [row.version, row.checksum]);
      }
      expect((await ready(server)).status).toBe(200);
    });
  });
}

describe('readiness with Azure OpenAI embeddings and Redis (pglite)', () => {
  let target: TestTarget;
  let fake: RunningFake;
  const fakeService = new FakeAzureOpenAI({ apiKey: 'ready-key' });
  const servers: TestServer[] = [];
  const withEmbeddings = (redisUrl: string) =>
    startTestServer(target, {
      env: { EMBEDDINGS_PROVIDER: 'azure-openai', AZURE_OPENAI_ENDPOINT: fake.url, AZURE_OPENAI_API_KEY: 'ready-key', REDIS_URL: redisUrl },
    }).then((server) => {
      servers.push(server);
      return server;
    });
  beforeAll(async () => {
    target = await openTarget('pglite');
    fake = await fakeService.start();
    // A private Redis database, emptied: the probe answer of an earlier run must not count as this run's.
    execFileSync('redis-cli', ['-n', String(REDIS_DB), 'FLUSHDB']);
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await fake.close().catch(() => undefined);
    await target.close();
  });

  it('embeddings reachable: ok, and the probe is cached through the cache service (Redis)', async () => {
    const server = await withEmbeddings(`redis://127.0.0.1:6379/${REDIS_DB}`);
    const first = await ready(server, await server.token('headoffice'));
    expect(first.status).toBe(200);
    expect(first.body.checks.embeddings).toMatchObject({ status: 'ok', required: true });
    expect(first.body.checks.redis).toMatchObject({ status: 'ok', required: false });
    expect(JSON.stringify(first.body)).not.toMatch(/ready-key/);
    const requests = fakeService.embeddingRequests.length;
    expect(requests).toBeGreaterThan(0);
    await ready(server);
    expect(fakeService.embeddingRequests.length).toBe(requests);
  });

  it('Redis configured but down: reported, not required (200)', async () => {
    // Nothing listens on port 1.
    const server = await withEmbeddings('redis://127.0.0.1:1/0');
    const { status, body } = await ready(server);
    expect(body.checks.redis).toMatchObject({ status: 'error', required: false });
    expect(body.checks.embeddings?.status).toBe('ok');
    expect(status).toBe(200);
  });
});
