// Two runtimes (two instances of the service, each with its own Redis client from REDIS_URL) in front of the same
// database: the second answers from the first one's entry for the same tool, arguments and scope, and computes
// its own for another scope. Real Redis on 127.0.0.1:6379 (database 9). The database id (the cache namespace) is
// unique to this run, so parallel runs never see each other's entries; CACHE_TTL_SECONDS=60 lets them expire.

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowDatabase } from '../../src/data/open-database.js';
import type { RedisCache } from '../../src/platform/cache/redis-cache.js';
import type { Clock } from '../../src/platform/clock.js';
import type { PrincipalKey } from '../../src/seed/stores.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openTarget, TARGET_NAMES, type TestTarget } from '../support/targets.js';
import { callTool } from '../support/tool-call.js';

const REDIS_URL = 'redis://127.0.0.1:6379/9';
const ARGS = { period: '2025-03' };

/** Real time shifted by `hours`: what one instance computes is told apart from the other's by computed_at. */
const shiftedClock = (hours: number): Clock => ({ now: () => new Date(Date.now() + hours * 3_600_000) });

describe.each(TARGET_NAMES)('two runtimes sharing Redis (%s)', (name) => {
  let target: TestTarget;
  const servers: TestServer[] = [];
  const clients = new Map<string, Client>();

  /** One instance: its own runtime and Redis client, the run's database namespace, its own clock. */
  async function startInstance(namespace: string, hoursAhead: number): Promise<TestServer> {
    const server = await startTestServer(target, {
      env: { REDIS_URL, CACHE_TTL_SECONDS: '60' },
      clock: shiftedClock(hoursAhead),
      openDatabase: async () => borrowDatabase(target.database, { description: target.name, id: namespace, kind: target.handle.kind }),
    });
    servers.push(server);
    expect(server.runtime.cache.kind).toBe('redis');
    expect(await (server.runtime.cache as RedisCache).ready(5000)).toBe(true);
    return server;
  }

  async function client(server: TestServer, index: number, who: PrincipalKey): Promise<Client> {
    const key = `${index}:${who}`;
    const existing = clients.get(key);
    if (existing) return existing;
    const created = await server.client(who);
    clients.set(key, created);
    return created;
  }

  async function performance(server: TestServer, index: number, who: PrincipalKey) {
    const out = await callTool(await client(server, index, who), 'get_store_performance', ARGS);
    expect(out.isError).toBe(false);
    return out.structured as { computed_at: string; revenue: number; stores: Array<{ store_id: number }> };
  }

  beforeAll(async () => {
    target = await openTarget(name);
    const namespace = `${target.handle.id}:shared-runtimes:${process.pid}:${Date.now()}`;
    await startInstance(namespace, 0);
    await startInstance(namespace, 1);
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) {
      await server.close();
      await server.runtime.close();
    }
    await target?.close();
  });

  it('serves the second instance from the first one’s entry for the same scope, and computes for another scope', async () => {
    const [first, second] = servers as [TestServer, TestServer];
    const computed = await performance(first, 0, 'seattle');
    await (first.runtime.cache as RedisCache).drain(); // the write to Redis has landed
    expect(first.runtime.cache.stats()).toMatchObject({ hits: 0, misses: 1 });

    const shared = await performance(second, 1, 'seattle');
    expect(shared).toEqual(computed);
    expect(second.runtime.cache.stats()).toMatchObject({ hits: 1, misses: 0, errors: 0 });

    // Another scope on the second instance: computed there (its clock is an hour ahead), never the first's entry.
    const other = await performance(second, 1, 'bellevue');
    expect(other.computed_at).not.toBe(computed.computed_at);
    expect(Date.parse(other.computed_at) - Date.parse(computed.computed_at)).toBeGreaterThan(3_000_000);
    expect(other.stores.map((s) => s.store_id)).not.toEqual(computed.stores.map((s) => s.store_id));
    expect(second.runtime.cache.stats()).toMatchObject({ hits: 1, misses: 1, errors: 0 });
  });
});
